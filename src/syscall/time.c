/* syscall/time.c: clocks and sleeps: time, gettimeofday, clock_*, nanosleep, times. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#include "kernel/hostwait.h"
#include "kernel/sigstate.h"
#include "syscall/syscall.h"

#define NSEC_PER_SEC 1000000000L

/* The x86_64 kernel's struct __kernel_timespec / timeval / timezone. */
struct k_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};
struct k_timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};
struct k_timezone {
	int32_t tz_minuteswest;
	int32_t tz_dsttime;
};
struct k_tms {
	int64_t utime, stime, cutime, cstime;
};

static int ts_valid(const struct k_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}

static int read_ts(struct thread *t, uint64_t gva, struct k_timespec *ts)
{
	return guest_read(t_mm(t), gva, ts, sizeof(*ts));
}

static int write_ts(struct thread *t, uint64_t gva, const struct timespec *hts)
{
	struct k_timespec ts = {hts->tv_sec, hts->tv_nsec};
	return guest_write(t_mm(t), gva, &ts, sizeof(ts));
}

SYSCALL_DEFINE(time)
{
	int64_t now = (int64_t)time(NULL);
	if (a[0]) {
		int r = guest_write(t_mm(t), a[0], &now, sizeof(now));
		if (r < 0)
			return r;
	}
	return now;
}

SYSCALL_DEFINE(gettimeofday)
{
	struct timeval tv;
	struct timezone tz;
	long r = host_ret(syscall(SYS_gettimeofday, &tv, &tz));
	if (r < 0)
		return r;
	if (a[0]) {
		struct k_timeval ktv = {tv.tv_sec, tv.tv_usec};
		int w = guest_write(t_mm(t), a[0], &ktv, sizeof(ktv));
		if (w < 0)
			return w;
	}
	if (a[1]) {
		struct k_timezone ktz = {tz.tz_minuteswest, tz.tz_dsttime};
		int w = guest_write(t_mm(t), a[1], &ktz, sizeof(ktz));
		if (w < 0)
			return w;
	}
	return 0;
}

/* The guest may not set the host's clock: validate as Linux does, then EPERM. */
SYSCALL_DEFINE(settimeofday)
{
	struct k_timeval tv = {0, 0};
	if (a[0]) {
		int r = guest_read(t_mm(t), a[0], &tv, sizeof(tv));
		if (r < 0)
			return r;
		if (tv.tv_usec < 0 || tv.tv_usec > 1000000)
			return -EINVAL;
	}
	if (a[1]) {
		struct k_timezone tz;
		int r = guest_read(t_mm(t), a[1], &tz, sizeof(tz));
		if (r < 0)
			return r;
	}
	if (a[0] && (tv.tv_sec < 0 || tv.tv_usec == 1000000))
		return -EINVAL;
	return -EPERM;
}

SYSCALL_DEFINE(clock_gettime)
{
	struct timespec ts;
	long r = host_ret(syscall(SYS_clock_gettime, (clockid_t)a[0], &ts));
	if (r < 0)
		return r;
	return write_ts(t, a[1], &ts);
}

SYSCALL_DEFINE(clock_getres)
{
	struct timespec ts;
	long r = host_ret(syscall(SYS_clock_getres, (clockid_t)a[0], &ts));
	if (r < 0)
		return r;
	if (!a[1])
		return 0;
	return write_ts(t, a[1], &ts);
}

/* Linux: an unknown clock or one without a setter is EINVAL; setting
 * REALTIME or a CPU clock needs privileges the guest does not get. */
SYSCALL_DEFINE(clock_settime)
{
	clockid_t clk = (clockid_t)a[0];
	struct timespec res;
	if (syscall(SYS_clock_getres, clk, &res) < 0)
		return -EINVAL;
	switch (clk) {
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
	case CLOCK_TAI:
		return -EINVAL;
	default:
		break;
	}
	struct k_timespec ts;
	int r = read_ts(t, a[1], &ts);
	if (r < 0)
		return r;
	if (clk == CLOCK_REALTIME && !ts_valid(&ts))
		return -EINVAL;
	return -EPERM;
}

/* adjtimex on the system clock: reading the kernel's time variables (modes
 * 0, or ADJ_OFFSET_SS_READ) is anyone's; changing them needs CAP_SYS_TIME,
 * which the guest does not get for the host's clock. The checks come in
 * Linux's order (timekeeping_validate_timex). */
#define K_ADJ_OFFSET_SINGLESHOT 0x0001 /* the kernel's bits (glibc's ADJ_OFFSET_SINGLESHOT is 0x8001) */
#define K_ADJ_OFFSET_READONLY 0x2000
#define K_ADJ_ADJTIME 0x8000

