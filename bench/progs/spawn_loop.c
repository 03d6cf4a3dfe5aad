/*
 * Host-side helper (never run under elfuse itself): spawns PROG N times, one
 * after the other, and reports the wall time from spawn to reaped exit.  Used
 * for whole-process start-up workloads, where a Python harness's own spawn
 * cost would swamp a static hello.  Children's stdout goes to /dev/null;
 * any non-zero exit is a failure.
 */
#include "common.h"
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv)
{
    if (argc < 3)
        die("usage: spawn_loop N PROG [ARGS...]");
    long n = arg_count(argc, argv, 1, 1);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        pid_t pid;
        int err = posix_spawn(&pid, argv[2], &fa, NULL, argv + 2, environ);
        if (err)
            die("spawn %s: %s", argv[2], strerror(err));
        int st;
        if (waitpid(pid, &st, 0) != pid)
            die("waitpid: %s", strerror(errno));
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            if (WIFSIGNALED(st))
                die("%s killed by signal %d (run %ld)", argv[2], WTERMSIG(st), i);
            die("%s exited with status %d (run %ld)", argv[2], WEXITSTATUS(st), i);
        }
    }
    uint64_t t1 = now_ns();
    report(n, t1 - t0);
    return 0;
}
