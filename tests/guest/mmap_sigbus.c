// mmap_sigbus: a file mapping that extends past the end of the file. The
// partial last page reads as zeros past EOF; whole pages beyond EOF raise
// SIGBUS (si_code BUS_ADRERR, si_addr the faulting byte) on read and write,
// for MAP_SHARED and MAP_PRIVATE, at an offset past EOF, and again after a
// shrinking ftruncate; growing the file makes the pages accessible. The
// kernel touching such pages (write() from them, read() into them) fails
// with EFAULT instead. Unhandled, SIGBUS kills with status 135.
#include "common.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096L

static sigjmp_buf jb;
static volatile sig_atomic_t got_sig, got_code;
static void *volatile got_addr;

static void on_bus(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    siglongjmp(jb, 1);
}

// Touch p (read or write); print what happened relative to base.
static void touch(const char *what, volatile char *base, long off, int write) {
    volatile char *p = base + off;
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        int v;
        if (write) {
            *p = 'w';
            v = *p;
        } else {
            v = *p;
        }
        printf("%s +%ld: %s ok, value %d\n", what, off, write ? "write" : "read", v);
    } else {
        printf("%s +%ld: %s signal %d code %d addr %s\n", what, off,
               write ? "write" : "read", (int)got_sig, (int)got_code,
               got_addr == (void *)p ? "exact" : "OTHER");
        if (got_sig != SIGBUS) {
            printf("FAIL: expected SIGBUS\n");
            g_failures++;
        }
    }
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = on_bus;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    T(sigaction(SIGBUS, &sa, NULL));

    int fd = T(open("f", O_RDWR | O_CREAT | O_TRUNC, 0644));
    char buf[100];
    for (int i = 0; i < 100; i++)
        buf[i] = 'a' + i % 26;
    TEQ(write(fd, buf, 100), 100);

    char *s = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(s != MAP_FAILED);
    touch("shared", s, 0, 0);
    touch("shared", s, 99, 0);
    touch("shared", s, 100, 0);   // past EOF, same page: zero
    touch("shared", s, PG - 1, 0);
    touch("shared", s, PG, 0);    // first whole page past EOF
    touch("shared", s, PG + 123, 1);
    touch("shared", s, 2 * PG + 5, 0);
    touch("shared", s, 200, 1);   // writable tail of the last page
    {
        struct stat st;
        fstat(fd, &st);
        printf("size after tail write %ld\n", (long)st.st_size);
    }

    char *pv = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(pv != MAP_FAILED);
    touch("private", pv, 50, 1);
    touch("private", pv, PG + 1, 0);
    touch("private", pv, PG + 2, 1);

    // The kernel reading or writing the hole: EFAULT, not a signal.
    int pp[2];
    T(pipe(pp));
    TERR(write(pp[1], s + PG, 16), EFAULT);
    TEQ(write(pp[1], s + 90, 10), 10);
    TERR(read(pp[0], s + PG, 10), EFAULT);
    T(read(pp[0], buf, 10));
    printf("pipe read %.10s\n", buf);
    int zfd = T(open("/dev/zero", O_RDONLY));
    TERR(read(zfd, s + 2 * PG, 8), EFAULT);

    // A mapping that starts past EOF.
    char *far = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 4 * PG);
    CHECK(far != MAP_FAILED);
    touch("far", far, 0, 0);

    // Grow the file: the pages become accessible and read zeros.
    T(ftruncate(fd, 2 * PG + 10));
    touch("grown", s, PG, 0);
    touch("grown", s, PG + 123, 1);
    touch("grown", s, 2 * PG + 4000, 0);
    // Shrink it: the data past the new EOF is gone.
    T(ftruncate(fd, 10));
    touch("shrunk", s, 5, 0);
    touch("shrunk", s, 20, 0);
    touch("shrunk", s, PG + 123, 0);

    // Unhandled: the process dies of SIGBUS.
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGBUS, SIG_DFL);
        volatile char *q = s + PG;
        *q;
        _exit(0);
    }
    int st = 0;
    CHECK(waitpid(pid, &st, 0) == pid);
    printf("child: signaled %d sig %d\n", WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : -1);

    T(munmap(s, 3 * PG));
    T(munmap(pv, 2 * PG));
    T(munmap(far, PG));
    return finish();
}
