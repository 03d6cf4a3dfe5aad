// proc_sigchld_info: the parent's SA_SIGINFO SIGCHLD handler sees si_code
// CLD_EXITED with si_status = exit code, CLD_KILLED with si_status = signal
// number, and si_pid = the child's pid; SA_NOCLDSTOP suppresses stop reports.
#include "common.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got, code, status, pidok;
static volatile pid_t expect;

static void h(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    got = sig;
    code = si->si_code;
    status = si->si_status;
    pidok = si->si_pid == expect;
}

static void wait_sig(void) {
    sigset_t none;
    sigemptyset(&none);
    while (!got)
        sigsuspend(&none);
}

int main(void) {
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGCHLD);
    sigprocmask(SIG_BLOCK, &m, NULL);
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);

    got = 0;
    fflush(stdout);
    pid_t p = fork();
    if (p == 0)
        _exit(23);
    expect = p;
    wait_sig();
    printf("exit: sig=%d exited=%d status=%d pidok=%d\n", got,
           code == CLD_EXITED, status, pidok);
    waitpid(p, NULL, 0);

    got = 0;
    fflush(stdout);
    p = fork();
    if (p == 0) {
        raise(SIGSTOP); // no SIGCHLD: SA_NOCLDSTOP
        pause();
        _exit(0);
    }
    expect = p;
    int st;
    waitpid(p, &st, WUNTRACED);
    printf("stopped=%d\n", WIFSTOPPED(st));
    kill(p, SIGCONT);
    kill(p, SIGKILL);
    wait_sig();
    printf("kill: sig=%d killed=%d status=%d pidok=%d\n", got,
           code == CLD_KILLED, status, pidok);
    waitpid(p, NULL, 0);

    // Without SA_NOCLDSTOP the stop is reported too.
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGCHLD, &sa, NULL);
    got = 0;
    int pfd[2];
    pipe(pfd);
    fflush(stdout);
    p = fork();
    if (p == 0) {
        char c;
        close(pfd[1]);
        raise(SIGSTOP);
        read(pfd[0], &c, 1); // exit only after the parent saw CLD_CONTINUED
        _exit(4);
    }
    close(pfd[0]);
    expect = p;
    wait_sig();
    printf("stop: sig=%d stopped=%d status=%d pidok=%d\n", got,
           code == CLD_STOPPED, status, pidok);
    waitpid(p, &st, WUNTRACED);
    got = 0;
    kill(p, SIGCONT);
    wait_sig();
    printf("cont: continued=%d status=%d\n", code == CLD_CONTINUED, status);
    got = 0;
    close(pfd[1]);
    wait_sig();
    printf("exit: exited=%d status=%d\n", code == CLD_EXITED, status);
    waitpid(p, &st, 0);

    // SIGCHLD ignored: children are reaped automatically, wait gives ECHILD.
    signal(SIGCHLD, SIG_IGN);
    sigprocmask(SIG_UNBLOCK, &m, NULL);
    fflush(stdout);
    p = fork();
    if (p == 0)
        _exit(1);
    TERR(waitpid(p, &st, 0), ECHILD);
    return finish();
}
