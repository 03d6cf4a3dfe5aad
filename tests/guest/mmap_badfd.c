// mmap_badfd: mmap of descriptors that cannot be mapped or lack the access
// the protection needs: pipes, directories, sockets, eventfds, procfs files
// and /dev/null -> ENODEV; a write-only file -> EACCES; MAP_SHARED with
// PROT_WRITE on a read-only file -> EACCES (MAP_PRIVATE is fine); bad fds ->
// EBADF (also every number past the fd limit). /dev/zero and a memfd-like regular file map fine.
#include "common.h"
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define PG 4096L

static long map(int fd, int prot, int flags) {
    void *p = mmap(NULL, PG, prot, flags, fd, 0);
    if (p == MAP_FAILED)
        return -1;
    munmap(p, PG);
    return 0;
}

#define R PROT_READ
#define RW (PROT_READ | PROT_WRITE)

int main(void) {
    int pp[2];
    T(pipe(pp));
    TERR(map(pp[0], R, MAP_PRIVATE), ENODEV);
    TERR(map(pp[0], R, MAP_SHARED), ENODEV);
    TERR(map(pp[1], R, MAP_SHARED), EACCES); // write end: not readable

    int dfd = T(open(".", O_RDONLY | O_DIRECTORY));
    TERR(map(dfd, R, MAP_PRIVATE), ENODEV);
    TERR(map(dfd, R, MAP_SHARED), ENODEV);

    int nfd = T(open("/dev/null", O_RDWR));
    TERR(map(nfd, R, MAP_PRIVATE), ENODEV);

    int pfd = T(open("/proc/self/status", O_RDONLY));
    TERR(map(pfd, R, MAP_PRIVATE), ENODEV);

    int efd = T(eventfd(0, 0));
    TERR(map(efd, R, MAP_SHARED), ENODEV);

    int sv[2];
    if (T(socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) == 0)
        TERR(map(sv[0], R, MAP_SHARED), ENODEV);

    int fd = T(open("f", O_RDWR | O_CREAT | O_TRUNC, 0644));
    T(ftruncate(fd, PG));
    int wfd = T(open("f", O_WRONLY));
    TERR(map(wfd, R, MAP_PRIVATE), EACCES);
    TERR(map(wfd, RW, MAP_SHARED), EACCES);
    TERR(map(wfd, PROT_WRITE, MAP_SHARED), EACCES);
    int rfd = T(open("f", O_RDONLY));
    TERR(map(rfd, RW, MAP_SHARED), EACCES);
    TEQ(map(rfd, RW, MAP_PRIVATE), 0);
    TEQ(map(rfd, R, MAP_SHARED), 0);
    // mprotect cannot add PROT_WRITE to a shared mapping of a read-only fd.
    char *p = mmap(NULL, PG, R, MAP_SHARED, rfd, 0);
    CHECK(p != MAP_FAILED);
    TERR(mprotect(p, PG, RW), EACCES);
    T(munmap(p, PG));
    TEQ(map(fd, RW, MAP_SHARED), 0);
    int afd = T(open("f", O_RDWR | O_APPEND));
    TEQ(map(afd, RW, MAP_SHARED), 0); // O_APPEND is not the append-only attribute

    TERR(map(-1, R, MAP_PRIVATE), EBADF);
    TERR(map(999, R, MAP_SHARED), EBADF);
    // Around the hard fd limit (where elfuse keeps its own fds): none is open.
    struct rlimit rl;
    T(getrlimit(RLIMIT_NOFILE, &rl));
    long top = rl.rlim_max < 65536 ? (long)rl.rlim_max : 65536, bad = 0;
    for (long k = top > 2200 ? top - 1100 : 1100; k < top + 1100; k++)
        bad += map((int)k, R, MAP_SHARED) == 0 || errno != EBADF;
    TEQ(bad, 0);
    T(close(rfd));
    TERR(map(rfd, R, MAP_PRIVATE), EBADF);

    int zfd = T(open("/dev/zero", O_RDWR));
    char *z = mmap(NULL, PG, RW, MAP_PRIVATE, zfd, 0);
    CHECK(z != MAP_FAILED && z[0] == 0 && z[PG - 1] == 0);
    return finish();
}
