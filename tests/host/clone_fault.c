// Guest for clone_fault.sh (not a differential test: it only makes sense
// under elfuse with ELFUSE_FAIL_VCPU_SETUP=N, which fails the Nth thread
// start-up of the process with EAGAIN).
//   clone_fault pthread : 5 pthread_creates (the 3rd must fail), joins the
//                         others, then 5 more that must all succeed.
//   clone_fault raw     : clone() with CLONE_PARENT_SETTID|CLONE_CHILD_SETTID
//                         that must fail (N=1) leaving both TID slots 0,
//                         then one that succeeds.
#define _GNU_SOURCE
#include "../guest/common.h"
#include <errno.h>
#define FUTEX_WAIT 0 /* musl has no <linux/futex.h> */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *thr(void *a) { return (void *)((long)a * 2); }

static int do_pthread(void) {
    pthread_t t[5];
    int rc[5], eagain = 0, at = 0, joined = 0, more = 0, bad = 0;
    for (long i = 0; i < 5; i++) {
        memset(&t[i], 0, sizeof t[i]);
        rc[i] = pthread_create(&t[i], NULL, thr, (void *)i);
        printf("create %ld: %s\n", i + 1, rc[i] == 0 ? "ok" : rc[i] == EAGAIN ? "EAGAIN" : strerror(rc[i]));
        if (rc[i] == EAGAIN) {
            eagain++;
            at = i + 1;
        }
    }
    for (long i = 0; i < 5; i++) {
        void *r;
        if (rc[i] == 0 && pthread_join(t[i], &r) == 0) {
            joined++;
            if ((long)r != i * 2)
                bad++;
        }
    }
    // A joined thread may linger in /proc for a moment: poll briefly.
    int tasks_after_join = count_tasks();
    for (int i = 0; i < 1000 && tasks_after_join != 1; i++) {
        usleep(1000);
        tasks_after_join = count_tasks();
    }
    for (long i = 0; i < 5; i++) {
        pthread_t u;
        void *r;
        if (pthread_create(&u, NULL, thr, (void *)(i + 10)) == 0 && pthread_join(u, &r) == 0 &&
            (long)r == (i + 10) * 2)
            more++;
    }
    printf("summary: eagain=%d at=%d joined=%d bad=%d tasks=%d more=%d\n", eagain, at, joined,
           bad, tasks_after_join, more);
    return 0;
}

static volatile int child_ran;
static int child_fn(void *a) {
    (void)a;
    child_ran = 1;
    // No TLS of its own: leave through the raw exit system call.
    __asm__ volatile("syscall" ::"a"(SYS_exit), "D"(0) : "memory");
    return 0;
}

static int do_raw(void) {
    size_t sz = 1 << 16;
    char *stack = malloc(sz);
    pid_t ptid = 0, ctid = 0;
    int fl = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
             CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;
    int r = clone(child_fn, stack + sz, fl, NULL, &ptid, NULL, &ctid);
    int e = errno;
    usleep(20000);
    printf("raw clone 1: %s ptid=%s ctid=%s child_ran=%d\n", r < 0 ? (e == EAGAIN ? "EAGAIN" : strerror(e)) : "ok",
           ptid ? "set" : "0", ctid ? "set" : "0", child_ran);
    ptid = ctid = 0;
    r = clone(child_fn, stack + sz, fl, NULL, &ptid, NULL, &ctid);
    e = errno;
    // Wait for CLONE_CHILD_CLEARTID to zero ctid (the thread is gone).
    for (int i = 0; i < 2000 && r > 0; i++) {
        pid_t v = __atomic_load_n(&ctid, __ATOMIC_SEQ_CST);
        if (v == 0 && child_ran)
            break;
        if (v)
            syscall(SYS_futex, &ctid, FUTEX_WAIT, v, NULL, NULL, 0);
        else
            usleep(1000);
    }
    printf("raw clone 2: %s ptid==ret=%d child_ran=%d ctid cleared=%d\n",
           r < 0 ? strerror(e) : "ok", r > 0 && ptid == r, child_ran, ctid == 0);
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "raw") == 0)
        return do_raw();
    return do_pthread();
}
