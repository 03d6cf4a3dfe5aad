// thr_kill: pthread_kill delivers to the chosen thread: the handler sees
// that thread's TLS value (and its own gettid); a signal sent to a thread
// that blocks it stays pending for that thread only until it unblocks; a
// process-directed kill() goes to the one thread that does not block it;
// pthread_kill with signal 0 checks existence, an invalid signal -> EINVAL.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

static __thread int my_id;
static __thread pid_t my_tid;
static int seen_id[16];
static int nseen, tid_mismatch;

static void h(int s) {
    (void)s;
    if (syscall(SYS_gettid) != my_tid)
        __atomic_fetch_add(&tid_mismatch, 1, __ATOMIC_SEQ_CST);
    int i = __atomic_fetch_add(&nseen, 1, __ATOMIC_SEQ_CST);
    seen_id[i] = my_id;
}

static int phase;
static int t2_pending;
static pthread_barrier_t bar;

static void wait_phase(int p) {
    while (__atomic_load_n(&phase, __ATOMIC_SEQ_CST) < p)
        usleep(500);
}
static void wait_seen(int n) {
    while (__atomic_load_n(&nseen, __ATOMIC_SEQ_CST) < n)
        usleep(500);
}

static void *worker(void *arg) {
    my_id = (int)(long)arg;
    my_tid = syscall(SYS_gettid);
    sigset_t m;
    sigemptyset(&m);
    if (my_id != 3)
        sigaddset(&m, SIGUSR2); // only thread 3 takes SIGUSR2
    if (my_id == 2)
        sigaddset(&m, SIGUSR1); // thread 2 blocks SIGUSR1 for now
    pthread_sigmask(SIG_BLOCK, &m, NULL);
    if (my_id == 3) { // main's blocked SIGUSR2 was inherited
        sigemptyset(&m);
        sigaddset(&m, SIGUSR2);
        pthread_sigmask(SIG_UNBLOCK, &m, NULL);
    }
    pthread_barrier_wait(&bar);
    if (my_id == 2) {
        wait_phase(1);
        sigset_t pend;
        sigpending(&pend);
        t2_pending = sigismember(&pend, SIGUSR1);
        sigemptyset(&m);
        sigaddset(&m, SIGUSR1);
        pthread_sigmask(SIG_UNBLOCK, &m, NULL); // delivered here, to us
    }
    wait_phase(2);
    return NULL;
}

int main(void) {
    my_id = 100;
    my_tid = syscall(SYS_gettid);
    signal(SIGUSR1, h);
    signal(SIGUSR2, h);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &m, NULL); // main does not take SIGUSR2
    pthread_barrier_init(&bar, NULL, 4);
    pthread_t t[4];
    for (long i = 1; i <= 3; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    pthread_barrier_wait(&bar);
    TEQ(pthread_kill(t[1], SIGUSR1), 0);
    wait_seen(1);
    TEQ(pthread_kill(t[2], SIGUSR1), 0); // pending in thread 2
    usleep(20000);
    sigset_t pend;
    sigpending(&pend);
    printf("main sees usr1 pending=%d seen so far=%d\n", sigismember(&pend, SIGUSR1), nseen);
    __atomic_store_n(&phase, 1, __ATOMIC_SEQ_CST);
    wait_seen(2);
    TEQ(kill(getpid(), SIGUSR2), 0); // only thread 3 can take it
    wait_seen(3);
    TEQ(pthread_kill(pthread_self(), SIGUSR1), 0);
    TEQ(pthread_kill(t[1], 0), 0);
    TEQ(pthread_kill(t[1], 99), EINVAL);
    __atomic_store_n(&phase, 2, __ATOMIC_SEQ_CST);
    for (int i = 1; i <= 3; i++)
        pthread_join(t[i], NULL);
    printf("thread 2 had it pending=%d tid_mismatch=%d\n", t2_pending, tid_mismatch);
    printf("handler saw ids:");
    for (int i = 0; i < nseen; i++)
        printf(" %d", seen_id[i]);
    printf("\n");
    return finish();
}
