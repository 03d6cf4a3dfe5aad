// thr_futex_waitv: futex_waitv (syscall 449) waits on several futexes and
// returns the index of the one woken; EAGAIN if a value differs at entry;
// ETIMEDOUT with an absolute CLOCK_MONOTONIC timeout; EINVAL for bad flags,
// zero/too many entries; ENOSYS is printed as-is if the host lacks it.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

// musl has no <linux/futex.h>.
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)

#ifndef FUTEX_32
#define FUTEX_32 2
#endif
struct waitv {
    uint64_t val, uaddr;
    uint32_t flags, reserved;
};

static uint32_t f[3];

static long waitv(struct waitv *w, unsigned n, struct timespec *ts) {
    return syscall(449, w, n, 0, ts, CLOCK_MONOTONIC);
}

static void *waker(void *a) {
    (void)a;
    usleep(30000);
    __atomic_store_n(&f[1], 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, &f[1], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    return NULL;
}

int main(void) {
    struct waitv w[3];
    for (int i = 0; i < 3; i++) {
        w[i].val = 0;
        w[i].uaddr = (uintptr_t)&f[i];
        w[i].flags = FUTEX_32 | FUTEX_PRIVATE_FLAG;
        w[i].reserved = 0;
    }
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += 20000000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    long r = waitv(w, 3, &ts);
    if (r < 0 && errno == ENOSYS) {
        printf("futex_waitv: ENOSYS\n");
        return 0;
    }
    printf("timeout: %ld %s\n", r, r < 0 ? errname(errno) : "");
    pthread_t t;
    pthread_create(&t, NULL, waker, NULL);
    TEQ(waitv(w, 3, NULL), 1);
    pthread_join(t, NULL);
    w[1].val = 0; // f[1] is 1 now
    TERR(waitv(w, 3, NULL), EAGAIN);
    w[1].val = 1;
    w[0].flags = 0x80; // bad flags
    TERR(waitv(w, 3, NULL), EINVAL);
    w[0].flags = FUTEX_32 | FUTEX_PRIVATE_FLAG;
    TERR(waitv(w, 0, NULL), EINVAL);
    TERR(waitv(w, 200, NULL), EINVAL);
    w[2].reserved = 1;
    TERR(waitv(w, 3, NULL), EINVAL);
    w[2].reserved = 0;
    w[2].uaddr = (uintptr_t)&f[2] + 1; // misaligned
    TERR(waitv(w, 3, NULL), EINVAL);
    w[2].uaddr = 8;
    TERR(waitv(w, 3, NULL), EFAULT);
    TERR(syscall(449, (void *)8, 3, 0, NULL, CLOCK_MONOTONIC), EFAULT);
    TERR(syscall(449, w, 3, 1, NULL, CLOCK_MONOTONIC), EINVAL);
    return finish();
}
