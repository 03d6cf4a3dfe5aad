// fd: dup/dup2/dup3, fcntl (F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD/F_SETFD,
// F_GETFL/F_SETFL), close_range, pipe/pipe2 with data through them, lowest
// free fd allocation, shared offsets of dup'ed fds, ESPIPE on pipes.
#include "common.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
    int p[2];
    char buf[64];
    TEQ(pipe(p), 0);
    printf("pipe fds: %d %d\n", p[0], p[1]);
    TEQ(write(p[1], "through the pipe", 16), 16);
    memset(buf, 0, sizeof buf);
    TEQ(read(p[0], buf, sizeof buf), 16);
    printf("read: %s\n", buf);
    TERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
    TERR(pread(p[0], buf, 1, 0), ESPIPE);
    TERR(write(p[0], "x", 1), EBADF);
    TERR(read(p[1], buf, 1), EBADF);
    int avail = -1;
    TEQ(write(p[1], "12345", 5), 5);
    TEQ(ioctl(p[0], FIONREAD, &avail), 0);
    printf("FIONREAD=%d\n", avail);
    TEQ(read(p[0], buf, 2), 2);
    TEQ(read(p[0], buf, sizeof buf), 3);
    struct stat st;
    TEQ(fstat(p[0], &st), 0);
    printf("pipe isfifo=%d\n", S_ISFIFO(st.st_mode));
    TEQ(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
    TEQ(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY);

    /* O_NONBLOCK: empty pipe read gives EAGAIN. */
    TEQ(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
    CHECK((fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
    TERR(read(p[0], buf, 1), EAGAIN);
    /* Closing the write end gives EOF. */
    TEQ(close(p[1]), 0);
    TEQ(read(p[0], buf, 1), 0);
    TEQ(close(p[0]), 0);

    int q[2];
    TEQ(pipe2(q, O_CLOEXEC | O_NONBLOCK), 0);
    TEQ(fcntl(q[0], F_GETFD), FD_CLOEXEC);
    CHECK((fcntl(q[1], F_GETFL) & O_NONBLOCK) != 0);
    TERR(pipe2(q, 0x1234), EINVAL);
    TERR(pipe((int *)1), EFAULT);
    /* Fill the pipe: a non-blocking writer stops with EAGAIN at capacity. */
    static char chunk[4096];
    long total = 0;
    for (int i = 0; i < 64; i++) {
        ssize_t n = write(q[1], chunk, sizeof chunk);
        if (n < 0) {
            printf("fill stopped: %s\n", errname(errno));
            break;
        }
        total += n;
    }
    printf("pipe capacity=%ld\n", total);
    TEQ(fcntl(q[1], F_GETPIPE_SZ), 65536);

    /* dup family and lowest-fd allocation */
    int fd = T(open("file", O_RDWR | O_CREAT | O_TRUNC, 0600));
    TEQ(write(fd, "0123456789", 10), 10);
    int d = T(dup(fd));
    TEQ(lseek(d, 3, SEEK_SET), 3);
    TEQ(lseek(fd, 0, SEEK_CUR), 3); /* shared offset */
    TEQ(fcntl(d, F_GETFD), 0);      /* dup clears CLOEXEC */
    TEQ(dup2(fd, 50), 50);
    TEQ(dup2(fd, fd), fd);
    TERR(dup2(fd, -1), EBADF);
    TERR(dup2(99, 51), EBADF);
    TEQ(dup3(fd, 51, O_CLOEXEC), 51);
    TEQ(fcntl(51, F_GETFD), FD_CLOEXEC);
    TERR(dup3(fd, fd, 0), EINVAL);
    TERR(syscall(SYS_dup3, fd, 52, 0x1234), EINVAL);
    TEQ(fcntl(fd, F_DUPFD, 40), 40);
    TEQ(fcntl(fd, F_DUPFD, 40), 41);
    TEQ(fcntl(fd, F_DUPFD_CLOEXEC, 40), 42);
    TEQ(fcntl(42, F_GETFD), FD_CLOEXEC);
    TEQ(fcntl(42, F_SETFD, 0), 0);
    TEQ(fcntl(42, F_GETFD), 0);
    TERR(fcntl(fd, F_DUPFD, -1), EINVAL);
    TERR(fcntl(99, F_GETFD), EBADF);
    TERR(fcntl(fd, 12345), EINVAL);
    TEQ(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND), O_RDWR);
    TEQ(fcntl(fd, F_SETFL, O_APPEND), 0);
    TEQ(fcntl(d, F_GETFL) & O_APPEND, O_APPEND); /* shared file status */
    /* lowest free fd */
    TEQ(close(d), 0);
    int e = T(dup(fd));
    CHECK(e == d);
    /* close_range */
    TEQ(dup2(fd, 60), 60);
    TEQ(dup2(fd, 61), 61);
    TEQ(dup2(fd, 63), 63);
    TEQ(syscall(SYS_close_range, 60, 62, 0), 0);
    TERR(fcntl(60, F_GETFD), EBADF);
    TERR(fcntl(61, F_GETFD), EBADF);
    TEQ(fcntl(63, F_GETFD), 0);
    TEQ(syscall(SYS_close_range, 63, 63, 4 /* CLOSE_RANGE_CLOEXEC */), 0);
    TEQ(fcntl(63, F_GETFD), FD_CLOEXEC);
    TERR(syscall(SYS_close_range, 10, 5, 0), EINVAL);
    TEQ(syscall(SYS_close_range, 40, ~0U, 0), 0);
    TERR(fcntl(50, F_GETFD), EBADF);
    TERR(fcntl(42, F_GETFD), EBADF);
    /* the fd limit */
    struct rlimit rl;
    TEQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
    TERR(dup2(fd, (int)rl.rlim_cur), EBADF);
    TERR(fcntl(fd, F_DUPFD, (int)rl.rlim_cur), EINVAL);
    /* isatty on a regular file and a pipe */
    TEQ(isatty(fd), 0);
    printf("isatty errno=%s\n", errname(errno));
    TERR(ioctl(fd, TIOCGWINSZ, buf), ENOTTY);
    /* stdin from the runner is /dev/null */
    TEQ(read(0, buf, 1), 0);
    TEQ(fstat(0, &st), 0);
    printf("stdin ischr=%d\n", S_ISCHR(st.st_mode));
    return finish();
}
