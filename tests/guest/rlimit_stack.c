// rlimit_stack: a guest's RLIMIT_STACK governs the guest's stack (the next
// exec sizes it from the limit), not elfuse's own: after lowering it to
// 64 KiB, calls whose host side needs more stack than that (execve copying
// its arguments) still answer with Linux's errno.
#include "common.h"
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
    struct rlimit rl = {64 << 10, 64 << 10};
    TEQ(setrlimit(RLIMIT_STACK, &rl), 0);
    struct rlimit got;
    TEQ(getrlimit(RLIMIT_STACK, &got), 0);
    printf("stack limit %lu %lu\n", (unsigned long)got.rlim_cur, (unsigned long)got.rlim_max);
    char *argv[] = {"x", "y", NULL};
    char *envp[] = {"A=1", NULL};
    TERR(syscall(SYS_execve, "./no-such-program", argv, envp), ENOENT);
    TERR(syscall(SYS_execve, "", argv, envp), ENOENT);
    rl.rlim_max = 128 << 10; /* raising the hard limit needs CAP_SYS_RESOURCE */
    long r = setrlimit(RLIMIT_STACK, &rl);
    printf("raise hard limit: %s\n", r == 0 ? "ok" : errname(errno));
    TEQ(getrlimit(RLIMIT_STACK, &got), 0);
    printf("stack limit %lu %lu\n", (unsigned long)got.rlim_cur, (unsigned long)got.rlim_max);
    return finish();
}
