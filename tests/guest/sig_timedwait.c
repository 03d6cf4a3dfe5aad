// sig_timedwait: sigwaitinfo/sigtimedwait take a blocked pending signal
// without running its handler and return its number and siginfo; a zero
// timeout with nothing pending gives EAGAIN; a short timeout expires with
// EAGAIN; bad timeouts give EINVAL; a signal from a child arrives while
// waiting; sigwait returns the number.
#include "common.h"
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int handler_ran;
static void h(int s) { (void)s; handler_ran++; }

int main(void) {
    signal(SIGUSR1, h);
    signal(SIGRTMIN, h);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &m, NULL);
    siginfo_t si;
    union sigval v = {.sival_int = 77};
    sigqueue(getpid(), SIGRTMIN, v);
    memset(&si, 0, sizeof si);
    int r = sigwaitinfo(&m, &si);
    printf("sigwaitinfo = %s code_queue=%d value=%d pid_ok=%d\n",
           r == SIGRTMIN ? "SIGRTMIN" : "other", si.si_code == SI_QUEUE,
           si.si_value.sival_int, si.si_pid == getpid());
    struct timespec zero = {0, 0};
    TERR(sigtimedwait(&m, &si, &zero), EAGAIN);
    struct timespec shortt = {0, 50000000};
    TERR(sigtimedwait(&m, &si, &shortt), EAGAIN);
    struct timespec bad = {0, 1000000000};
    TERR(sigtimedwait(&m, &si, &bad), EINVAL);
    struct timespec neg = {-1, 0};
    TERR(sigtimedwait(&m, &si, &neg), EINVAL);
    fflush(stdout);
    pid_t parent = getpid();
    pid_t c = fork();
    if (c == 0) {
        usleep(50000);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    struct timespec longt = {5, 0};
    memset(&si, 0, sizeof si);
    r = sigtimedwait(&m, &si, &longt);
    printf("sigtimedwait = %s code_user=%d pid_is_child=%d\n",
           r == SIGUSR1 ? "SIGUSR1" : "other", si.si_code == SI_USER, si.si_pid == c);
    waitpid(c, NULL, 0);
    raise(SIGUSR1);
    int sig = 0;
    TEQ(sigwait(&m, &sig), 0);
    printf("sigwait sig=%s handler_ran=%d\n", sig == SIGUSR1 ? "SIGUSR1" : "other",
           handler_ran);
    // A signal not in the set interrupts the wait with EINTR.
    signal(SIGALRM, h);
    alarm(1);
    // musl's sigtimedwait retries on EINTR: use the raw system call.
    TERR(syscall(SYS_rt_sigtimedwait, &m, &si, &longt, 8), EINTR);
    printf("handler_ran=%d\n", handler_ran);
    return finish();
}
