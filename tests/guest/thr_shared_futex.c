// thr_shared_futex: two processes synchronise through a shared (non-
// private) futex word in MAP_SHARED|MAP_ANONYMOUS memory: ping-pong 200
// times with FUTEX_WAIT/FUTEX_WAKE; a process-shared semaphore and a
// process-shared mutex+condvar across fork also work.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// musl has no <linux/futex.h>.
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)

struct shm {
    uint32_t turn;
    uint32_t count;
    sem_t sem;
    pthread_mutex_t m;
    pthread_cond_t c;
    int flag;
};

static void fwait(uint32_t *a, uint32_t v) {
    syscall(SYS_futex, a, FUTEX_WAIT, v, NULL, NULL, 0);
}
static void fwake(uint32_t *a) { syscall(SYS_futex, a, FUTEX_WAKE, 1, NULL, NULL, 0); }

int main(void) {
    struct shm *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    sem_init(&s->sem, 1, 0);
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&s->m, &ma);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
    pthread_cond_init(&s->c, &ca);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        for (int i = 0; i < 200; i++) {
            while (__atomic_load_n(&s->turn, __ATOMIC_SEQ_CST) != 1)
                fwait(&s->turn, 0);
            s->count++;
            __atomic_store_n(&s->turn, 0, __ATOMIC_SEQ_CST);
            fwake(&s->turn);
        }
        sem_post(&s->sem);
        pthread_mutex_lock(&s->m);
        while (!s->flag)
            pthread_cond_wait(&s->c, &s->m);
        pthread_mutex_unlock(&s->m);
        _exit(s->flag);
    }
    for (int i = 0; i < 200; i++) {
        while (__atomic_load_n(&s->turn, __ATOMIC_SEQ_CST) != 0)
            fwait(&s->turn, 1);
        s->count++;
        __atomic_store_n(&s->turn, 1, __ATOMIC_SEQ_CST);
        fwake(&s->turn);
    }
    while (__atomic_load_n(&s->turn, __ATOMIC_SEQ_CST) != 0)
        fwait(&s->turn, 1);
    TEQ(sem_wait(&s->sem), 0);
    pthread_mutex_lock(&s->m);
    s->flag = 5;
    pthread_cond_signal(&s->c);
    pthread_mutex_unlock(&s->m);
    int st;
    TEQ(waitpid(p, &st, 0) == p, 1);
    printf("count=%u child exit=%d\n", s->count, WEXITSTATUS(st));
    // A private futex op on shared memory does not wake the other process:
    // not tested (timing-dependent). Wake with nobody waiting returns 0.
    TEQ(syscall(SYS_futex, &s->turn, FUTEX_WAKE, 1, NULL, NULL, 0), 0);
    return finish();
}
