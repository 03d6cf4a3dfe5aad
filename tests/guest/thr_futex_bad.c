// thr_futex_bad: futex argument errors: misaligned address -> EINVAL,
// unmapped address -> EFAULT, value mismatch -> EAGAIN, timeout with
// tv_nsec >= 1e9 or negative -> EINVAL, relative timeout expiry ->
// ETIMEDOUT, unknown op -> ENOSYS, FUTEX_WAIT_BITSET with bitset 0 -> EINVAL,
// FUTEX_CLOCK_REALTIME only with the bitset ops (else ENOSYS), requeue
// errors (EAGAIN on a value mismatch, EINVAL for a misaligned target or a
// negative count).
#include "common.h"
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256

static long fx(void *a, int op, uint32_t v, void *ts, void *a2, uint32_t v3) {
    return syscall(SYS_futex, a, op, v, ts, a2, v3);
}

static uint32_t w[4] __attribute__((aligned(16)));

int main(void) {
    char *mis = (char *)&w[0] + 1;
    TERR(fx(mis, FUTEX_WAIT, 0, NULL, NULL, 0), EINVAL);
    TERR(fx(mis, FUTEX_WAKE, 1, NULL, NULL, 0), EINVAL);
    TERR(fx((void *)8, FUTEX_WAIT, 0, NULL, NULL, 0), EFAULT);
    TERR(fx((void *)8, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0), EFAULT);
    TERR(fx(&w[0], FUTEX_WAIT, 5, NULL, NULL, 0), EAGAIN);
    struct timespec bad = {0, 1000000000};
    TERR(fx(&w[0], FUTEX_WAIT, 0, &bad, NULL, 0), EINVAL);
    struct timespec neg = {-1, 0};
    TERR(fx(&w[0], FUTEX_WAIT, 0, &neg, NULL, 0), EINVAL);
    struct timespec negns = {0, -1};
    TERR(fx(&w[0], FUTEX_WAIT, 0, &negns, NULL, 0), EINVAL);
    TERR(fx(&w[0], FUTEX_WAIT, 0, (void *)8, NULL, 0), EFAULT);
    struct timespec shortt = {0, 10000000};
    TERR(fx(&w[0], FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &shortt, NULL, 0), ETIMEDOUT);
    TERR(fx(&w[0], FUTEX_WAIT_BITSET, 0, NULL, NULL, 0), EINVAL);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    TERR(fx(&w[0], FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, &now, NULL, 0xffffffff),
         ETIMEDOUT); // absolute, already past
    clock_gettime(CLOCK_REALTIME, &now);
    TERR(fx(&w[0], FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &now, NULL, 0xffffffff),
         ETIMEDOUT);
    TERR(fx(&w[0], FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &shortt, NULL, 0), ENOSYS);
    TERR(fx(&w[0], FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0), ENOSYS);
    TERR(fx(&w[0], 99, 0, NULL, NULL, 0), ENOSYS);
    TEQ(fx(&w[0], FUTEX_WAKE, 1, NULL, NULL, 0), 0);
    TEQ(fx(&w[0], FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 100, NULL, NULL, 0), 0);
    TERR(fx(&w[0], FUTEX_CMP_REQUEUE, 1, (void *)1, &w[1], 7), EAGAIN);
    TEQ(fx(&w[0], FUTEX_CMP_REQUEUE, 1, (void *)1, &w[1], 0), 0);
    TERR(fx(&w[0], FUTEX_CMP_REQUEUE, 1, (void *)1, mis, 0), EINVAL);
    TEQ(fx(&w[0], FUTEX_CMP_REQUEUE, 1, (void *)1, &w[0], 0), 0); // same futex: allowed
    TERR(fx(&w[0], FUTEX_CMP_REQUEUE, -1, (void *)1, &w[1], 0), EINVAL);
    return finish();
}
