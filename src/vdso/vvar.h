/* vdso/vvar.h: the data page the host publishes for the guest's vDSO clocks. */
#pragma once
#include <stdint.h>

/* ns(clock) = base_ns[clock] + ((tsc - tsc_base) * mult) >> shift, read
 * under a sequence counter (odd while the host writes). */
struct vvar_page {
	volatile uint32_t seq;
	uint32_t valid; /* 0: use the syscall */
	uint64_t tsc_base;
	uint32_t mult, shift;
	int64_t base_ns[8]; /* indexed by clockid: REALTIME 0, MONOTONIC 1, BOOTTIME 7 */
	int64_t res_ns;
};

#define VVAR_SIZE 4096
