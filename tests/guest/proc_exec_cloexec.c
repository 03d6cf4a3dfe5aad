// proc_exec_cloexec: across execve, fds opened with O_CLOEXEC / FD_CLOEXEC
// / pipe2(O_CLOEXEC) / dup3(O_CLOEXEC) are closed; plain ones stay open and
// keep their offset; fcntl clearing FD_CLOEXEC keeps the fd.
#include "common.h"
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        for (int fd = 3; fd < 20; fd++) {
            int fl = fcntl(fd, F_GETFD);
            if (fl < 0)
                continue;
            off_t off = lseek(fd, 0, SEEK_CUR);
            printf("fd %d open, cloexec=%d, off=%ld\n", fd, fl & FD_CLOEXEC,
                   (long)off);
        }
        return 0;
    }
    int a = T(open("f", O_RDWR | O_CREAT | O_TRUNC, 0644));
    write(a, "hello", 5);
    int b = T(open("f", O_RDONLY | O_CLOEXEC));
    int c = T(open("f", O_RDONLY));
    TEQ(fcntl(c, F_SETFD, FD_CLOEXEC), 0);
    int d = T(open("f", O_RDONLY | O_CLOEXEC));
    TEQ(fcntl(d, F_SETFD, 0), 0);
    lseek(d, 2, SEEK_SET);
    int p[2];
    TEQ(pipe2(p, O_CLOEXEC), 0);
    int e = T(dup3(a, 15, O_CLOEXEC));
    int f = T(dup2(b, 16)); // dup2 clears the flag on the new fd
    int g = T(fcntl(a, F_DUPFD_CLOEXEC, 17));
    (void)e; (void)f; (void)g;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *av[] = {argv[0], "child", NULL};
        execv("/proc/self/exe", av);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("exit %d\n", WEXITSTATUS(st));
    return finish();
}
