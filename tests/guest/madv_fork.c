// madv_fork: MADV_WIPEONFORK pages read as zeros in a forked child (and in
// its own children: the advice is inherited), MADV_DONTFORK ranges are not
// mapped in the child (SIGSEGV), the parent keeps its data, MADV_KEEPONFORK
// and MADV_DOFORK undo them; WIPEONFORK is EINVAL on shared or file
// mappings, and unmapped ranges are ENOMEM.
#include "common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static char *a;

static int run_child(void (*fn)(void)) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        fn();
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    if (WIFSIGNALED(st))
        printf("child killed by signal %d\n", WTERMSIG(st));
    else
        printf("child exit %d\n", WEXITSTATUS(st));
    return st;
}

static void grandchild(void) { printf("grandchild: wiped %d kept %d\n", a[0], a[8192]); }

static void child(void) {
    printf("child: wiped %d kept %d\n", a[0], a[8192]);
    a[0] = 5;
    printf("child: wiped page written %d\n", a[0]);
    run_child(grandchild);
    printf("child: touching the DONTFORK page\n");
    fflush(stdout);
    *(volatile char *)(a + 4096) = 1;
    printf("child: still alive\n");
}

static void child2(void) { printf("child2: %d %d %d\n", a[0], a[4096], a[8192]); }

int main(void) {
    a = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(a, 9, 3 * 4096);
    TEQ(madvise(a, 4096, MADV_WIPEONFORK), 0);
    TEQ(madvise(a + 4096, 4096, MADV_DONTFORK), 0);
    run_child(child);
    printf("parent: %d %d %d\n", a[0], a[4096], a[8192]);
    TEQ(madvise(a, 4096, MADV_KEEPONFORK), 0);
    TEQ(madvise(a + 4096, 4096, MADV_DOFORK), 0);
    run_child(child2);

    char *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    TERR(madvise(s, 4096, MADV_WIPEONFORK), EINVAL);
    TEQ(madvise(s, 4096, MADV_DONTFORK), 0);
    int fd = open("/proc/self/exe", O_RDONLY);
    char *f = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    TERR(madvise(f, 4096, MADV_WIPEONFORK), EINVAL);
    TEQ(munmap(a + 8192, 4096), 0);
    TERR(madvise(a, 3 * 4096, MADV_DONTFORK), ENOMEM);
    TERR(madvise(a + 8192, 4096, MADV_WIPEONFORK), ENOMEM);
    return finish();
}
