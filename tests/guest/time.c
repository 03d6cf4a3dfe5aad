// time: clock_gettime on the usual clocks (through the vDSO or the syscall)
// is sane and monotonic, clock_getres, gettimeofday/time agree with
// CLOCK_REALTIME, nanosleep and clock_nanosleep sleep at least as long as
// asked, and invalid arguments fail. Prints only booleans and constants.
#include "common.h"
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int64_t ns(struct timespec t) { return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec; }

int main(void) {
    struct timespec a, b, r;
    clockid_t clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME,
                          CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_PROCESS_CPUTIME_ID,
                          CLOCK_THREAD_CPUTIME_ID};
    for (unsigned i = 0; i < sizeof clocks / sizeof *clocks; i++) {
        int ok1 = clock_gettime(clocks[i], &a) == 0;
        int ok2 = clock_gettime(clocks[i], &b) == 0;
        int res = clock_getres(clocks[i], &r) == 0;
        printf("clock %d: gettime=%d nondecreasing=%d nsec-in-range=%d getres=%d res<=10ms=%d\n", (int)clocks[i],
               ok1 && ok2, ns(b) >= ns(a), a.tv_nsec >= 0 && a.tv_nsec < 1000000000, res,
               res && ns(r) > 0 && ns(r) <= 10000000);
    }
    TEQ(clock_getres(CLOCK_MONOTONIC, &r), 0);
    printf("monotonic res=%lld ns\n", (long long)ns(r));
    TERR(clock_gettime(12345, &a), EINVAL);
    TERR(syscall(SYS_clock_getres, 12345, &r), EINVAL);

    /* Monotonic over many calls. */
    int mono = 1;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 2000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        mono &= ns(b) >= ns(a);
        a = b;
    }
    CHECK(mono);

    /* Realtime is plausible (after 2023) and agrees with time() and gettimeofday(). */
    struct timeval tv;
    clock_gettime(CLOCK_REALTIME, &a);
    time_t t = time(NULL);
    CHECK(gettimeofday(&tv, NULL) == 0);
    CHECK(a.tv_sec > 1700000000);
    /* time() reads the coarse clock, which may lag a tick behind. */
    CHECK(t >= a.tv_sec - 1 && t - a.tv_sec < 5);
    CHECK(tv.tv_sec >= a.tv_sec && tv.tv_sec - a.tv_sec < 5 && tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    time_t t2 = 0;
    CHECK(syscall(SYS_time, &t2) >= a.tv_sec - 1 && t2 >= a.tv_sec - 1);

    /* Sleeps. */
    struct timespec d = {0, 10 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &a);
    TEQ(nanosleep(&d, NULL), 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    CHECK(ns(b) - ns(a) >= 10000000);
    CHECK(ns(b) - ns(a) < 2000000000);
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec until = {a.tv_sec, a.tv_nsec + 20000000};
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    TEQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL), 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    CHECK(ns(b) >= ns(until));
    TEQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &a, NULL), 0); /* in the past */
    struct timespec badd = {0, 1000000000};
    TERR(nanosleep(&badd, NULL), EINVAL);
    struct timespec neg = {-1, 0};
    TERR(nanosleep(&neg, NULL), EINVAL);
    printf("clock_nanosleep bad clock=%d\n", clock_nanosleep(12345, 0, &d, NULL));
    usleep(1000);

    /* CPU time moves when we burn CPU. */
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    volatile uint64_t x = 0;
    for (int i = 0; i < 30000000; i++)
        x += i;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    CHECK(ns(b) > ns(a));
    return finish();
}
