/* run/vfork.c: a CLONE_VM|CLONE_VFORK child runs on a copy-on-write copy of
 * its parent's memory, not on the memory itself. posix_spawn (glibc, musl)
 * runs its child on a stack of its own and reports exec errors through a
 * slot on the parent's stack: for such children, the pages they changed in
 * the parent's stack window are written back when they exec or exit. Nothing
 * else is: sharing part of a heap would leave the parent inconsistent. */
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "mm/mm.h"
#include "run/run.h"

#define STACK_WINDOW (64 * 1024ULL)

static pid_t parent;
static uint64_t parent_rsp;

void run_vfork_remember(pid_t ppid, uint64_t rsp)
{
	parent = ppid;
	parent_rsp = rsp;
}

/* Write back [start, end) page by page where the child's copy differs. */
static void sync_range(struct mm *mm, uint64_t start, uint64_t end)
{
	static uint8_t theirs[PAGE_SIZE];
	for (uint64_t va = start & PAGE_MASK; va < end; va += PAGE_SIZE) {
		uint64_t *pte = mm_pte(mm, va, 0);
		if (!pte || !(*pte & 1) || (*pte & (1ULL << 10)))
			continue; /* absent, or host-shared already */
		uint8_t *mine = mm_phys(mm, *pte & 0x000ffffffffff000ULL);
		struct iovec local = {theirs, PAGE_SIZE}, remote = {mine, PAGE_SIZE};
		if (process_vm_readv(parent, &local, 1, &remote, 1, 0) != (ssize_t)PAGE_SIZE)
			continue;
		if (memcmp(theirs, mine, PAGE_SIZE) == 0)
			continue;
		local.iov_base = mine;
		process_vm_writev(parent, &local, 1, &remote, 1, 0);
	}
}

void run_vfork_writeback(struct process *p)
{
	if (!parent)
		return;
	struct mm *mm = p->mm;
	pthread_mutex_lock(&mm->lock);
	struct vma *sv = mm_find_vma(mm, parent_rsp);
	if (sv) {
		uint64_t end = parent_rsp + STACK_WINDOW < sv->end ? parent_rsp + STACK_WINDOW : sv->end;
		sync_range(mm, parent_rsp, end);
	}
	pthread_mutex_unlock(&mm->lock);
	parent = 0;
}
