// proc_vfork: vfork suspends the parent until the child _exits or execs;
// vfork + execve of ourselves; vfork + failed exec reporting through _exit.
// (Memory sharing is tested separately in proc_vfork_shared.)
// args: main
#include "common.h"
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "exec-child") == 0) {
        printf("exec'd child: argc=%d argv[2]=%s\n", argc, argv[2]);
        return 17;
    }
    fflush(stdout);
    pid_t p = vfork();
    if (p == 0) {
        _exit(3);
    }
    int st;
    TEQ(waitpid(p, &st, 0) == p, 1);
    printf("exit %d\n", WEXITSTATUS(st));

    fflush(stdout);
    p = vfork();
    if (p == 0) {
        char *av[] = {argv[0], "exec-child", "hello", NULL};
        execv("/proc/self/exe", av);
        _exit(126);
    }
    TEQ(waitpid(p, &st, 0) == p, 1);
    printf("exec child exit %d\n", WEXITSTATUS(st));

    // vfork + failed exec: child reports the errno via _exit.
    fflush(stdout);
    p = vfork();
    if (p == 0) {
        char *av[] = {"nope", NULL};
        execv("/nonexistent/nope", av);
        _exit(errno == ENOENT ? 44 : 45);
    }
    TEQ(waitpid(p, &st, 0) == p, 1);
    printf("failed exec child exit %d\n", WEXITSTATUS(st));
    return finish();
}
