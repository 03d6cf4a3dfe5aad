// proc_wait_nohang: WNOHANG returns 0 while a child runs and the pid once it
// is a zombie; waiting for a non-child or with no children gives ECHILD;
// waitpid(-1) reaps children in any order (we sort the codes).
#include "common.h"
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int pfd[2];
    T(pipe(pfd));
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        char c;
        close(pfd[1]);
        read(pfd[0], &c, 1); // wait until the parent says go
        _exit(5);
    }
    close(pfd[0]);
    int st = -1;
    TEQ(waitpid(p, &st, WNOHANG), 0);
    TEQ(waitpid(-1, &st, WNOHANG), 0);
    write(pfd[1], "x", 1);
    close(pfd[1]);
    // Poll until it becomes a zombie.
    int got = 0;
    for (int i = 0; i < 2000 && !got; i++) {
        pid_t w = waitpid(p, &st, WNOHANG);
        if (w == p)
            got = 1;
        else
            usleep(1000);
    }
    CHECK(got);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5);
    TERR(waitpid(p, &st, WNOHANG), ECHILD);
    TERR(waitpid(-1, &st, 0), ECHILD);
    TERR(waitpid(1, &st, 0), ECHILD);
    TERR(waitpid(getpid(), &st, 0), ECHILD);
    TERR(waitpid(-1, &st, 0x100 /* bad option bit */), EINVAL);

    // Several children, reaped with waitpid(-1): collect codes.
    int seen[8] = {0};
    for (int i = 0; i < 8; i++) {
        fflush(stdout);
        if (fork() == 0)
            _exit(10 + i);
    }
    for (int i = 0; i < 8; i++) {
        pid_t w = waitpid(-1, &st, 0);
        if (w > 0 && WIFEXITED(st) && WEXITSTATUS(st) >= 10 && WEXITSTATUS(st) < 18)
            seen[WEXITSTATUS(st) - 10]++;
    }
    for (int i = 0; i < 8; i++)
        printf("code %d seen %d\n", 10 + i, seen[i]);
    TERR(wait(NULL), ECHILD);

    // wait4 with rusage: just check it succeeds and fills something sane.
    fflush(stdout);
    p = fork();
    if (p == 0)
        _exit(3);
    struct rusage ru;
    memset(&ru, 0xff, sizeof ru);
    TEQ(wait4(p, &st, 0, &ru) == p, 1);
    CHECK(ru.ru_utime.tv_sec >= 0 && ru.ru_utime.tv_usec < 1000000);
    CHECK(WEXITSTATUS(st) == 3);
    return finish();
}
