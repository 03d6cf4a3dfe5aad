// errno_bad_ptrs: syscalls given bad user pointers return EFAULT instead of
// crashing: (void*)1, a kernel-half address, a PROT_NONE page, a read-only
// page as an output buffer, and the text segment. Buffers that run from a
// valid page into an unmapped one give the partial results Linux gives.
// All calls are raw syscalls so no libc wrapper touches the pointers first.
#include "common.h"
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define BAD ((void *)1)
#define KERN ((void *)0xffff800000001000ul)
#define S(...) syscall(__VA_ARGS__)

int main(void) {
    char *pg = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(pg != MAP_FAILED);
    char *none = pg + 4096, *ro = pg + 2 * 4096;
    CHECK(mprotect(none, 4096, PROT_NONE) == 0);
    CHECK(mprotect(ro, 4096, PROT_READ) == 0);
    int zero = open("/dev/zero", O_RDONLY);
    int p[2];
    CHECK(pipe(p) == 0);
    int f = open("file", O_RDWR | O_CREAT | O_TRUNC, 0600);
    CHECK(write(f, "0123456789abcdef", 16) == 16);

    TERR(S(SYS_read, zero, BAD, 10), EFAULT);
    TERR(S(SYS_read, zero, KERN, 10), EFAULT);
    TERR(S(SYS_read, zero, none, 10), EFAULT);
    TERR(S(SYS_read, zero, ro, 10), EFAULT);
    TERR(S(SYS_read, zero, (void *)&main, 1), EFAULT);
    TERR(S(SYS_pread64, f, BAD, 4, 0), EFAULT);
    TERR(S(SYS_write, p[1], BAD, 10), EFAULT);
    TERR(S(SYS_write, p[1], none, 10), EFAULT);
    TERR(S(SYS_write, f, KERN, 10), EFAULT);
    TEQ(S(SYS_write, p[1], ro, 10), 10); /* reading from a read-only page is fine */
    TERR(S(SYS_pwrite64, f, BAD, 4, 0), EFAULT);
    struct iovec iov[2] = {{pg, 4}, {BAD, 4}};
    TERR(S(SYS_writev, f, BAD, 2), EFAULT);
    TERR(S(SYS_readv, zero, BAD, 2), EFAULT);
    TEQ(S(SYS_readv, zero, iov, 2), 4); /* the first iovec is filled, then the fault stops it */
    TERR(S(SYS_open, BAD, O_RDONLY), EFAULT);
    TERR(S(SYS_open, none, O_RDONLY), EFAULT);
    TERR(S(SYS_openat, AT_FDCWD, KERN, O_RDONLY), EFAULT);
    TERR(S(SYS_stat, BAD, pg), EFAULT);
    TERR(S(SYS_stat, "file", BAD), EFAULT);
    TERR(S(SYS_stat, "file", ro), EFAULT);
    TERR(S(SYS_lstat, "file", KERN), EFAULT);
    TERR(S(SYS_fstat, f, BAD), EFAULT);
    TERR(S(SYS_newfstatat, AT_FDCWD, "file", BAD, 0), EFAULT);
    TERR(S(SYS_statx, AT_FDCWD, "file", 0, 0x7ff, BAD), EFAULT);
    TERR(S(SYS_access, BAD, F_OK), EFAULT);
    TERR(S(SYS_mkdir, BAD, 0755), EFAULT);
    TERR(S(SYS_unlink, BAD), EFAULT);
    TERR(S(SYS_rename, "file", BAD), EFAULT);
    TERR(S(SYS_chdir, BAD), EFAULT);
    TERR(S(SYS_readlink, "/proc/self/exe", BAD, 100), EFAULT);
    TERR(S(SYS_getcwd, BAD, 100), EFAULT);
    TERR(S(SYS_getcwd, ro, 100), EFAULT);
    TERR(S(SYS_uname, BAD), EFAULT);
    TERR(S(SYS_uname, ro), EFAULT);
    TERR(S(SYS_sysinfo, BAD), EFAULT);
    TERR(S(SYS_clock_gettime, CLOCK_MONOTONIC, BAD), EFAULT);
    TERR(S(SYS_clock_gettime, CLOCK_REALTIME, ro), EFAULT);
    TERR(S(SYS_clock_getres, CLOCK_MONOTONIC, BAD), EFAULT);
    TERR(S(SYS_gettimeofday, BAD, NULL), EFAULT);
    TERR(S(SYS_time, BAD), EFAULT);
    TERR(S(SYS_nanosleep, BAD, NULL), EFAULT);
    TERR(S(SYS_getrlimit, RLIMIT_STACK, BAD), EFAULT);
    TERR(S(SYS_setrlimit, RLIMIT_STACK, BAD), EFAULT);
    TERR(S(SYS_prlimit64, 0, RLIMIT_STACK, BAD, NULL), EFAULT);
    TERR(S(SYS_getrandom, BAD, 16, 0), EFAULT);
    TERR(S(SYS_getrandom, ro, 16, 0), EFAULT);
    TERR(S(SYS_pipe, BAD), EFAULT);
    TERR(S(SYS_pipe2, ro, 0), EFAULT);
    TERR(S(SYS_getdents64, open(".", O_RDONLY | O_DIRECTORY), BAD, 4096), EFAULT);
    TERR(S(SYS_rt_sigaction, SIGUSR1, BAD, NULL, 8), EFAULT);
    TERR(S(SYS_rt_sigaction, SIGUSR1, NULL, BAD, 8), EFAULT);
    TERR(S(SYS_rt_sigprocmask, SIG_BLOCK, BAD, NULL, 8), EFAULT);
    TERR(S(SYS_rt_sigprocmask, SIG_BLOCK, NULL, BAD, 8), EFAULT);
    TERR(S(SYS_sched_getaffinity, 0, 128, BAD), EFAULT);
    TERR(S(SYS_getresuid, BAD, BAD, BAD), EFAULT);
    TERR(S(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, BAD), EFAULT);
    TERR(S(SYS_prctl, 16 /* PR_GET_NAME */, BAD), EFAULT);
    TERR(S(SYS_utimensat, AT_FDCWD, "file", BAD, 0), EFAULT);
    TERR(S(SYS_symlink, "x", BAD), EFAULT);
    TERR(S(SYS_fcntl, f, F_GETLK, BAD), EFAULT);
    TERR(S(SYS_ioctl, p[0], 0x541B /* FIONREAD */, BAD), EFAULT);
    TERR(S(SYS_wait4, -1, BAD, 0, NULL), ECHILD); /* no children: checked first */
    TERR(S(SYS_execve, BAD, NULL, NULL), EFAULT);
    TERR(S(SYS_mincore, pg, 4096, BAD), EFAULT);

    /* Partial transfers: a buffer whose second page is not writable. */
    TEQ(S(SYS_read, zero, none - 100, 300), 100);
    TEQ(S(SYS_pread64, f, none - 4, 16, 0), 4);
    printf("partial file read: %.4s\n", none - 4);
    memset(pg, 'w', 4096);
    TEQ(S(SYS_write, f, none - 8, 100), 8);
    T(S(SYS_write, p[1], none - 5, 100)); /* a pipe copies page-wise: Linux says EFAULT */
    /* A path that runs into an unmapped page is EFAULT, not ENOENT. */
    memset(pg + 4096 - 10, 'a', 10);
    TERR(S(SYS_open, none - 10, O_RDONLY), EFAULT);
    /* A path longer than PATH_MAX is ENAMETOOLONG. */
    static char longp[5000];
    memset(longp, 'a', sizeof longp - 1);
    TERR(S(SYS_open, longp, O_RDONLY), ENAMETOOLONG);
    /* The process is still fine and the fd table intact. */
    char buf[16] = {0};
    TEQ(S(SYS_pread64, f, buf, 4, 0), 4);
    printf("file head: %.4s\n", buf);
    return finish();
}
