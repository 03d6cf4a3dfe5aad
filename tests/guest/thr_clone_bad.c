// thr_clone_bad: clone flag combinations Linux rejects with EINVAL
// (CLONE_THREAD without CLONE_SIGHAND, CLONE_SIGHAND without CLONE_VM,
// CLONE_NEWNS|CLONE_FS, CLONE_PIDFD|CLONE_DETACHED), and clone3 with a bad size or
// bad pointer. The process keeps working and a normal thread still starts.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x1000
#endif

// Raw clone: with invalid flags it never creates anything, so no stack is
// needed. Arguments: flags, stack, parent_tid, child_tid, tls.
static long rclone(unsigned long fl, void *ptid) {
    return syscall(SYS_clone, fl, NULL, ptid, NULL, 0);
}

static void *thr(void *a) { return (void *)((intptr_t)a * 2); }

int main(void) {
    TERR(rclone(CLONE_THREAD | CLONE_VM, NULL), EINVAL);
    TERR(rclone(CLONE_SIGHAND, NULL), EINVAL);
    TERR(rclone(CLONE_SIGHAND | CLONE_THREAD, NULL), EINVAL);
    TERR(rclone(CLONE_NEWNS | CLONE_FS, NULL), EINVAL);
    TERR(rclone(CLONE_NEWUSER | CLONE_FS, NULL), EINVAL);
    TERR(rclone(CLONE_NEWPID | CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, NULL), EINVAL);
    int pidfd = -1;
    TERR(rclone(CLONE_PIDFD | CLONE_DETACHED, &pidfd), EINVAL);
    uint64_t args[11] = {0};
    TERR(syscall(SYS_clone3, args, 8), EINVAL);  // smaller than CLONE_ARGS_SIZE_VER0
    TERR(syscall(SYS_clone3, (void *)8, 88), EFAULT);
    args[0] = CLONE_THREAD; // no SIGHAND/VM
    TERR(syscall(SYS_clone3, args, 88), EINVAL);
    args[0] = 0;
    args[4] = SIGCHLD | 0x100; // exit_signal with bits outside CSIGNAL
    TERR(syscall(SYS_clone3, args, 88), EINVAL);
    pthread_t t;
    void *r;
    TEQ(pthread_create(&t, NULL, thr, (void *)21), 0);
    TEQ(pthread_join(t, &r), 0);
    printf("thread returned %ld\n", (long)(intptr_t)r);
    return finish();
}