static long adjtimex_common(struct thread *t, clockid_t clk, uint64_t gva)
{
	struct timex tx;
	int r = guest_read(t_mm(t), gva, &tx, sizeof tx);
	if (r < 0)
		return r;
	unsigned modes = tx.modes;
	if (modes & K_ADJ_ADJTIME) {
		if (!(modes & K_ADJ_OFFSET_SINGLESHOT))
			return -EINVAL;
		if (!(modes & K_ADJ_OFFSET_READONLY))
			return -EPERM;
	} else if (modes) {
		return -EPERM;
	}
	long ret = host_ret(syscall(SYS_clock_adjtime, clk, &tx));
	if (ret < 0)
		return ret;
	r = guest_write(t_mm(t), gva, &tx, sizeof tx);
	return r < 0 ? r : ret;
}

SYSCALL_DEFINE(adjtimex) { return adjtimex_common(t, CLOCK_REALTIME, a[0]); }

/* Other clocks: the host says which ones have no adjtime (EINVAL,
 * EOPNOTSUPP); changing any of them is refused like the system clock's. */
SYSCALL_DEFINE(clock_adjtime)
{
	clockid_t clk = (clockid_t)a[0];
	if (clk == CLOCK_REALTIME)
		return adjtimex_common(t, clk, a[1]);
	struct timex tx;
	int r = guest_read(t_mm(t), a[1], &tx, sizeof tx);
	if (r < 0)
		return r;
	unsigned modes = tx.modes;
	tx.modes = 0;
	long ret = host_ret(syscall(SYS_clock_adjtime, clk, &tx));
	if (ret < 0 || modes)
		return ret < 0 ? ret : -EPERM;
	r = guest_write(t_mm(t), a[1], &tx, sizeof tx);
	return r < 0 ? r : ret;
}

/* Sleep on the host until the request is over or a guest signal arrives.
 * Host EINTRs that no guest signal explains (elfuse's own kicks) resume the
 * sleep with the remaining time. Returns 0, -EINTR (with *rem set for
 * relative sleeps), or a host error. */
static long sleep_host(struct thread *t, clockid_t clk, int flags, struct timespec req, struct timespec *rem)
{
	for (;;) {
		struct timespec left = req; /* (what is left if the sleep never began) */
		long r = host_wait(SYS_clock_nanosleep, clk, flags, &req, (flags & TIMER_ABSTIME) ? NULL : &left);
		if (r != -EINTR)
			return r;
		if (!(flags & TIMER_ABSTIME))
			req = left;
		if (thread_wait_over(t)) {
			if (rem)
				*rem = left;
			return -EINTR;
		}
	}
}

SYSCALL_DEFINE(nanosleep)
{
	struct k_timespec kreq;
	int r = read_ts(t, a[0], &kreq);
	if (r < 0)
		return r;
	if (!ts_valid(&kreq))
		return -EINVAL;
	struct timespec req = {kreq.tv_sec, kreq.tv_nsec}, rem = {0, 0};
	long s = sleep_host(t, CLOCK_MONOTONIC, 0, req, &rem);
	if (s == -EINTR && a[1]) {
		int w = write_ts(t, a[1], &rem);
		if (w < 0)
			return w;
	}
	return s;
}

SYSCALL_DEFINE(clock_nanosleep)
{
	clockid_t clk = (clockid_t)a[0];
	int flags = (int)a[1];
	struct k_timespec kreq;
	int r = read_ts(t, a[2], &kreq);
	if (r < 0) {
		/* Linux rejects a bad clock before reading the request: ask the
		 * host about the clock with a sleep that ends at once. */
		struct timespec zero = {0, 0};
		int hr = clock_nanosleep(clk, TIMER_ABSTIME, &zero, NULL);
		return hr && hr != EINTR ? -hr : r;
	}
	struct timespec req = {kreq.tv_sec, kreq.tv_nsec}, rem = {0, 0};
	if (!ts_valid(&kreq)) {
		/* The host checks the clock first, then rejects the time. */
		int hr = clock_nanosleep(clk, flags, &req, NULL);
		return hr ? -hr : -EINVAL;
	}
	/* Linux ignores flags other than TIMER_ABSTIME for ordinary clocks. */
	long s = sleep_host(t, clk, flags, req, &rem);
	if (s == -EINTR && !(flags & TIMER_ABSTIME) && a[3]) {
		int w = write_ts(t, a[3], &rem);
		if (w < 0)
			return w;
	}
	return s;
}

SYSCALL_DEFINE(times)
{
	struct tms tms;
	/* The raw syscall: its value is jiffies-based clock ticks, never an error. */
	long ticks = syscall(SYS_times, &tms);
	if (a[0]) {
		struct k_tms k = {tms.tms_utime, tms.tms_stime, tms.tms_cutime, tms.tms_cstime};
		int w = guest_write(t_mm(t), a[0], &k, sizeof(k));
		if (w < 0)
			return w;
	}
	return ticks;
}
