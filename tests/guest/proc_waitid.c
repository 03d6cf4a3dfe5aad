// proc_waitid: waitid with P_PID, P_ALL, WNOWAIT (status stays reapable),
// WEXITED/WSTOPPED and the siginfo it fills (si_code, si_status, si_pid).
#include "common.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *code(int c) {
    switch (c) {
    case CLD_EXITED: return "CLD_EXITED";
    case CLD_KILLED: return "CLD_KILLED";
    case CLD_DUMPED: return "CLD_DUMPED";
    case CLD_STOPPED: return "CLD_STOPPED";
    case CLD_CONTINUED: return "CLD_CONTINUED";
    case 0: return "0";
    }
    return "?";
}

static void show(const siginfo_t *si, pid_t expect) {
    printf("  signo=%d code=%s status=%d pid_ok=%d\n", si->si_signo,
           code(si->si_code), si->si_status, si->si_pid == expect);
}

int main(void) {
    siginfo_t si;
    fflush(stdout);
    pid_t p = fork();
    if (p == 0)
        _exit(9);
    memset(&si, 0, sizeof si);
    TEQ(waitid(P_PID, p, &si, WEXITED | WNOWAIT), 0);
    show(&si, p);
    memset(&si, 0, sizeof si);
    TEQ(waitid(P_PID, p, &si, WEXITED | WNOWAIT), 0); // still there
    show(&si, p);
    memset(&si, 0, sizeof si);
    TEQ(waitid(P_ALL, 0, &si, WEXITED), 0);
    show(&si, p);
    TERR(waitid(P_PID, p, &si, WEXITED), ECHILD);
    TERR(waitid(P_ALL, 0, &si, WEXITED), ECHILD);
    TERR(waitid(P_ALL, 0, &si, 0), EINVAL); // no state flags
    TERR(waitid(99, 0, &si, WEXITED), EINVAL);

    // WNOHANG with a running child: returns 0 and si_pid == 0.
    int pfd[2];
    pipe(pfd);
    fflush(stdout);
    p = fork();
    if (p == 0) {
        char c;
        close(pfd[1]);
        read(pfd[0], &c, 1);
        raise(SIGSTOP);
        read(pfd[0], &c, 1);
        kill(getpid(), SIGTERM);
        _exit(1);
    }
    close(pfd[0]);
    memset(&si, 0, sizeof si);
    TEQ(waitid(P_PID, p, &si, WEXITED | WNOHANG), 0);
    printf("  si_pid zero: %d\n", si.si_pid == 0);
    write(pfd[1], "a", 1);
    memset(&si, 0, sizeof si);
    TEQ(waitid(P_PID, p, &si, WSTOPPED), 0);
    show(&si, p);
    TEQ(kill(p, SIGCONT), 0);
    memset(&si, 0, sizeof si);
    TEQ(waitid(P_PID, p, &si, WCONTINUED), 0);
    show(&si, p);
    write(pfd[1], "b", 1);
    memset(&si, 0, sizeof si);
    TEQ(waitid(P_PID, p, &si, WEXITED), 0);
    show(&si, p);
    close(pfd[1]);
    return finish();
}
