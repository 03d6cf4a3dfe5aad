// proc_vfork_shared: a vfork child shares the parent's memory until it
// exits or execs (Linux CLONE_VM|CLONE_VFORK): a global and a stack variable
// written by the child are seen by the parent, and the parent stays
// suspended until then (the child sleeps first; the parent sees its write).
// glibc's posix_spawn relies on this to report exec errors.
#include "common.h"
#include <sys/wait.h>
#include <unistd.h>

static volatile int global_var = 1;

int main(void) {
    volatile int stack_var = 10;
    fflush(stdout);
    pid_t p = vfork();
    if (p == 0) {
        usleep(50000);
        global_var = 2;
        stack_var = 20;
        _exit(3);
    }
    printf("parent resumed: global_var=%d stack_var=%d\n", global_var, stack_var);
    int st;
    TEQ(waitpid(p, &st, 0) == p, 1);
    printf("exit %d\n", WEXITSTATUS(st));
    return finish();
}
