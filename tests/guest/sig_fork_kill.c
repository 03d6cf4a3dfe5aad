// sig_fork_kill: signals between forked processes. The child installs a
// handler and tells the parent (pipe) it is ready; the parent sends SIGUSR1
// with kill and SIGUSR2 with sigqueue(value); the child reports what it got
// (si_pid == parent, value) through its exit status and output. Then the
// child signals the parent back.
#include "common.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int got1, got2, val2, from_parent, from_child;
static volatile pid_t expect_pid;

static void h(int s, siginfo_t *si, void *u) {
    (void)u;
    if (s == SIGUSR1) {
        got1++;
        from_parent = si->si_pid == expect_pid;
    } else if (s == SIGUSR2) {
        got2++;
        val2 = si->si_value.sival_int;
    } else if (s == SIGHUP) {
        from_child = si->si_pid == expect_pid;
    }
}

int main(void) {
    // Fully buffered from the start (musl flushes the first line at once
    // otherwise), so the parent's lines never interleave with the child's.
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigset_t m, empty;
    sigemptyset(&m);
    sigemptyset(&empty);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGUSR2);
    sigaddset(&m, SIGHUP);
    sigprocmask(SIG_BLOCK, &m, NULL);
    int ready[2];
    pipe(ready);
    pid_t parent = getpid();
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        expect_pid = parent;
        write(ready[1], "r", 1);
        while (got1 == 0 || got2 == 0)
            sigsuspend(&empty);
        printf("child: usr1=%d from_parent=%d usr2=%d value=%d\n", got1, from_parent,
               got2, val2);
        fflush(stdout);
        kill(parent, SIGHUP);
        _exit(got1 + got2 * 10);
    }
    expect_pid = c;
    char b;
    read(ready[0], &b, 1);
    TEQ(kill(c, SIGUSR1), 0);
    union sigval v = {.sival_int = 4242};
    TEQ(sigqueue(c, SIGUSR2, v), 0);
    int st;
    TEQ(waitpid(c, &st, 0) == c, 1);
    printf("child exit %d\n", WEXITSTATUS(st));
    // SIGHUP from the child is pending (blocked).
    sigset_t pend;
    sigpending(&pend);
    printf("parent: hup pending=%d\n", sigismember(&pend, SIGHUP));
    sigprocmask(SIG_UNBLOCK, &m, NULL);
    printf("parent: hup from child=%d\n", from_child);
    // A child killed by an unhandled signal from the parent while it runs a
    // compute loop (not in a syscall).
    fflush(stdout);
    c = fork();
    if (c == 0) {
        signal(SIGUSR1, SIG_DFL);
        write(ready[1], "r", 1);
        volatile unsigned long x = 0;
        for (;;)
            x++;
    }
    read(ready[0], &b, 1);
    TEQ(kill(c, SIGUSR1), 0);
    TEQ(waitpid(c, &st, 0) == c, 1);
    printf("busy child: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
    return finish();
}
