// hello: argv passing, the environment the runner sets, stdout/stderr, and
// the exit status (3).
// args: one "two words" '' --flag=x
// expect-status: 3
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    printf("hello, world\n");
    printf("argc=%d\n", argc);
    const char *slash = strrchr(argv[0], '/');
    printf("argv[0] basename=%s\n", slash ? slash + 1 : argv[0]);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=[%s]\n", i, argv[i]);
    printf("argv[argc]==NULL: %d\n", argv[argc] == NULL);
    int n = 0;
    for (char **e = environ; *e; e++, n++)
        printf("env[%d]=%s\n", n, *e);
    printf("getenv(TZ)=%s\n", getenv("TZ") ? getenv("TZ") : "(null)");
    printf("getenv(NOPE)=%s\n", getenv("NOPE") ? "set" : "(null)");
    fprintf(stderr, "to stderr\n");
    fflush(stdout);
    static const char raw[] = "raw write\n";
    if (write(1, raw, sizeof raw - 1) != sizeof raw - 1)
        return 1;
    return 3;
}
