/* fork + execve of a small static program + waitpid. */
#include "common.h"
#include <sys/wait.h>

int main(int argc, char **argv)
{
    long n = arg_count(argc, argv, 1, 200);
    if (argc < 3)
        die("usage: fork_exec N PROG");
    char *cargv[] = {argv[2], NULL};
    char *cenv[] = {NULL};
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            die("fork: %s", strerror(errno));
        if (pid == 0) {
            execve(argv[2], cargv, cenv);
            _exit(127);
        }
        int st;
        if (waitpid(pid, &st, 0) != pid)
            die("waitpid: %s", strerror(errno));
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            die("child status 0x%x", st);
    }
    uint64_t t1 = now_ns();
    report(n, t1 - t0);
    return 0;
}
