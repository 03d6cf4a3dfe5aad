// proc_execveat: execveat relative to a fd. Linux names the program
// "/dev/fd/N" or "/dev/fd/N/name" (AT_EXECFN, and the script path an
// interpreter gets), takes comm from the file itself for AT_EMPTY_PATH,
// refuses a script behind a close-on-exec fd (ENOENT: the interpreter could
// not open it), and AT_SYMLINK_NOFOLLOW refuses a final symlink (ELOOP).
#include "common.h"
#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

static char self[4096];

static void child_report(int argc, char **argv) {
    char comm[64] = {0};
    int fd = open("/proc/self/comm", O_RDONLY);
    if (fd >= 0 && read(fd, comm, sizeof comm - 1) < 0)
        comm[0] = 0;
    // argv[1] is "child" (direct) or the script path (through a script).
    printf("  child: execfn=%s comm=%s argv1=%s argc=%d\n", (char *)getauxval(AT_EXECFN),
           strtok(comm, "\n"), argc > 1 ? argv[1] : "-", argc);
}

static void run(const char *what, int dirfd, const char *path, int flags) {
    printf("%s:\n", what);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        char *av[] = {"x", "child", NULL};
        char *ev[] = {"EXECVEAT_CHILD=1", NULL};
        syscall(SYS_execveat, dirfd, path, av, ev, flags);
        printf("  execveat: %s\n", errname(errno));
        fflush(stdout);
        _exit(127);
    }
    int st;
    waitpid(p, &st, 0);
    printf("  -> exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

int main(int argc, char **argv) {
    if (getenv("EXECVEAT_CHILD")) {
        child_report(argc, argv);
        return 0;
    }
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0)
        return 2;
    self[n] = 0;
    char *slash = strrchr(self, '/');
    *slash = 0;
    const char *name = slash + 1;

    // Fixed fd numbers: they appear in the names.
    int efd = open(name[0] ? self : "/", O_RDONLY);
    dup2(efd, 10);
    close(efd);
    *slash = '/';
    efd = open(self, O_RDONLY);
    dup2(efd, 11);
    close(efd);
    efd = open(self, O_RDONLY | O_CLOEXEC);
    dup3(efd, 12, O_CLOEXEC);
    close(efd);

    run("program by fd", 11, "", AT_EMPTY_PATH);
    run("program by cloexec fd", 12, "", AT_EMPTY_PATH);
    run("program by dir fd", 10, name, 0);

    // A script whose interpreter is this program.
    char script[4200];
    snprintf(script, sizeof script, "#!%s\n", self);
    int s = T(open("script", O_WRONLY | O_CREAT | O_TRUNC, 0755));
    TEQ(write(s, script, strlen(script)), (long)strlen(script));
    close(s);
    s = open("script", O_RDONLY);
    dup2(s, 13);
    close(s);
    s = open("script", O_RDONLY | O_CLOEXEC);
    dup3(s, 14, O_CLOEXEC);
    close(s);
    int cwd = open(".", O_RDONLY);
    dup2(cwd, 15);
    close(cwd);
    cwd = open(".", O_RDONLY | O_CLOEXEC);
    dup3(cwd, 16, O_CLOEXEC);
    close(cwd);
    run("script by fd", 13, "", AT_EMPTY_PATH);
    run("script by cloexec fd", 14, "", AT_EMPTY_PATH);
    run("script by dir fd", 15, "script", 0);
    run("script by cloexec dir fd", 16, "script", 0);
    run("script by path", AT_FDCWD, "script", 0);

    TEQ(symlink("script", "link"), 0);
    run("symlink, nofollow", 15, "link", AT_SYMLINK_NOFOLLOW);
    run("symlink, nofollow, AT_FDCWD", AT_FDCWD, "link", AT_SYMLINK_NOFOLLOW);
    run("regular file, nofollow", 15, "script", AT_SYMLINK_NOFOLLOW);

    run("empty path without AT_EMPTY_PATH, bad fd", 99, "", 0);
    run("relative path, bad fd", 99, "script", 0);
    run("empty path, AT_FDCWD", AT_FDCWD, "", AT_EMPTY_PATH);
    run("bad flags", AT_FDCWD, "script", 0x8000);
    run("bad flags, empty path", AT_FDCWD, "", 0x8000);
    run("bad flags, bad fd", 99, "script", 0x8000);
    return finish();
}
