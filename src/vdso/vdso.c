/* vdso/vdso.c: the guest's vDSO: clocks from the guest TSC and the host's
 * published scale, no VM exit; other clocks fall back to the syscall. */
#include <stddef.h>
#include <stdint.h>

#include "vdso/vvar.h"

struct k_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};
struct k_timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};

extern const struct vvar_page vvar __attribute__((visibility("hidden")));

static long sys3(long nr, long a, long b, long c)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}

static inline uint64_t rdtsc_ordered(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

static int read_ns(int clk, int64_t *ns)
{
	const struct vvar_page *v = &vvar;
	uint32_t s;
	int64_t r;
	do {
		s = v->seq;
		__asm__ volatile("" ::: "memory");
		if (!v->valid || (s & 1))
			return -1;
		uint64_t d = rdtsc_ordered() - v->tsc_base;
		if ((int64_t)d < 0)
			d = 0;
		r = v->base_ns[clk] + (int64_t)(((unsigned __int128)d * v->mult) >> v->shift);
		__asm__ volatile("" ::: "memory");
	} while (s != v->seq);
	*ns = r;
	return 0;
}

static int served(long clk)
{
	return clk == 0 || clk == 1 || clk == 4 || clk == 5 || clk == 6 || clk == 7;
}

static int base_of(long clk)
{
	if (clk == 5)
		return 0; /* REALTIME_COARSE */
	if (clk == 4 || clk == 6)
		return 1; /* MONOTONIC_RAW, MONOTONIC_COARSE */
	return (int)clk;
}

int __vdso_clock_gettime(long clk, struct k_timespec *ts)
{
	int64_t ns;
	if (served(clk) && read_ns(base_of(clk), &ns) == 0) {
		ts->tv_sec = ns / 1000000000;
		ts->tv_nsec = ns % 1000000000;
		return 0;
	}
	return (int)sys3(228, clk, (long)ts, 0);
}

int __vdso_gettimeofday(struct k_timeval *tv, void *tz)
{
	int64_t ns;
	if (tv && read_ns(0, &ns) == 0) {
		tv->tv_sec = ns / 1000000000;
		tv->tv_usec = (ns % 1000000000) / 1000;
		if (!tz)
			return 0;
	}
	return (int)sys3(96, (long)tv, (long)tz, 0);
}

long __vdso_time(long *t)
{
	int64_t ns;
	if (read_ns(0, &ns) == 0) {
		long s = ns / 1000000000;
		if (t)
			*t = s;
		return s;
	}
	return sys3(201, (long)t, 0, 0);
}

int __vdso_clock_getres(long clk, struct k_timespec *res)
{
	if (served(clk) && clk != 5 && clk != 6 && vvar.valid) {
		if (res) {
			res->tv_sec = 0;
			res->tv_nsec = vvar.res_ns;
		}
		return 0;
	}
	return (int)sys3(229, clk, (long)res, 0);
}

long __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused)
{
	return sys3(309, (long)cpu, (long)node, (long)unused);
}

int clock_gettime(long, struct k_timespec *) __attribute__((weak, alias("__vdso_clock_gettime")));
int gettimeofday(struct k_timeval *, void *) __attribute__((weak, alias("__vdso_gettimeofday")));
long time(long *) __attribute__((weak, alias("__vdso_time")));
long getcpu(unsigned *, unsigned *, void *) __attribute__((weak, alias("__vdso_getcpu")));
int clock_getres(long, struct k_timespec *) __attribute__((weak, alias("__vdso_clock_getres")));
