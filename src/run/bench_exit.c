/* run/bench_exit.c: `elfuse --bench-exit N`: the platform's raw exit round
 * trip (a guest store to the doorbell, exit to elfuse, resume), no handler. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "mm/mm.h"
#include "platform/layout.h"
#include "platform/vm.h"
#include "run/run.h"

int run_bench_exit(long n)
{
	struct vm *vm = vm_create();
	struct mm *mm = vm ? mm_create(vm) : NULL;
	if (!mm || mm_setup_sys_area(mm) < 0) {
		fprintf(stderr, "elfuse: cannot create a VM\n");
		return 125;
	}
	/* Guest code: 1: movabs %al, DOORBELL; jmp 1b */
	static const unsigned char code[] = {0xa2, 0, 0, 0, 0, 0, 0, 0, 0, 0xeb, 0xf5};
	uint64_t db = SYS_DOORBELL_VA;
	pthread_mutex_lock(&mm->lock);
	int64_t at = mm_mmap(mm, 0x400000, PAGE_SIZE, GP_READ | GP_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0,
			     NULL);
	uint64_t *pte = at > 0 ? mm_pte(mm, 0x400000, 0) : NULL;
	pthread_mutex_unlock(&mm->lock);
	if (!pte) {
		fprintf(stderr, "elfuse: cannot map the benchmark code\n");
		return 125;
	}
	unsigned char *h = mm_phys(mm, *pte & 0x000ffffffffff000ULL);
	memcpy(h, code, sizeof code);
	memcpy(h + 1, &db, 8);
	struct vcpu *v = vcpu_create(vm, 0, mm->cr3);
	if (!v)
		return 125;
	struct cpu_regs *r = vcpu_regs(v);
	memset(r, 0, sizeof *r);
	r->rip = 0x400000;
	r->rflags = 0x202;
	vcpu_regs_dirty(v);
	struct vcpu_event ev;
	struct timespec a, b;
	vcpu_run(v, &ev); /* warm-up, and the protocol probe */
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		if (vcpu_run(v, &ev) < 0 || ev.kind != EV_SYSCALL) {
			fprintf(stderr, "elfuse: unexpected exit in the benchmark\n");
			return 125;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double us = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / 1e3 / (double)n;
	printf("exit_roundtrip_us %.2f\nprotocol %s\n", us, vm_protocol_name());
	return 0;
}
