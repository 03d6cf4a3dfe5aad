// proc_bad_inputs: bad pointers and arguments to process syscalls get the
// Linux errno: execve with bad argv/envp pointers -> EFAULT, wait4 with a bad
// status pointer -> EFAULT (the child is not lost), kill of a nonexistent pid
// -> ESRCH, invalid signal numbers -> EINVAL.
#include "common.h"
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    char *ev[] = {NULL};
    TERR(syscall(SYS_execve, "/proc/self/exe", (char **)8, ev), EFAULT);
    char *badav[] = {"x", (char *)8, NULL};
    TERR(syscall(SYS_execve, "/proc/self/exe", badav, ev), EFAULT);
    char *av[] = {"x", NULL};
    TERR(syscall(SYS_execve, "/proc/self/exe", av, (char **)8), EFAULT);
    char *badev[] = {(char *)16, NULL};
    TERR(syscall(SYS_execve, "/proc/self/exe", av, badev), EFAULT);

    fflush(stdout);
    pid_t p = fork();
    if (p == 0)
        _exit(6);
    TERR(syscall(SYS_wait4, p, (int *)8, 0, NULL), EFAULT);
    // Linux has reaped the child before failing the copy-out? Either way
    // the next wait for it must not hang.
    int st = 0;
    long r = syscall(SYS_wait4, p, &st, WNOHANG, NULL);
    printf("second wait: %s\n", r == p ? "got it" : r == 0 ? "0" : errname(errno));
    while (wait(NULL) > 0)
        ;
    fflush(stdout);
    p = fork();
    if (p == 0)
        _exit(6);
    TERR(syscall(SYS_wait4, p, &st, 0, (struct rusage *)8), EFAULT);
    while (wait(NULL) > 0)
        ;
    TERR(syscall(SYS_waitid, P_ALL, 0, (siginfo_t *)8, WEXITED, NULL), EFAULT);

    TERR(kill(999999999, SIGTERM), ESRCH);
    TERR(kill(999999999, 0), ESRCH);
    TERR(kill(getpid(), 65), EINVAL);
    TERR(kill(getpid(), -1), EINVAL);
    TERR(kill(-999999999, SIGTERM), ESRCH);
    TERR(syscall(SYS_tgkill, getpid(), getpid(), 65), EINVAL);
    TERR(syscall(SYS_tgkill, getpid(), 999999999, SIGUSR1), ESRCH);
    TERR(syscall(SYS_tgkill, 0, getpid(), SIGUSR1), EINVAL);
    TERR(syscall(SYS_tkill, -5, SIGUSR1), EINVAL);
    TEQ(kill(getpid(), 0), 0);
    struct sigaction sa = {0};
    sa.sa_handler = SIG_IGN;
    TERR(sigaction(0, &sa, NULL), EINVAL);
    TERR(sigaction(65, &sa, NULL), EINVAL);
    TERR(sigaction(SIGKILL, &sa, NULL), EINVAL);
    TERR(sigaction(SIGSTOP, &sa, NULL), EINVAL);
    TEQ(sigaction(SIGKILL, NULL, &sa), 0);
    TERR(syscall(SYS_rt_sigaction, SIGUSR1, (void *)8, NULL, 8), EFAULT);
    TERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, (void *)8, 8), EFAULT);
    TERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 4), EINVAL);
    TERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)8, NULL, 8), EFAULT);
    TEQ(syscall(SYS_rt_sigprocmask, 7, NULL, NULL, 8), 0); // how unchecked without a set
    sigset_t s;
    sigemptyset(&s);
    TERR(syscall(SYS_rt_sigprocmask, 7, &s, NULL, 8), EINVAL);
    TERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &s, NULL, 16), EINVAL);
    TERR(syscall(SYS_rt_sigpending, (void *)8, 8), EFAULT);
    siginfo_t si = {0};
    si.si_code = SI_QUEUE;
    TERR(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, (void *)8), EFAULT);
    // si_code >= 0 or SI_TKILL is only allowed towards ourselves.
    fflush(stdout);
    pid_t q = fork();
    if (q == 0) {
        pause();
        _exit(0);
    }
    si.si_code = SI_TKILL;
    TERR(syscall(SYS_rt_sigqueueinfo, q, SIGUSR1, &si), EPERM);
    si.si_code = SI_USER;
    TERR(syscall(SYS_rt_sigqueueinfo, q, SIGUSR1, &si), EPERM);
    kill(q, SIGKILL);
    waitpid(q, NULL, 0);
    si.si_code = SI_QUEUE;
    TERR(syscall(SYS_rt_sigqueueinfo, getpid(), 70, &si), EINVAL);
    TERR(syscall(SYS_rt_sigqueueinfo, 999999999, SIGUSR1, &si), ESRCH);
    return finish();
}
