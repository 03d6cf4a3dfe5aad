// mmap_private_file: MAP_PRIVATE file mappings behave as Linux's: pages not
// yet written show later changes to the file, written pages are private
// copies (also across fork), MADV_DONTNEED brings the file's content back,
// mprotect takes write access away for real, mremap keeps the content, a
// page beyond EOF faults SIGBUS until the file grows, and one cut off by a
// truncation faults SIGBUS too (and EFAULT when a syscall reads it).
#include "common.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PG 4096
static sigjmp_buf jb;
static volatile int last_sig;

static void on_fault(int s) {
    last_sig = s;
    siglongjmp(jb, 1);
}

// Reads one byte; returns the byte, or -signal.
static int probe_read(volatile unsigned char *p) {
    last_sig = 0;
    if (sigsetjmp(jb, 1))
        return -last_sig;
    return *p;
}

static int probe_write(volatile unsigned char *p, unsigned char v) {
    last_sig = 0;
    if (sigsetjmp(jb, 1))
        return -last_sig;
    *p = v;
    return 0;
}

static void fill(int fd, off_t off, char c, size_t n) {
    char buf[PG];
    memset(buf, c, sizeof buf);
    while (n) {
        size_t k = n < sizeof buf ? n : sizeof buf;
        if (pwrite(fd, buf, k, off) != (ssize_t)k)
            printf("pwrite failed\n");
        off += (off_t)k;
        n -= k;
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct sigaction sa = {.sa_handler = on_fault, .sa_flags = SA_NODEFER};
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    char path[] = "/tmp/elfuse-mpf-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    unlink(path);
    fill(fd, 0, 'a', 4 * PG);

    unsigned char *m = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(m != MAP_FAILED);
    printf("initial: %c %c\n", m[0], m[3 * PG]);
    m[0] = 'W'; // page 0 becomes a private copy
    fill(fd, 0, 'b', 4 * PG);
    printf("after the file changed: page0 %c page1 %c\n", m[0], m[PG]);

    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        m[PG] = 'C';
        printf("child sees %c %c\n", m[0], m[PG]);
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(p, &st, 0);
    printf("parent after child wrote: %c\n", m[PG]);

    CHECK(madvise(m, PG, MADV_DONTNEED) == 0);
    printf("page0 after MADV_DONTNEED: %c\n", m[0]);

    m[2 * PG] = 'X';
    CHECK(mprotect(m + 2 * PG, PG, PROT_READ) == 0);
    printf("write after mprotect(PROT_READ): %d (byte %c)\n", probe_write(m + 2 * PG, 'Y'), m[2 * PG]);
    CHECK(mprotect(m + 2 * PG, PG, PROT_READ | PROT_WRITE) == 0);

    unsigned char *r = mremap(m, 4 * PG, 8 * PG, MREMAP_MAYMOVE);
    CHECK(r != MAP_FAILED);
    printf("after mremap: %c %c %c\n", r[0], r[2 * PG], r[3 * PG]);
    printf("grown part beyond the file: %d\n", probe_read(r + 5 * PG));
    munmap(r, 8 * PG);

    // Beyond EOF at map time: SIGBUS, until the file grows.
    unsigned char *e = mmap(NULL, 8 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(e != MAP_FAILED);
    printf("page 5 of a 4-page file: %d\n", probe_read(e + 5 * PG));
    fill(fd, 4 * PG, 'g', 2 * PG);
    printf("after the file grew: %d\n", probe_read(e + 5 * PG));
    CHECK(ftruncate(fd, PG) == 0);
    printf("after truncation: page0 %d page2 %d\n", probe_read(e), probe_read(e + 2 * PG));
    // The kernel reading that memory for a syscall reports EFAULT.
    errno = 0;
    printf("nanosleep(cut-off page): %d %s\n", nanosleep((struct timespec *)(e + 2 * PG), NULL), errname(errno));
    unsigned char *sh = mmap(NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
    CHECK(sh != MAP_FAILED);
    errno = 0;
    printf("nanosleep(cut-off shared page): %d %s\n", nanosleep((struct timespec *)(sh + 2 * PG), NULL),
           errname(errno));
    munmap(sh, 4 * PG);
    munmap(e, 8 * PG);

    // Partial last page: zeros after EOF.
    CHECK(ftruncate(fd, 100) == 0);
    unsigned char *z = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(z != MAP_FAILED);
    printf("last page: %c %d %d\n", z[99], z[100], z[PG - 1]);
    munmap(z, PG);

    // /dev/shm may be mounted noexec; private mappings work there too.
    char shm[] = "/dev/shm/elfuse-mpf-XXXXXX";
    int sfd = mkstemp(shm);
    if (sfd >= 0) {
        unlink(shm);
        fill(sfd, 0, 's', 2 * PG);
        unsigned char *s = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, sfd, 0);
        CHECK(s != MAP_FAILED);
        s[0] = 'T';
        CHECK(mprotect(s, PG, PROT_READ) == 0);
        printf("shm: %c %c, write after mprotect: %d\n", s[0], s[PG], probe_write(s, 'U'));
        close(sfd);
    }
    close(fd);
    return finish();
}
