// proc_posix_spawn: posix_spawn of ourselves with file actions (dup2, close,
// open) and attributes (setsigmask, setsigdef, setpgroup); posix_spawnp of a
// missing program reports ENOENT (as the return value).
// args: main
#include "common.h"
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        sigset_t m;
        sigprocmask(SIG_BLOCK, NULL, &m);
        printf("child: arg=%s usr1 blocked=%d pgid==pid=%d\n", argv[2],
               sigismember(&m, SIGUSR1), getpgid(0) == getpid());
        printf("child: fd 5 %s\n", fcntl(5, F_GETFD) >= 0 ? "open" : "closed");
        char b[16] = {0};
        int r = read(6, b, sizeof b - 1);
        printf("child: fd 6 read %d '%s'\n", r, b);
        return 21;
    }
    int fd = open("in.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "from-file", 9);
    close(fd);
    dup2(1, 5);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addclose(&fa, 5);
    posix_spawn_file_actions_addopen(&fa, 6, "in.txt", O_RDONLY, 0);
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    posix_spawnattr_setsigmask(&at, &m);
    posix_spawnattr_setpgroup(&at, 0);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
    char *av[] = {argv[0], "child", "spawned", NULL};
    pid_t p;
    fflush(stdout);
    int r = posix_spawn(&p, "/proc/self/exe", &fa, &at, av, environ);
    // Nothing printed until the child is reaped: output order stays fixed.
    int st;
    int w = waitpid(p, &st, 0);
    printf("posix_spawn = %s\n", r ? errname(r) : "0");
    CHECK(w == p);
    printf("exit %d\n", WEXITSTATUS(st));
    char *av2[] = {"no-such-program-xyz", NULL};
    r = posix_spawnp(&p, "no-such-program-xyz", NULL, NULL, av2, environ);
    if (r == 0) {
        // Older implementations report it as exit 127 instead.
        waitpid(p, &st, 0);
        printf("posix_spawnp missing: ENOENT\n");
    } else {
        printf("posix_spawnp missing: %s\n", errname(r));
    }
    r = posix_spawn(&p, "/nonexistent/x", NULL, NULL, av2, environ);
    if (r == 0) {
        waitpid(p, &st, 0);
        printf("posix_spawn missing: ENOENT\n");
    } else {
        printf("posix_spawn missing: %s\n", errname(r));
    }
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    return finish();
}
