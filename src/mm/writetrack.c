/* mm/writetrack.c: what a vfork child writes to the memory it shares with
 * its parent.
 *
 * A vfork child is a host process of its own, on a copy-on-write copy of
 * its parent's memory; on Linux it runs on that memory itself. So the child
 * starts with every private writable page read-only (PTE_TRACKED marks
 * them); its first write to one, by the guest or by a syscall through the
 * accessors, keeps a copy of the page as it was and makes it writable. When
 * the child execs or exits, the bytes that differ from those copies are
 * written into the parent: exactly what the child changed, so what the
 * parent's other threads changed meanwhile stays. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>

#include "mm/mm.h"
#include "mm/pte.h"

struct snap {
	uint64_t va, gpa;
	uint8_t *orig;
};

static struct snap *snaps;
static size_t nsnaps, capsnaps;
static int tracking;

static void forget_snaps(void)
{
	for (size_t i = 0; i < nsnaps; i++)
		free(snaps[i].orig);
	free(snaps);
	snaps = NULL;
	nsnaps = capsnaps = 0;
}

/* Make the private writable pages of [start, end) read-only, PTE_TRACKED,
 * skipping absent page tables whole. */
static void protect_range(struct mm *mm, uint64_t start, uint64_t end)
{
	uint64_t va = start;
	while (va < end) {
		uint64_t table = mm->cr3, span = 0;
		int level;
		for (level = 3; level > 0; level--) {
			uint64_t *e = (uint64_t *)mm_phys(mm, table) + ((va >> (12 + 9 * level)) & 511);
			if (!(*e & PTE_P)) {
				span = 1ULL << (12 + 9 * level);
				break;
			}
			table = *e & PTE_ADDR;
		}
		if (level > 0) { /* no table here: on to the next one */
			va = (va & ~(span - 1)) + span;
			continue;
		}
		uint64_t *pte = (uint64_t *)mm_phys(mm, table) + ((va >> 12) & 511);
		if ((*pte & (PTE_P | PTE_W | PTE_U)) == (PTE_P | PTE_W | PTE_U) && !(*pte & (PTE_MMIO | PTE_PINNED)))
			*pte = (*pte & ~PTE_W) | PTE_TRACKED;
		va += PAGE_SIZE;
	}
}

void mm_track_writes(struct mm *mm)
{
	forget_snaps();
	tracking = 1;
	for (struct vma *v = mm->vmas; v; v = v->next)
		if ((v->prot & GP_WRITE) && !(v->flags & MAP_SHARED) && v->kind != VMA_SHARED)
			protect_range(mm, v->start, v->end);
	__atomic_add_fetch(&mm->epoch, 1, __ATOMIC_RELEASE);
}

void mm_track_stop(void)
{
	forget_snaps();
	tracking = 0;
}

int mm_track_fault(struct mm *mm, uint64_t va, uint64_t *pte)
{
	if (!(*pte & PTE_TRACKED))
		return 0;
	if (tracking) {
		if (nsnaps == capsnaps) {
			size_t cap = capsnaps ? capsnaps * 2 : 64;
			struct snap *n = realloc(snaps, cap * sizeof *n);
			if (!n)
				return 0;
			snaps = n;
			capsnaps = cap;
		}
		uint8_t *copy = malloc(PAGE_SIZE);
		if (!copy)
			return 0;
		memcpy(copy, mm_phys(mm, *pte & PTE_ADDR), PAGE_SIZE);
		snaps[nsnaps++] = (struct snap){va & PAGE_MASK, *pte & PTE_ADDR, copy};
	}
	*pte = (*pte | PTE_W) & ~PTE_TRACKED;
	return 1;
}

/* Write the runs of bytes that differ between now and orig into pid at the
 * same host address (the parent's memory is laid out as ours). */
static void write_changes(pid_t pid, uint8_t *now, const uint8_t *orig)
{
	for (size_t i = 0; i < PAGE_SIZE;) {
		if (now[i] == orig[i]) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < PAGE_SIZE && (now[j] != orig[j] || (j + 1 < PAGE_SIZE && now[j + 1] != orig[j + 1])))
			j++;
		struct iovec local = {now + i, j - i}, remote = {now + i, j - i};
		process_vm_writev(pid, &local, 1, &remote, 1, 0);
		i = j;
	}
}

void mm_track_write_back(struct mm *mm, pid_t pid)
{
	for (size_t i = 0; i < nsnaps; i++) {
		uint64_t *pte = mm_pte(mm, snaps[i].va, 0);
		if (pte && (*pte & PTE_P) && (*pte & PTE_ADDR) == snaps[i].gpa) /* (not remapped since) */
			write_changes(pid, mm_phys(mm, snaps[i].gpa), snaps[i].orig);
	}
	mm_track_stop();
}
