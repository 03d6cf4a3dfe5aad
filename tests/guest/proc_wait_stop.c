// proc_wait_stop: WUNTRACED reports a child stopped by SIGSTOP (WSTOPSIG),
// WCONTINUED reports it continued by SIGCONT, and without those flags the
// parent only sees the final exit. Also a stopped child killed by SIGKILL.
#include "common.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(int st) {
    if (WIFEXITED(st))
        printf("  exited %d\n", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("  signaled %d\n", WTERMSIG(st));
    else if (WIFSTOPPED(st))
        printf("  stopped %d\n", WSTOPSIG(st));
    else if (WIFCONTINUED(st))
        printf("  continued\n");
}

int main(void) {
    int pfd[2];
    pipe(pfd);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        close(pfd[1]);
        char c;
        // Blocks until the parent closes the pipe; stops and continues
        // happen while it waits here.
        while (read(pfd[0], &c, 1) > 0)
            ;
        _exit(42);
    }
    close(pfd[0]);
    int st;
    TEQ(kill(p, SIGSTOP), 0);
    TEQ(waitpid(p, &st, WUNTRACED) == p, 1);
    show(st);
    TEQ(waitpid(p, &st, WUNTRACED | WNOHANG), 0); // already reported
    TEQ(kill(p, SIGCONT), 0);
    TEQ(waitpid(p, &st, WCONTINUED) == p, 1);
    show(st);
    // SIGTSTP would be discarded here: the runner makes our process group
    // orphaned. Stop with SIGSTOP again instead, continue with WCONTINUED.
    TEQ(kill(p, SIGSTOP), 0);
    TEQ(waitpid(p, &st, WUNTRACED) == p, 1);
    show(st);
    TEQ(kill(p, SIGCONT), 0);
    TEQ(waitpid(p, &st, WCONTINUED) == p, 1);
    show(st);
    // A stop that the parent does not ask about, then exit.
    TEQ(kill(p, SIGSTOP), 0);
    usleep(20000);
    TEQ(kill(p, SIGCONT), 0);
    close(pfd[1]);
    TEQ(waitpid(p, &st, 0) == p, 1);
    show(st);

    // A stopped child killed with SIGKILL.
    fflush(stdout);
    p = fork();
    if (p == 0) {
        raise(SIGSTOP);
        _exit(1);
    }
    TEQ(waitpid(p, &st, WUNTRACED) == p, 1);
    show(st);
    TEQ(kill(p, SIGKILL), 0);
    TEQ(waitpid(p, &st, 0) == p, 1);
    show(st);
    return finish();
}
