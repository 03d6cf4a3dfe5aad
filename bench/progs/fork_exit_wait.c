/* fork + _exit in the child + waitpid in the parent. */
#include "common.h"
#include <sys/wait.h>

int main(int argc, char **argv)
{
    long n = arg_count(argc, argv, 1, 1000);
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            die("fork: %s", strerror(errno));
        if (pid == 0)
            _exit((int)(i & 0x7f));
        int st;
        if (waitpid(pid, &st, 0) != pid)
            die("waitpid: %s", strerror(errno));
        if (!WIFEXITED(st) || WEXITSTATUS(st) != (int)(i & 0x7f))
            die("child status 0x%x, wanted exit %ld", st, i & 0x7f);
    }
    uint64_t t1 = now_ns();
    report(n, t1 - t0);
    return 0;
}
