// thr_fork: fork from a process with 4 busy threads: the child has exactly
// one thread (/proc/self/task count, and only the forking thread's work
// continues), mutexes taken in pthread_atfork prepare are usable in the
// child, malloc/printf work, and the child can create threads itself.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t lk = PTHREAD_MUTEX_INITIALIZER;
static volatile int stop;
static int prep, par, chi;

static void prepare(void) { pthread_mutex_lock(&lk); prep++; }
static void parent(void) { pthread_mutex_unlock(&lk); par++; }
static void child(void) { pthread_mutex_unlock(&lk); chi++; }

static void *busy(void *a) {
    (void)a;
    while (!stop) {
        pthread_mutex_lock(&lk);
        void *p = malloc(100);
        free(p);
        pthread_mutex_unlock(&lk);
    }
    return NULL;
}

static void *child_thread(void *a) { return (void *)((long)a + 1); }

int main(void) {
    pthread_atfork(prepare, parent, child);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, busy, NULL);
    usleep(10000);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        int ok = 1;
        ok &= count_tasks() == 1;
        ok &= pthread_mutex_trylock(&lk) == 0;
        pthread_mutex_unlock(&lk);
        char *m = malloc(1000);
        ok &= m != NULL;
        free(m);
        pthread_t ct;
        void *r;
        ok &= pthread_create(&ct, NULL, child_thread, (void *)41) == 0;
        ok &= pthread_join(ct, &r) == 0 && r == (void *)42;
        printf("child: tasks ok, lock ok, malloc ok, thread ok: %d (atfork child=%d)\n", ok,
               chi);
        fflush(stdout);
        _exit(ok ? 0 : 1);
    }
    int st;
    TEQ(waitpid(p, &st, 0) == p, 1);
    printf("child exit %d; parent atfork prepare=%d parent=%d\n", WEXITSTATUS(st), prep, par);
    stop = 1;
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    // An exited thread may linger in /proc for a moment after join
    // returns (CLONE_CHILD_CLEARTID wakes the joiner first): poll briefly.
    int n = count_tasks();
    for (int i = 0; i < 1000 && n != 1; i++) {
        usleep(1000);
        n = count_tasks();
    }
    printf("parent tasks after join: %d\n", n);
    return finish();
}
