/* run/xport.c: the host side of the exit-free transport: one server thread
 * per process polls the vCPUs' shared pages and answers the calls that may
 * run off the vCPU thread; it spins only while calls keep coming. */
#include <errno.h>
#include <sched.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "platform/private_fd.h"
#include "platform/vm.h"
#include "platform/xport.h"
#include "run/run.h"
#include "syscall/syscall.h"
#include "syscall/trace.h"

#define IDLE_NS 200000     /* a server with nothing to do for this long goes to sleep */
#define BACKOFF_NS 20000000 /* after signs of CPU contention, leave it asleep this long */
#define STALL_NS 300000     /* a gap this long in the server's loop: it was descheduled */
#define GONE_NS 60000      /* the idle limit while no vCPU is in the guest (longer than an exit) */
#define ANSWERED_MIN 8     /* a wake-up that answered fewer calls did not pay for its core: */
#define USELESS_NS 1000000 /* the server stays asleep this long, */
#define USELESS_MAX 32      /* ... doubled each time in a row, up to this many times as long */
#define MAX_SLOTS 512

/* A call the server tried without blocking and handed back to the vCPU
 * thread (written by the server before the rejection, read by the vCPU
 * thread at the doorbell that follows). */
struct tried {
	int valid;
	uint64_t nr, a[6];
	uint64_t done; /* bytes already moved (the vCPU thread moves the rest) */
};

struct xport {
	volatile uint32_t *page[MAX_SLOTS]; /* shared page of each live slot, or NULL */
	struct thread *thread[MAX_SLOTS];
	int nslots; /* highest slot + 1 ever registered */
	uint32_t wake; /* futex: 1 = server asked to run */
	int running;   /* the server thread exists */
	int sleeping;
	int in_guest; /* vCPU threads of the process now running guest code */
	int useless;  /* server only: wake-ups in a row that answered nothing (backoff factor) */
	uint64_t last_doorbell_ns;
	uint64_t backoff_until; /* no waking the server before this (contention seen) */
	uint64_t primed_until;  /* see run_xport_prime: a burst of calls is due */
	/* The server sleeps in an epoll set (sleep_ep) holding an eventfd for
	 * wake-ups (wake_efd) and, edge-triggered, the /dev/fuse fd a daemon
	 * reads (watch_fd): a request wakes the server together with the vCPU
	 * thread, not after it. fd + 1; 0: none. */
	int sleep_ep, wake_efd;
	int watch_want, watch_have;
	uint64_t handoff[MAX_SLOTS];  /* see run_xport_handoff */
	uint64_t handback[MAX_SLOTS]; /* the same, from the server to the vCPU thread */
	int primed_cpu; /* 1 + the CPU of the vCPU thread that primed the server last; 0: none */
	struct tried tried[MAX_SLOTS]; /* see run_xport_take_tried */
	int disabled;
};

static struct xport xp;
static int xport_off = -1;

static uint32_t *u32(volatile uint32_t *pg, int off) { return (uint32_t *)((volatile char *)pg + off); }
static uint64_t *u64(volatile uint32_t *pg, int off) { return (uint64_t *)((volatile char *)pg + off); }

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void set_enabled(uint32_t on)
{
	int n = __atomic_load_n(&xp.nslots, __ATOMIC_ACQUIRE);
	for (int i = 0; i < n; i++) {
		volatile uint32_t *pg = __atomic_load_n(&xp.page[i], __ATOMIC_ACQUIRE);
		if (pg)
			__atomic_store_n(u32(pg, XD_ENABLED), on, __ATOMIC_SEQ_CST);
	}
}

static int server_awake(void)
{
	return __atomic_load_n(&xp.running, __ATOMIC_ACQUIRE) && !__atomic_load_n(&xp.sleeping, __ATOMIC_ACQUIRE);
}

/* Take and answer one posted call of slot i; returns 2 if it answered one,
 * 1 if it handed one back to the vCPU thread, else 0. */
