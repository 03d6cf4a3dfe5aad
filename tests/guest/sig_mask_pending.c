// sig_mask_pending: blocked signals stay pending (sigpending shows them),
// standard signals coalesce while real-time ones queue (and are delivered
// lowest number first, FIFO within a number), unblocking delivers them before
// sigprocmask returns; SIGKILL/SIGSTOP cannot be blocked; an ignored pending
// signal is discarded when set to SIG_IGN.
#include "common.h"
#include <signal.h>
#include <unistd.h>

static char seq[128];
static int ns;
static void h(int s, siginfo_t *si, void *u) {
    (void)u;
    if (ns < 120)
        ns += sprintf(seq + ns, "%d:%d ", s, si->si_value.sival_int);
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    int sigs[] = {SIGUSR1, SIGUSR2, SIGRTMIN, SIGRTMIN + 1, SIGRTMAX};
    for (int i = 0; i < 5; i++)
        sigaction(sigs[i], &sa, NULL);
    sigset_t m, old, pend;
    sigfillset(&m);
    TEQ(sigprocmask(SIG_BLOCK, &m, &old), 0);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("kill blocked=%d stop blocked=%d usr1 blocked=%d\n",
           sigismember(&cur, SIGKILL), sigismember(&cur, SIGSTOP),
           sigismember(&cur, SIGUSR1));
    union sigval v;
    for (int i = 0; i < 3; i++) {
        v.sival_int = i;
        sigqueue(getpid(), SIGUSR1, v);       // coalesces
        sigqueue(getpid(), SIGRTMIN + 1, v);  // queues
        sigqueue(getpid(), SIGRTMIN, v);
    }
    v.sival_int = 9;
    sigqueue(getpid(), SIGRTMAX, v);
    sigqueue(getpid(), SIGUSR2, v);
    TEQ(sigpending(&pend), 0);
    printf("pending: usr1=%d usr2=%d rtmin=%d rtmin+1=%d rtmax=%d hup=%d\n",
           sigismember(&pend, SIGUSR1), sigismember(&pend, SIGUSR2),
           sigismember(&pend, SIGRTMIN), sigismember(&pend, SIGRTMIN + 1),
           sigismember(&pend, SIGRTMAX), sigismember(&pend, SIGHUP));
    printf("delivered before unblock: '%s'\n", seq);
    TEQ(sigprocmask(SIG_SETMASK, &old, NULL), 0);
    // Linux delivers standard signals (lowest first) before RT ones.
    printf("delivered: %s\n", seq);
    TEQ(sigpending(&pend), 0);
    printf("pending after: usr1=%d rtmin=%d\n", sigismember(&pend, SIGUSR1),
           sigismember(&pend, SIGRTMIN));
    // Ignoring a pending signal discards it.
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigprocmask(SIG_BLOCK, &m, NULL);
    raise(SIGUSR1);
    sigpending(&pend);
    printf("pending usr1=%d\n", sigismember(&pend, SIGUSR1));
    signal(SIGUSR1, SIG_IGN);
    sigpending(&pend);
    printf("after SIG_IGN pending usr1=%d\n", sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &m, NULL);
    // SIG_UNBLOCK/SIG_SETMASK/SIG_BLOCK semantics
    sigemptyset(&m);
    sigaddset(&m, SIGHUP);
    sigaddset(&m, SIGINT);
    sigprocmask(SIG_SETMASK, &m, NULL);
    sigemptyset(&m);
    sigaddset(&m, SIGINT);
    sigprocmask(SIG_UNBLOCK, &m, &old);
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("old hup=%d int=%d; now hup=%d int=%d\n", sigismember(&old, SIGHUP),
           sigismember(&old, SIGINT), sigismember(&cur, SIGHUP), sigismember(&cur, SIGINT));
    return finish();
}
