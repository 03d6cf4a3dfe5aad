// proc_fork_tree: a two-level fork tree; children exit with distinct codes or
// die by signals; the parent reports WIFEXITED/WEXITSTATUS and
// WIFSIGNALED/WTERMSIG for each, in order.
#include "common.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *who, int st) {
    if (WIFEXITED(st))
        printf("%s: exited %d\n", who, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%s: killed by signal %d\n", who, WTERMSIG(st));
    else
        printf("%s: other status\n", who);
}

int main(void) {
    int codes[] = {0, 1, 7, 255, 256 + 3};
    for (int i = 0; i < 5; i++) {
        fflush(stdout);
        pid_t p = fork();
        if (p == 0)
            _exit(codes[i]);
        int st;
        pid_t w = waitpid(p, &st, 0);
        CHECK(w == p);
        char who[32];
        snprintf(who, sizeof who, "child exit(%d)", codes[i]);
        report(who, st);
    }
    int sigs[] = {SIGTERM, SIGKILL, SIGUSR1, SIGSEGV, SIGABRT, SIGHUP};
    for (int i = 0; i < 6; i++) {
        fflush(stdout);
        pid_t p = fork();
        if (p == 0) {
            signal(sigs[i], SIG_DFL);
            kill(getpid(), sigs[i]);
            _exit(99);
        }
        int st;
        CHECK(waitpid(p, &st, 0) == p);
        char who[32];
        snprintf(who, sizeof who, "child kill(self,%d)", sigs[i]);
        report(who, st);
    }
    // Grandchildren: each child forks 3 grandchildren, sums their exit codes
    // and exits with the sum.
    for (int i = 0; i < 3; i++) {
        fflush(stdout);
        pid_t p = fork();
        if (p == 0) {
            int sum = 0;
            for (int j = 0; j < 3; j++) {
                pid_t g = fork();
                if (g == 0)
                    _exit(i * 10 + j);
                int st;
                if (waitpid(g, &st, 0) != g || !WIFEXITED(st))
                    _exit(200);
                sum += WEXITSTATUS(st);
            }
            _exit(sum);
        }
        int st;
        CHECK(waitpid(p, &st, 0) == p);
        report("tree child", st);
    }
    // A child killed by its parent while it sleeps.
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        for (;;)
            pause();
    }
    TEQ(kill(p, SIGINT), 0);
    int st;
    CHECK(waitpid(p, &st, 0) == p);
    report("paused child", st);
    TERR(wait(&st), ECHILD);
    return finish();
}