static int serve(int i)
{
	volatile uint32_t *pg = __atomic_load_n(&xp.page[i], __ATOMIC_ACQUIRE);
	uint32_t expect = XS_POSTED;
	if (!pg || !__atomic_compare_exchange_n(u32(pg, XD_STATE), &expect, XS_BUSY, 0, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED))
		return 0;
	(void)__atomic_load_n(&xp.handoff[i], __ATOMIC_ACQUIRE);
	struct thread *t = __atomic_load_n(&xp.thread[i], __ATOMIC_ACQUIRE);
	uint64_t nr = *u64(pg, XD_NR);
	uint64_t a[6];
	memcpy(a, u64(pg, XD_ARGS), sizeof a);
	if (!t || __atomic_load_n(&xport_off, __ATOMIC_RELAXED) == 1) {
		/* (turned off: e.g. credentials changed, which this thread does not share) */
		__atomic_store_n(u32(pg, XD_STATE), XS_REJECTED, __ATOMIC_RELEASE);
		return 1;
	}
	uint64_t t0 = run_stats_on ? run_stats_now() : 0;
	long ret;
	uint64_t done = 0;
	if (syscall_server_eligible(t, nr, a)) {
		ret = syscall_dispatch(t, nr, a);
		/* A write or truncate past RLIMIT_FSIZE fails with EFBIG having
		 * changed nothing, and the host sent SIGXFSZ to this thread, which
		 * blocks every signal: the vCPU thread makes the call again, so
		 * the signal reaches the guest as Linux sends it. */
		if (ret == -EFBIG)
			ret = SYSCALL_XPORT_REJECT;
	} else {
		ret = syscall_server_try(t, nr, a, &done);
	}
	if (ret == SYSCALL_XPORT_REJECT || ret == SYSCALL_XPORT_BLOCKS) {
		struct tried *tr = &xp.tried[i];
		__atomic_store_n(&tr->valid, ret == SYSCALL_XPORT_BLOCKS, __ATOMIC_RELAXED);
		tr->nr = nr;
		memcpy(tr->a, a, sizeof tr->a);
		tr->done = done;
		if (ret == SYSCALL_XPORT_BLOCKS)
			run_stats_xport(done ? XSTAT_REST : XSTAT_BLOCKS);
		__atomic_add_fetch(&xp.handback[i], 1, __ATOMIC_RELEASE);
		__atomic_store_n(u32(pg, XD_STATE), XS_REJECTED, __ATOMIC_RELEASE);
		return 1;
	}
	if (run_stats_on)
		run_stats_syscall(nr, t0, 1);
	if (t->proc->trace)
		trace_syscall(t, nr, a, ret);
	run_ident_after(t, nr, a, ret);
	*u64(pg, XD_RESULT) = (uint64_t)ret;
	__atomic_add_fetch(&xp.handback[i], 1, __ATOMIC_RELEASE);
	__atomic_store_n(u32(pg, XD_STATE), XS_DONE, __ATOMIC_RELEASE);
	return 2;
}

static void server_sleep(void);

/* The server answers a primed vCPU's calls only from another CPU: on its
 * CPU, the vCPU spins in the guest for an answer that cannot come. Woken
 * on the CPU where a daemon's vCPU last took a request, the server leaves
 * it and keeps off it until the next such meeting: with the daemon's vCPUs
 * on one CPU and the server (with the processes that take turns with it)
 * on another, each hand-off is cheap. full: the CPUs it may use. */
static void avoid_primed_cpu(const cpu_set_t *full)
{
	int cpu = __atomic_load_n(&xp.primed_cpu, __ATOMIC_RELAXED) - 1;
	if (cpu < 0 || cpu >= CPU_SETSIZE || sched_getcpu() != cpu)
		return;
	cpu_set_t want = *full;
	CPU_CLR(cpu, &want);
	if (CPU_COUNT(&want) > 0)
		sched_setaffinity(0, sizeof want, &want);
}

