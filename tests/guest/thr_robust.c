// thr_robust: a robust mutex whose owner thread exits while holding it:
// the next locker gets EOWNERDEAD, makes it consistent and unlocks; later
// lockers get 0. Without pthread_mutex_consistent it becomes
// ENOTRECOVERABLE. Also between processes over MAP_SHARED memory with a
// process-shared robust mutex: the child dies holding it.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t *mu;

static void *die_holding(void *a) {
    (void)a;
    pthread_mutex_lock(mu);
    return NULL; // thread exits with the mutex held
}

static const char *rn(int r) {
    if (r == EOWNERDEAD) return "EOWNERDEAD";
    if (r == ENOTRECOVERABLE) return "ENOTRECOVERABLE";
    return errname(r);
}

int main(void) {
    mu = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(mu, &a);
    pthread_t t;
    pthread_create(&t, NULL, die_holding, NULL);
    pthread_join(t, NULL);
    int r = pthread_mutex_lock(mu);
    printf("lock after owner thread died: %s\n", r ? rn(r) : "0");
    if (r == EOWNERDEAD)
        TEQ(pthread_mutex_consistent(mu), 0);
    TEQ(pthread_mutex_unlock(mu), 0);
    r = pthread_mutex_lock(mu);
    printf("next lock: %s\n", r ? rn(r) : "0");
    pthread_mutex_unlock(mu);

    // Not made consistent -> ENOTRECOVERABLE.
    pthread_create(&t, NULL, die_holding, NULL);
    pthread_join(t, NULL);
    r = pthread_mutex_lock(mu);
    printf("lock: %s\n", r ? rn(r) : "0");
    pthread_mutex_unlock(mu);
    r = pthread_mutex_lock(mu);
    printf("after unlock without consistent: %s\n", r ? rn(r) : "0");

    // Between processes.
    pthread_mutex_t *m2 = (pthread_mutex_t *)((char *)mu + 256);
    pthread_mutex_init(m2, &a);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        pthread_mutex_lock(m2);
        _exit(0); // dies holding it
    }
    waitpid(p, NULL, 0);
    r = pthread_mutex_lock(m2);
    printf("lock after owner process died: %s\n", r ? rn(r) : "0");
    if (r == EOWNERDEAD)
        pthread_mutex_consistent(m2);
    pthread_mutex_unlock(m2);
    return finish();
}
