/* syscall/futex.c: futexes map onto host futexes at the host address of the
 * guest word (private ones within this process, shared ones through host
 * MAP_SHARED memory), so wait/wake/requeue/PI semantics are the host's. */
#include <errno.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kernel/hostwait.h"
#include "syscall/syscall.h"

#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif

static uint32_t *futex_word(struct thread *t, uint64_t uaddr, int write)
{
	if (uaddr & 3)
		return NULL;
	return guest_span(t_mm(t), uaddr, 4, write ? GP_WRITE : GP_READ);
}

SYSCALL_DEFINE(futex)
{
	int op = (int)a[1];
	int cmd = op & FUTEX_CMD_MASK;
	uint32_t val = (uint32_t)a[2];
	if (a[0] & 3)
		return -EINVAL;
	uint32_t *w = futex_word(t, a[0], cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAKE &&
						       cmd != FUTEX_WAKE_BITSET);
	if (!w)
		return -EFAULT;
	struct timespec ts, *tsp = NULL;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
	case FUTEX_WAIT_REQUEUE_PI:
		if (a[3]) {
			if (guest_read(t_mm(t), a[3], &ts, sizeof ts) < 0)
				return -EFAULT;
			tsp = &ts;
		}
		break;
	default:
		break;
	}
	uint32_t *w2 = NULL;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		return host_wait(SYS_futex, w, op, val, tsp, NULL, (uint32_t)a[5]);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		return host_ret(syscall(SYS_futex, w, op, val, NULL, NULL, (uint32_t)a[5]));
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
	case FUTEX_TRYLOCK_PI:
	case FUTEX_UNLOCK_PI:
		return host_wait(SYS_futex, w, op, val, tsp, NULL, 0);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
	case FUTEX_WAKE_OP:
	case FUTEX_CMP_REQUEUE_PI:
		if (a[4] & 3)
			return -EINVAL;
		w2 = futex_word(t, a[4], 1);
		if (!w2)
			return -EFAULT;
		/* a[3] is val2 (a count), not a pointer, for these. */
		return host_ret(syscall(SYS_futex, w, op, val, (void *)(uintptr_t)a[3], w2, (uint32_t)a[5]));
	case FUTEX_WAIT_REQUEUE_PI:
		if (a[4] & 3)
			return -EINVAL;
		w2 = futex_word(t, a[4], 1);
		if (!w2)
			return -EFAULT;
		return host_wait(SYS_futex, w, op, val, tsp, w2, 0);
	default:
		return -ENOSYS;
	}
}

SYSCALL_DEFINE(futex_waitv)
{
	struct futex_waitv v[128];
	uint64_t n = a[1];
	if (a[2] || n == 0 || n > 128)
		return -EINVAL;
	if (guest_read(t_mm(t), a[0], v, n * sizeof v[0]) < 0)
		return -EFAULT;
	for (uint64_t i = 0; i < n; i++) {
		if (v[i].__reserved)
			return -EINVAL;
		uint32_t *h = futex_word(t, v[i].uaddr, 0);
		if (!h)
			return (v[i].uaddr & 3) ? -EINVAL : -EFAULT;
		v[i].uaddr = (uint64_t)(uintptr_t)h;
	}
	struct timespec ts, *tsp = NULL;
	if (a[3]) {
		if (guest_read(t_mm(t), a[3], &ts, sizeof ts) < 0)
			return -EFAULT;
		tsp = &ts;
	}
	return host_wait(SYS_futex_waitv, v, (unsigned)n, 0, tsp, (clockid_t)a[4]);
}