static void *server_main(void *arg)
{
	(void)arg;
	cpu_set_t full;
	if (sched_getaffinity(0, sizeof full, &full) < 0)
		CPU_ZERO(&full);
	for (;;) {
		if (__atomic_load_n(&xport_off, __ATOMIC_RELAXED) != 1)
			set_enabled(1);
		uint64_t idle_since = now_ns(), last = idle_since;
		int answered = 0;
		for (unsigned n = 0;; n++) {
			int any = 0;
			int slots = __atomic_load_n(&xp.nslots, __ATOMIC_ACQUIRE);
			for (int i = 0; i < slots; i++)
				any |= serve(i);
			if (any)
				idle_since = 0;
			answered += (any & 2) != 0;
			/* Every vCPU is out of the guest (blocked in a host call,
			 * say): no post can come until one returns, so free the core
			 * for whoever it is waiting for. */
			int gone = !any && __atomic_load_n(&xp.in_guest, __ATOMIC_ACQUIRE) == 0;
			if (gone && answered && __atomic_load_n(&xp.primed_until, __ATOMIC_RELAXED)) {
				/* A primed burst is over (the daemon blocks for its next
				 * request): give the core back to the processes it serves. */
				__atomic_store_n(&xp.primed_until, 0, __ATOMIC_RELAXED);
				break;
			}
			if ((n & 63) == 0 || any) {
				uint64_t t = now_ns();
				if (t - last > STALL_NS) {
					/* Descheduled: the cores are busy; spinning only makes it worse. */
					__atomic_store_n(&xp.backoff_until, t + BACKOFF_NS, __ATOMIC_RELAXED);
					run_stats_xport(XSTAT_STALL);
					break;
				}
				last = t;
				if (!idle_since)
					idle_since = t;
				else if (t - idle_since > (gone ? GONE_NS : IDLE_NS)) {
					/* Woken for (almost) nothing: the calls that woke it
					 * block, or it may not make them, and its spinning
					 * took a core from the process the guest waits for.
					 * Stay asleep a while, longer each time in a row. */
					int primed = t < __atomic_load_n(&xp.primed_until, __ATOMIC_RELAXED) + IDLE_NS;
					xp.useless = answered >= ANSWERED_MIN || primed ? 0 : xp.useless ? xp.useless * 2 : 1;
					if (xp.useless > USELESS_MAX)
						xp.useless = USELESS_MAX;
					if (xp.useless)
						__atomic_store_n(&xp.backoff_until, t + USELESS_NS * (uint64_t)xp.useless,
								 __ATOMIC_RELAXED);
					break;
				}
			}
			if (__atomic_load_n(&xp.backoff_until, __ATOMIC_RELAXED) > last ||
			    __atomic_load_n(&xport_off, __ATOMIC_RELAXED) == 1)
				break;
			__builtin_ia32_pause();
		}
		/* Going to sleep: stop new posts, then answer what slipped in. */
		set_enabled(0);
		for (int i = 0; i < __atomic_load_n(&xp.nslots, __ATOMIC_ACQUIRE); i++)
			serve(i);
		__atomic_store_n(&xp.sleeping, 1, __ATOMIC_SEQ_CST);
		run_stats_xport(XSTAT_SLEEP);
		server_sleep();
		__atomic_store_n(&xp.sleeping, 0, __ATOMIC_SEQ_CST);
		if (CPU_COUNT(&full) > 1 && __atomic_load_n(&xp.primed_cpu, __ATOMIC_RELAXED))
			avoid_primed_cpu(&full);
	}
	return NULL;
}

static void *server_main(void *arg);

/* Start the server thread (the caller won the race for xp.running). */
static void start_server(void)
{
	int ep = epoll_create1(EPOLL_CLOEXEC), efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (ep >= 0 && efd >= 0) {
		ep = private_fd(ep);
		efd = private_fd(efd);
	}
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 0};
	if (ep >= 0 && efd >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0) {
		xp.sleep_ep = ep + 1;
		__atomic_store_n(&xp.wake_efd, efd + 1, __ATOMIC_RELEASE);
	} else {
		if (ep >= 0)
			close(ep);
		if (efd >= 0)
			close(efd);
	}
	if (run_helper_thread(server_main, NULL, 256 * 1024) < 0)
		__atomic_store_n(&xp.disabled, 1, __ATOMIC_RELAXED);
}

