// file_io: open/read/write/lseek/pread/pwrite/readv/writev/ftruncate/fstat
// on a file in the cwd, O_APPEND/O_TRUNC/O_EXCL, and the error paths
// EBADF, ENOENT, EEXIST, ENOTDIR, EISDIR, EINVAL, EFAULT.
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void) {
    char buf[256];
    int fd = T(open("f.txt", O_RDWR | O_CREAT | O_EXCL, 0640));
    CHECK(fd >= 3);
    TEQ(write(fd, "hello world\n", 12), 12);
    TEQ(lseek(fd, 0, SEEK_CUR), 12);
    TEQ(lseek(fd, 0, SEEK_SET), 0);
    memset(buf, 0, sizeof buf);
    TEQ(read(fd, buf, sizeof buf), 12);
    printf("read: %s", buf);
    TEQ(read(fd, buf, sizeof buf), 0);
    TEQ(pwrite(fd, "W", 1, 6), 1);
    memset(buf, 0, sizeof buf);
    TEQ(pread(fd, buf, 5, 6), 5);
    printf("pread: [%s]\n", buf);
    TEQ(lseek(fd, 0, SEEK_CUR), 12); /* pread/pwrite leave the offset alone */
    TEQ(lseek(fd, -2, SEEK_END), 10);
    TEQ(lseek(fd, 100, SEEK_SET), 100);
    TEQ(write(fd, "X", 1), 1); /* creates a hole */
    struct stat st;
    TEQ(fstat(fd, &st), 0);
    printf("size=%lld mode=%o nlink=%ld isreg=%d\n", (long long)st.st_size,
           st.st_mode & 07777, (long)st.st_nlink, S_ISREG(st.st_mode));
    TEQ(pread(fd, buf, 4, 50), 4);
    printf("hole bytes: %d %d %d %d\n", buf[0], buf[1], buf[2], buf[3]);
    TEQ(ftruncate(fd, 5), 0);
    TEQ(fstat(fd, &st), 0);
    printf("size after ftruncate=%lld\n", (long long)st.st_size);
    TEQ(lseek(fd, 0, SEEK_END), 5);

    struct iovec iov[3] = {{"ab", 2}, {"", 0}, {"cdef", 4}};
    TEQ(writev(fd, iov, 3), 6);
    char r1[3] = {0}, r2[8] = {0};
    struct iovec riov[2] = {{r1, 2}, {r2, 7}};
    TEQ(lseek(fd, 3, SEEK_SET), 3);
    TEQ(readv(fd, riov, 2), 8);
    printf("readv: [%s][%s]\n", r1, r2);
    TEQ(preadv(fd, riov, 2, 0), 9);
    printf("preadv: [%s][%s]\n", r1, r2);

    /* O_APPEND always writes at the end. */
    int fa = T(open("f.txt", O_WRONLY | O_APPEND));
    TEQ(lseek(fa, 0, SEEK_SET), 0);
    TEQ(write(fa, "Z", 1), 1);
    TEQ(lseek(fa, 0, SEEK_CUR), 12);
    TEQ(close(fa), 0);
    /* O_TRUNC empties it. */
    int ft = T(open("f.txt", O_RDONLY | O_TRUNC));
    TEQ(fstat(ft, &st), 0);
    printf("size after O_TRUNC=%lld\n", (long long)st.st_size);
    TERR(write(ft, "x", 1), EBADF); /* read-only fd */
    TEQ(close(ft), 0);
    /* write-only fd cannot be read */
    int fw = T(open("f.txt", O_WRONLY));
    TERR(read(fw, buf, 1), EBADF);
    TEQ(close(fw), 0);

    /* Errors. */
    TERR(open("f.txt", O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
    TERR(open("missing.txt", O_RDONLY), ENOENT);
    TERR(open("missing/x", O_RDONLY | O_CREAT, 0600), ENOENT);
    TERR(open("f.txt/x", O_RDONLY), ENOTDIR);
    TERR(open(".", O_WRONLY), EISDIR);
    TERR(open(".", O_RDWR), EISDIR);
    TERR(open("f.txt", O_RDONLY | O_DIRECTORY), ENOTDIR);
    TERR(open((char *)1, O_RDONLY), EFAULT);
    TERR(open("", O_RDONLY), ENOENT);
    TERR(read(-1, buf, 1), EBADF);
    TERR(read(999, buf, 1), EBADF);
    TERR(write(12345, buf, 1), EBADF);
    TERR(close(999), EBADF);
    TERR(lseek(fd, -1, SEEK_SET), EINVAL);
    TERR(lseek(fd, 0, 42), EINVAL);
    TERR(ftruncate(fd, -1), EINVAL);
    TEQ(pwrite(fd, "0123456789", 10, 0), 10);
    TEQ(lseek(fd, 0, SEEK_SET), 0);
    TERR(read(fd, (void *)1, 10), EFAULT);
    TERR(write(fd, (void *)1, 10), EFAULT);
    TERR(pread(fd, buf, 1, -1), EINVAL);
    TERR(fstat(-1, &st), EBADF);
    TERR(syscall(SYS_fstat, fd, (void *)1), EFAULT); /* raw: libcs may copy */
    TERR(readv(fd, riov, -1), EINVAL);
    TERR(stat("missing.txt", &st), ENOENT);
    TEQ(stat("f.txt", &st), 0);
    printf("stat size=%lld\n", (long long)st.st_size);
    int fdir = T(open(".", O_RDONLY | O_DIRECTORY));
    TERR(read(fdir, buf, 1), EISDIR);
    TEQ(close(fdir), 0);
    TEQ(close(fd), 0);
    TERR(close(fd), EBADF);
    TEQ(unlink("f.txt"), 0);
    TERR(unlink("f.txt"), ENOENT);

    /* A larger file written and read back in odd-sized chunks. */
    int fb = T(open("big.bin", O_RDWR | O_CREAT | O_TRUNC, 0600));
    static unsigned char big[200000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (unsigned char)(i * 131 + (i >> 9));
    TEQ(write(fb, big, sizeof big), (long)sizeof big);
    TEQ(lseek(fb, 0, SEEK_SET), 0);
    unsigned long sum = 0, total = 0;
    for (;;) {
        unsigned char chunk[7777];
        ssize_t n = read(fb, chunk, sizeof chunk);
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; i++)
            sum = sum * 31 + chunk[i];
        total += n;
    }
    printf("big: total=%lu sum=%lu\n", total, sum);
    TEQ(close(fb), 0);
    return finish();
}
