// sig_siginfo: an SA_SIGINFO handler gets si_signo, si_code (SI_USER from
// kill, SI_TKILL from raise/tgkill, SI_QUEUE from sigqueue) and
// si_pid == getpid(), si_uid == getuid(); the third argument is a ucontext
// whose uc_sigmask is the mask before the handler.
#include "common.h"
#include <signal.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int n_calls, last_sig, last_code, pid_ok, uid_ok, val;
static volatile int mask_had_usr2, mask_inside_has_usr1;

static void h(int sig, siginfo_t *si, void *ucv) {
    ucontext_t *uc = ucv;
    n_calls++;
    last_sig = si->si_signo == sig ? sig : -1;
    last_code = si->si_code;
    pid_ok = si->si_pid == getpid();
    uid_ok = si->si_uid == getuid();
    val = si->si_value.sival_int;
    mask_had_usr2 = sigismember(&uc->uc_sigmask, SIGUSR2);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    mask_inside_has_usr1 = sigismember(&now, SIGUSR1);
}

static const char *cname(int c) {
    switch (c) {
    case SI_USER: return "SI_USER";
    case SI_TKILL: return "SI_TKILL";
    case SI_QUEUE: return "SI_QUEUE";
    }
    return "other";
}

static void show(const char *what) {
    printf("%s: calls=%d sig=%d code=%s pid_ok=%d uid_ok=%d usr2_in_saved_mask=%d "
           "usr1_blocked_inside=%d\n",
           what, n_calls, last_sig, cname(last_code), pid_ok, uid_ok,
           mask_had_usr2, mask_inside_has_usr1);
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    TEQ(sigaction(SIGUSR1, &sa, NULL), 0);
    struct sigaction old;
    TEQ(sigaction(SIGUSR1, NULL, &old), 0);
    printf("old has SA_SIGINFO=%d handler same=%d\n", !!(old.sa_flags & SA_SIGINFO),
           old.sa_sigaction == h);
    TEQ(kill(getpid(), SIGUSR1), 0);
    show("kill");
    TEQ(raise(SIGUSR1), 0);
    show("raise");
    TEQ(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1), 0);
    show("tgkill");
    union sigval v = {.sival_int = 1234};
    TEQ(sigqueue(getpid(), SIGUSR1, v), 0);
    show("sigqueue");
    printf("value=%d\n", val);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR2);
    sigprocmask(SIG_BLOCK, &m, NULL);
    TEQ(kill(getpid(), SIGUSR1), 0);
    show("kill with usr2 blocked");
    // Restored after the handler.
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("after: usr1 blocked=%d usr2 blocked=%d\n", sigismember(&now, SIGUSR1),
           sigismember(&now, SIGUSR2));
    return finish();
}