static void wake_server(void)
{
	__atomic_store_n(&xp.wake, 1, __ATOMIC_RELEASE);
	run_stats_xport(XSTAT_WAKE);
	int efd = __atomic_load_n(&xp.wake_efd, __ATOMIC_ACQUIRE);
	if (efd) {
		uint64_t one = 1;
		if (write(efd - 1, &one, sizeof one) < 0) {
			/* (a full counter wakes the server all the same) */
		}
	} else {
		syscall(SYS_futex, &xp.wake, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
}

static void start_or_wake_server(void)
{
	int expect = 0;
	if (__atomic_compare_exchange_n(&xp.running, &expect, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		start_server();
	else
		wake_server();
}

/* The server's sleep until a wake-up, or a request on the watched fd. */
static void server_sleep(void)
{
	if (!xp.sleep_ep) {
		while (__atomic_exchange_n(&xp.wake, 0, __ATOMIC_ACQ_REL) == 0)
			syscall(SYS_futex, &xp.wake, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
		return;
	}
	int want = __atomic_load_n(&xp.watch_want, __ATOMIC_ACQUIRE);
	if (want != xp.watch_have) {
		if (xp.watch_have)
			epoll_ctl(xp.sleep_ep - 1, EPOLL_CTL_DEL, xp.watch_have - 1, NULL);
		struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u32 = 1};
		xp.watch_have = want && epoll_ctl(xp.sleep_ep - 1, EPOLL_CTL_ADD, want - 1, &ev) == 0 ? want : 0;
	}
	while (__atomic_exchange_n(&xp.wake, 0, __ATOMIC_ACQ_REL) == 0) {
		struct epoll_event ev[2];
		int n = epoll_wait(xp.sleep_ep - 1, ev, 2, -1);
		int request = 0;
		for (int i = 0; i < n; i++) {
			if (ev[i].data.u32 == 1)
				request = 1;
			else {
				uint64_t v;
				if (read(__atomic_load_n(&xp.wake_efd, __ATOMIC_RELAXED) - 1, &v, sizeof v) < 0) {
					/* (drained already) */
				}
			}
		}
		if (request) {
			__atomic_store_n(&xp.primed_until, now_ns() + 100000, __ATOMIC_RELAXED);
			run_stats_xport(XSTAT_PRIMED);
			return;
		}
	}
}

static int enabled(void)
{
	int expect = -1;
	if (__atomic_load_n(&xport_off, __ATOMIC_RELAXED) < 0) {
		const char *e = getenv("ELFUSE_NO_FAST_SYSCALLS");
		int off = e && *e && strcmp(e, "0") != 0;
		/* (a thread may have turned it off meanwhile: that stays) */
		__atomic_compare_exchange_n(&xport_off, &expect, off, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
	}
	return !__atomic_load_n(&xport_off, __ATOMIC_RELAXED) && !__atomic_load_n(&xp.disabled, __ATOMIC_RELAXED);
}

/* Off for good (--no-fast-syscalls, or credentials changed): no page
 * accepts posts any more and the server goes to sleep for good. */
void run_xport_disable(void)
{
	__atomic_store_n(&xport_off, 1, __ATOMIC_RELAXED);
	set_enabled(0);
}

void run_xport_register(struct thread *t)
{
	if (!enabled() || t->slot < 0 || t->slot >= MAX_SLOTS)
		return;
	volatile uint32_t *pg = vcpu_xport_setup(t->vcpu);
	if (!pg)
		return;
	__atomic_store_n(u32(pg, XD_STATE), XS_FREE, __ATOMIC_RELAXED);
	__atomic_store_n(u32(pg, XD_ATTN), 0, __ATOMIC_RELAXED);
	run_ident_thread(t);
	__atomic_store_n(&xp.tried[t->slot].valid, 0, __ATOMIC_RELAXED); /* (a slot's earlier thread) */
	__atomic_store_n(&xp.thread[t->slot], t, __ATOMIC_RELEASE);
	__atomic_store_n(&xp.page[t->slot], pg, __ATOMIC_RELEASE);
	int n = __atomic_load_n(&xp.nslots, __ATOMIC_ACQUIRE);
	while (t->slot >= n && !__atomic_compare_exchange_n(&xp.nslots, &n, t->slot + 1, 0, __ATOMIC_ACQ_REL,
							       __ATOMIC_ACQUIRE))
		;
	__atomic_store_n(u32(pg, XD_ENABLED), server_awake(), __ATOMIC_RELEASE);
}

void run_xport_unregister(struct thread *t)
{
	volatile uint32_t *pg = t->slot >= 0 && t->slot < MAX_SLOTS ? __atomic_load_n(&xp.page[t->slot], __ATOMIC_ACQUIRE)
								    : NULL;
	run_ident_thread(t); /* the vCPU's next thread has other ids */
	if (!pg)
		return;
	__atomic_store_n(u32(pg, XD_ENABLED), 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&xp.page[t->slot], NULL, __ATOMIC_RELEASE);
	__atomic_store_n(&xp.thread[t->slot], NULL, __ATOMIC_RELEASE);
}

/* Called by a vCPU thread before it enters the guest: whatever it did so far
 * happens before any call the server answers for it afterwards. (The real
 * ordering goes through guest memory, which thread sanitizers cannot see.) */
void run_xport_handoff(struct thread *t)
{
	if (t->slot >= 0 && t->slot < MAX_SLOTS) {
		__atomic_add_fetch(&xp.handoff[t->slot], 1, __ATOMIC_RELEASE);
		__atomic_add_fetch(&xp.in_guest, 1, __ATOMIC_RELEASE);
	}
}

/* Called by a vCPU thread after the guest exits: the calls the server
 * answered meanwhile happen before what this thread does next. */
void run_xport_handback(struct thread *t)
{
	if (t->slot >= 0 && t->slot < MAX_SLOTS) {
		(void)__atomic_load_n(&xp.handback[t->slot], __ATOMIC_ACQUIRE);
		__atomic_sub_fetch(&xp.in_guest, 1, __ATOMIC_RELEASE);
	}
}

/* A fork child has no server thread: start over. */
void run_xport_after_fork(void)
{
	/* (the parent's server sleeps in these; the child makes its own) */
	if (xp.sleep_ep)
		close(xp.sleep_ep - 1);
	if (xp.wake_efd)
		close(xp.wake_efd - 1);
	memset(&xp, 0, sizeof xp);
}

/* Called on every doorbell syscall: a second eligible call soon after the
 * previous one means a syscall-dense phase: wake (or start) the server. */
void run_xport_note_doorbell(struct thread *t, uint64_t nr, const uint64_t *a, int withdrawn)
{
	(void)a;
	if (withdrawn) {
		/* The server did not answer in time: the machine is loaded (unless
		 * it was only woken for a primed burst and is still on its way). */
		uint64_t now = now_ns();
		if (now > __atomic_load_n(&xp.primed_until, __ATOMIC_RELAXED))
			__atomic_store_n(&xp.backoff_until, now + BACKOFF_NS, __ATOMIC_RELAXED);
		return;
	}
	if (!enabled() || t->slot < 0 || t->slot >= MAX_SLOTS)
		return;
	if (!__atomic_load_n(&xp.page[t->slot], __ATOMIC_ACQUIRE)) {
		run_xport_register(t); /* the entry protocol is known after the first exit */
		if (!__atomic_load_n(&xp.page[t->slot], __ATOMIC_ACQUIRE))
			return;
	}
	if (server_awake())
		return;
	uint64_t now = now_ns();
	if (now < __atomic_load_n(&xp.backoff_until, __ATOMIC_RELAXED))
		return;
	uint64_t prev = __atomic_exchange_n(&xp.last_doorbell_ns, now, __ATOMIC_RELAXED);
	if (now - prev > 50000 || nr == SYS_exit_group)
		return;
	start_or_wake_server();
}

/* A vCPU thread is about to return to the guest with work that brings a
 * burst of short eligible calls (a FUSE daemon that just got a request:
 * its backing-file calls and its reply): wake the server now, so that the
 * burst meets it awake instead of exiting call by call. The server goes
 * back to sleep as soon as the thread blocks again. */
void run_xport_prime(struct thread *t, int watch_fd)
{
	if (!enabled() || t->slot < 0 || t->slot >= MAX_SLOTS || !__atomic_load_n(&xp.page[t->slot], __ATOMIC_ACQUIRE))
		return;
	__atomic_store_n(&xp.primed_cpu, sched_getcpu() + 1, __ATOMIC_RELAXED);
	/* The next request on this fd wakes the server by itself. */
	__atomic_store_n(&xp.watch_want, watch_fd + 1, __ATOMIC_RELEASE);
	uint64_t now = now_ns();
	__atomic_store_n(&xp.primed_until, now + 100000, __ATOMIC_RELAXED);
	run_stats_xport(XSTAT_PRIMED);
	if (server_awake())
		return;
	/* (Posts are enabled by the server once it runs: until then calls
	 * exit as usual rather than spin for a server still on its way.) */
	start_or_wake_server();
}

/* At a doorbell: was this call (nr, a) tried by the server and handed back
 * because it would block? Then 1, with the bytes it already moved in *done. */
int run_xport_take_tried(struct thread *t, uint64_t nr, const uint64_t *a, uint64_t *done)
{
	if (t->slot < 0 || t->slot >= MAX_SLOTS)
		return 0;
	struct tried *tr = &xp.tried[t->slot];
	int hit = __atomic_exchange_n(&tr->valid, 0, __ATOMIC_RELAXED) && tr->nr == nr &&
		  memcmp(tr->a, a, sizeof tr->a) == 0;
	*done = hit ? tr->done : 0;
	return hit;
}

/* After an exit to the host: the transport's attention flag has done its job. */
void run_xport_clear_attn(struct thread *t)
{
	volatile uint32_t *pg = t->slot >= 0 && t->slot < MAX_SLOTS ? __atomic_load_n(&xp.page[t->slot], __ATOMIC_ACQUIRE)
								    : NULL;
	if (pg)
		__atomic_store_n(u32(pg, XD_ATTN), 0, __ATOMIC_RELEASE);
}
