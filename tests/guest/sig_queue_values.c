// sig_queue_values: sigqueue with distinct si_value ints and pointers;
// real-time signals queue every value in order; rt_sigqueueinfo with a
// hand-built siginfo (negative si_code) passes si_code and value through;
// rt_tgsigqueueinfo aims at our thread.
#include "common.h"
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

static int vals[64], n;
static int codes[64];
static void h(int s, siginfo_t *si, void *u) {
    (void)s; (void)u;
    codes[n] = si->si_code;
    vals[n++] = si->si_value.sival_int;
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 2, &sa, NULL);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &m, NULL);
    for (int i = 0; i < 20; i++) {
        union sigval v = {.sival_int = i * 11};
        if (sigqueue(getpid(), SIGRTMIN + 2, v) != 0)
            printf("sigqueue %d: %s\n", i, errname(errno));
    }
    siginfo_t si = {0};
    si.si_signo = SIGRTMIN + 2;
    si.si_code = -60; // an arbitrary negative code, allowed towards ourselves
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_int = 5555;
    TEQ(syscall(SYS_rt_sigqueueinfo, getpid(), SIGRTMIN + 2, &si), 0);
    si.si_value.sival_int = 6666;
    TEQ(syscall(SYS_rt_tgsigqueueinfo, getpid(), syscall(SYS_gettid), SIGRTMIN + 2, &si), 0);
    sigprocmask(SIG_UNBLOCK, &m, NULL);
    printf("received %d:", n);
    for (int i = 0; i < n; i++)
        printf(" %d%s", vals[i], codes[i] == SI_QUEUE ? "" : codes[i] == -60 ? "(c-60)" : "(?)");
    printf("\n");
    return finish();
}
