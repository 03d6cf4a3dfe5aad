/* kernel/clock.c: keeps the vvar page's TSC-to-time mapping in step with the
 * host clocks, so vDSO clock reads need no VM exit. */
#include "kernel/clock.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include "platform/vm.h"
#include "vdso/vvar.h"

static struct vvar_page *page;
static int64_t tsc_offset; /* guest TSC - host TSC */
static uint64_t cal_tsc;   /* host TSC at the calibration start */
static int64_t cal_ns;     /* host MONOTONIC_RAW at the calibration start */
static int64_t last_publish_ns;
/* Serializes publishers (any vCPU thread may tick). */
static pthread_mutex_t publish_lock = PTHREAD_MUTEX_INITIALIZER;

static int64_t now_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* mult/shift so that ns = (cycles * mult) >> shift, with mult < 2^32. */
static void set_scale(double ns_per_cycle)
{
	uint32_t shift = 32;
	double m = ns_per_cycle * 4294967296.0;
	while (m >= 4294967295.0 && shift > 0) {
		m /= 2;
		shift--;
	}
	__atomic_store_n(&page->mult, (uint32_t)m, __ATOMIC_RELAXED);
	page->shift = shift;
}

static void publish(int first)
{
	uint64_t host_tsc = __builtin_ia32_rdtsc();
	int64_t real = now_ns(CLOCK_REALTIME), mono = now_ns(CLOCK_MONOTONIC), boot = now_ns(CLOCK_BOOTTIME);
	int64_t raw = now_ns(CLOCK_MONOTONIC_RAW);
	uint64_t guest_tsc = host_tsc + (uint64_t)tsc_offset;
	/* Never let the guest's MONOTONIC go back: continue from the old line if it is ahead. */
	if (!first) {
		int64_t d = (int64_t)(((unsigned __int128)(guest_tsc - page->tsc_base) * page->mult) >> page->shift);
		int64_t old_mono = page->base_ns[1] + d;
		if (old_mono > mono) {
			int64_t ahead = old_mono - mono;
			mono += ahead;
			boot += ahead;
		}
		if (raw - cal_ns > 100000000) /* refine the rate over the whole run */
			set_scale((double)(raw - cal_ns) / (double)(host_tsc - cal_tsc));
	}
	/* Seqlock writer. x86 keeps stores in order; only the compiler must not reorder. */
	__atomic_store_n(&page->seq, page->seq + 1, __ATOMIC_RELAXED);
	__asm__ volatile("" ::: "memory");
	page->tsc_base = guest_tsc;
	page->base_ns[0] = real;
	page->base_ns[1] = mono;
	page->base_ns[7] = boot;
	page->res_ns = 1;
	page->valid = page->mult != 0;
	__asm__ volatile("" ::: "memory");
	__atomic_store_n(&page->seq, page->seq + 1, __ATOMIC_RELEASE);
	__atomic_store_n(&last_publish_ns, raw, __ATOMIC_RELAXED);
}

void clock_publish_init(struct vvar_page *p, struct vcpu *v)
{
	uint32_t khz = 0;
	page = p;
	memset(page, 0, sizeof *page);
	if (vcpu_guest_tsc_offset(v, &tsc_offset, &khz) < 0 || khz == 0)
		return; /* page->valid stays 0: the vDSO uses the syscall */
	cal_tsc = __builtin_ia32_rdtsc();
	cal_ns = now_ns(CLOCK_MONOTONIC_RAW);
	set_scale(1e6 / (double)khz);
	publish(1);
}

int64_t clock_tsc_offset(void) { return tsc_offset; }

void clock_publish_tick(void)
{
	if (!page || !__atomic_load_n(&page->mult, __ATOMIC_RELAXED))
		return;
	if (now_ns(CLOCK_MONOTONIC_RAW) - __atomic_load_n(&last_publish_ns, __ATOMIC_RELAXED) < 500000000)
		return;
	if (pthread_mutex_trylock(&publish_lock) != 0)
		return;
	publish(0);
	pthread_mutex_unlock(&publish_lock);
}
