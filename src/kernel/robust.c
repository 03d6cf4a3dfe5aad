/* kernel/robust.c: robust futex lists: on thread death, mark the futexes the
 * thread still holds OWNER_DIED and wake a waiter, as the Linux kernel does. */
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/proc.h"
#include "mm/mm.h"

#define ROBUST_LIST_LIMIT 2048

static void release_one(struct mm *mm, uint64_t uaddr, pid_t tid, int pi)
{
	uint32_t *w = (uaddr & 3) ? NULL : guest_span(mm, uaddr, 4, GP_WRITE);
	if (!w)
		return;
	uint32_t old = __atomic_load_n(w, __ATOMIC_ACQUIRE);
	for (;;) {
		if ((old & FUTEX_TID_MASK) != (uint32_t)tid)
			return;
		uint32_t nv = (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (__atomic_compare_exchange_n(w, &old, nv, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			break;
	}
	if ((old & FUTEX_WAITERS) && !pi)
		syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
	else if (old & FUTEX_WAITERS)
		syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
}

void robust_list_release(struct thread *t)
{
	struct mm *mm = t->proc->mm;
	uint64_t head = t->robust_list;
	if (!head || t->robust_len != 24)
		return;
	uint64_t h[3]; /* list.next, futex_offset, list_op_pending */
	if (guest_read(mm, head, h, sizeof h) < 0)
		return;
	int64_t off = (int64_t)h[1];
	uint64_t pending = h[2] & ~1ULL;
	uint64_t entry = h[0];
	for (int n = 0; entry != head && n < ROBUST_LIST_LIMIT; n++) {
		uint64_t next;
		if (guest_read(mm, entry & ~1ULL, &next, sizeof next) < 0)
			break;
		if ((entry & ~1ULL) != pending)
			release_one(mm, (entry & ~1ULL) + (uint64_t)off, t->tid, (int)(entry & 1));
		entry = next;
	}
	if (pending)
		release_one(mm, pending + (uint64_t)off, t->tid, (int)(h[2] & 1));
	t->robust_list = 0;
}
