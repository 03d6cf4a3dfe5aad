/* run/stats.c: `--stats`: per-syscall counts and time, VM exits by kind,
 * printed to stderr when the process ends. Off unless asked for. */
#include <fcntl.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "kernel/proc.h"
#include "platform/private_fd.h"
#include "platform/vm.h"
#include "run/run.h"
#include "syscall/syscall.h"

#define NSYS 512

int run_stats_on;
static int stats_fd = 2; /* a private copy of stderr: programs may close theirs */
static uint64_t count[NSYS], ns[NSYS], served[NSYS], inguest[NSYS];
static uint64_t exits[8];

static uint64_t xport_events[XSTAT_N];
static uint64_t fuse_n[FSTAT_N], fuse_ns[FSTAT_N];
static const char *const fuse_names[FSTAT_N] = {"client call (wait)", "daemon request->reply"};

static const char *const exit_names[] = {"syscall", "fault", "kick", "fatal", "xport-complete", "withdrawn"};
static const char *const xport_names[XSTAT_N] = {"tried, would block", "tried, rest on vCPU", "server stalled",
						 "server slept", "server woken", "primed for a burst"};

uint64_t run_stats_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void run_stats_syscall(uint64_t nr, uint64_t t0, int via_server)
{
	if (nr >= NSYS)
		return;
	__atomic_add_fetch(&count[nr], 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&ns[nr], run_stats_now() - t0, __ATOMIC_RELAXED);
	if (via_server)
		__atomic_add_fetch(&served[nr], 1, __ATOMIC_RELAXED);
}

void run_stats_exit(int kind)
{
	if (kind >= 0 && kind < 8)
		__atomic_add_fetch(&exits[kind], 1, __ATOMIC_RELAXED);
}

void run_stats_xport(int kind)
{
	if (run_stats_on && kind >= 0 && kind < XSTAT_N)
		__atomic_add_fetch(&xport_events[kind], 1, __ATOMIC_RELAXED);
}

void run_stats_fuse(int kind, uint64_t t0)
{
	if (run_stats_on && t0 && kind >= 0 && kind < FSTAT_N) {
		__atomic_add_fetch(&fuse_n[kind], 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&fuse_ns[kind], run_stats_now() - t0, __ATOMIC_RELAXED);
	}
}

void run_stats_init(void)
{
	if (run_stats_on) {
		int fd = private_fd(fcntl(2, F_DUPFD_CLOEXEC, 0));
		if (fd >= 0)
			stats_fd = fd;
	}
}

void run_stats_print(void)
{
	if (!run_stats_on)
		return;
	/* Calls the stub answered inside the guest (XI_KINDS order) never reach a handler. */
	static const int kind_nr[] = {SYS_getpid, SYS_getppid, SYS_gettid,  SYS_getuid,  SYS_geteuid,
				      SYS_getgid, SYS_getegid, SYS_getpgrp, SYS_getpgid, SYS_getsid};
	struct process *p = current_process;
	for (int s = 0; p && s < 512; s++)
		for (int k = 0; p->slot_vcpu[s] && k < (int)(sizeof kind_nr / sizeof kind_nr[0]); k++) {
			uint64_t h = vcpu_ident_hits(p->slot_vcpu[s], k);
			count[kind_nr[k]] += h;
			inguest[kind_nr[k]] += h;
		}
	char line[256];
	int n = snprintf(line, sizeof line, "elfuse stats for pid %d\n%-24s %10s %10s %10s %12s\n", (int)getpid(),
			 "syscall", "calls", "no-exit", "in-guest", "total us");
	if (write(stats_fd, line, (size_t)n) < 0)
		return;
	for (int i = 0; i < NSYS; i++) {
		if (!count[i])
			continue;
		const char *name = syscall_name((uint64_t)i);
		n = snprintf(line, sizeof line, "%-24s %10llu %10llu %10llu %12.1f\n", name ? name : "?",
			     (unsigned long long)count[i], (unsigned long long)(served[i] + inguest[i]),
			     (unsigned long long)inguest[i], (double)ns[i] / 1e3);
		if (write(stats_fd, line, (size_t)n) < 0)
			return;
	}
	for (int k = 0; k < 6; k++) {
		n = snprintf(line, sizeof line, "vm exits: %-16s %llu\n", exit_names[k], (unsigned long long)exits[k]);
		if (write(stats_fd, line, (size_t)n) < 0)
			return;
	}
	for (int k = 0; k < XSTAT_N; k++) {
		n = snprintf(line, sizeof line, "transport: %-20s %llu\n", xport_names[k],
			     (unsigned long long)xport_events[k]);
		if (write(stats_fd, line, (size_t)n) < 0)
			return;
	}
	for (int k = 0; k < FSTAT_N; k++) {
		if (!fuse_n[k])
			continue;
		n = snprintf(line, sizeof line, "fuse: %-22s %llu, mean %.1f us\n", fuse_names[k],
			     (unsigned long long)fuse_n[k], (double)fuse_ns[k] / 1e3 / (double)fuse_n[k]);
		if (write(stats_fd, line, (size_t)n) < 0)
			return;
	}
}
