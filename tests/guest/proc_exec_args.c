// proc_exec_args: execve of ourselves with a chosen argv and envp; the new
// image prints them back (empty strings, many args, long strings), and
// execve with an empty envp leaves environ empty.
#include "common.h"
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int child(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc && i < 8; i++)
        printf("argv[%d]=\"%.40s\" len=%zu\n", i, argv[i], strlen(argv[i]));
    if (argc > 8)
        printf("argv[%d]=\"%s\"\n", argc - 1, argv[argc - 1]);
    int n = 0;
    for (char **e = environ; *e; e++, n++)
        printf("env: %s\n", *e);
    printf("envc=%d\n", n);
    fflush(stdout);
    return 0;
}

static void run(char **av, char **ev) {
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        execve("/proc/self/exe", av, ev);
        printf("execve failed: %s\n", errname(errno));
        _exit(127);
    }
    int st;
    waitpid(p, &st, 0);
    printf("-> exit %d\n", WEXITSTATUS(st));
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "child") == 0)
        return child(argc, argv);
    char *av1[] = {"whatever-argv0", "child", "", "two words", "x", NULL};
    char *ev1[] = {"A=1", "B=", "C=hello world", "NOEQUALS", NULL};
    run(av1, ev1);
    char *ev0[] = {NULL};
    char *av2[] = {"p", "child", NULL};
    run(av2, ev0);
    static char big[5000];
    memset(big, 'y', sizeof big - 1);
    char *av3[300];
    av3[0] = "p";
    av3[1] = "child";
    for (int i = 2; i < 298; i++)
        av3[i] = (i == 5) ? big : "arg";
    av3[298] = "last";
    av3[299] = NULL;
    run(av3, ev0);
    return finish();
}
