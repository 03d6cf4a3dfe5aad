// proc_pidfd: pidfd_open on a child, pidfd_send_signal through it, poll on
// the pidfd becoming readable at exit, waitid(P_PIDFD); errors: EINVAL for
// flags, ESRCH for a dead pid, EBADF for a non-pidfd.
#include "common.h"
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static int pidfd_open(pid_t p, unsigned fl) { return syscall(SYS_pidfd_open, p, fl); }
static int pidfd_send(int fd, int sig, siginfo_t *si, unsigned fl) {
    return syscall(SYS_pidfd_send_signal, fd, sig, si, fl);
}

int main(void) {
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        for (;;)
            pause();
    }
    int fd = T(pidfd_open(p, 0));
    TERR(pidfd_open(p, 12345), EINVAL);
    TERR(pidfd_open(-1, 0), EINVAL);
    struct pollfd pf = {.fd = fd, .events = POLLIN};
    TEQ(poll(&pf, 1, 0), 0);
    TEQ(pidfd_send(fd, 0, NULL, 0), 0);
    TERR(pidfd_send(fd, 0, NULL, 0x100), EINVAL);
    TERR(pidfd_send(fd, 1000, NULL, 0), EINVAL);
    TERR(pidfd_send(0, SIGTERM, NULL, 0), EBADF);
    TEQ(pidfd_send(fd, SIGUSR2, NULL, 0), 0);
    TEQ(poll(&pf, 1, 5000), 1);
    printf("revents POLLIN=%d\n", !!(pf.revents & POLLIN));
    siginfo_t si;
    memset(&si, 0, sizeof si);
    TEQ(syscall(SYS_waitid, P_PIDFD, fd, &si, WEXITED, NULL), 0);
    printf("code killed=%d status=%d pid ok=%d\n", si.si_code == CLD_KILLED,
           si.si_status, si.si_pid == p);
    TERR(pidfd_send(fd, SIGTERM, NULL, 0), ESRCH);
    close(fd);
    TERR(pidfd_open(p, 0), ESRCH);
    return finish();
}
