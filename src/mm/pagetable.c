/* mm/pagetable.c: host-built 4-level x86_64 page tables and TLB shootdown. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "mm/mm.h"
#include "mm/pte.h"
#include "platform/vm.h"

uint64_t *mm_pte(struct mm *mm, uint64_t va, int create)
{
	uint64_t table = mm->cr3;
	for (int level = 3; level > 0; level--) {
		unsigned idx = (unsigned)(va >> (12 + 9 * level)) & 511;
		uint64_t *e = (uint64_t *)mm_phys(mm, table) + idx;
		if (!(*e & PTE_P)) {
			if (!create)
				return NULL;
			int64_t page = mm_alloc_page(mm);
			if (page < 0)
				return NULL;
			*e = (uint64_t)page | PTE_P | PTE_W | PTE_U | PTE_A;
		}
		table = *e & PTE_ADDR;
	}
	return (uint64_t *)mm_phys(mm, table) + ((va >> 12) & 511);
}

uint64_t pte_make(uint64_t gpa, int prot, int user)
{
	uint64_t e = gpa | PTE_A | PTE_D;
	if (prot & (GP_READ | GP_WRITE | GP_EXEC))
		e |= PTE_P;
	else
		e |= PTE_NONE; /* page kept (PROT_NONE), no access */
	if (prot & GP_WRITE)
		e |= PTE_W;
	if (!(prot & GP_EXEC))
		e |= PTE_NX;
	if (user)
		e |= PTE_U;
	return e;
}

int mm_map_page(struct mm *mm, uint64_t va, uint64_t gpa, int prot, int user)
{
	uint64_t *pte = mm_pte(mm, va, 1);
	if (!pte)
		return -ENOMEM;
	*pte = pte_make(gpa, prot, user);
	return 0;
}

int mm_map_pinned(struct mm *mm, uint64_t va, uint64_t gpa, int prot)
{
	uint64_t *pte = mm_pte(mm, va, 1);
	if (!pte)
		return -ENOMEM;
	*pte = pte_make(gpa, prot, 1) | PTE_PINNED;
	return 0;
}

/* Shadow paging does not see host edits of guest PTEs: to take a translation
 * away while keeping the data, fire the host MMU notifier on the backing
 * range by changing and restoring its host protection. */
void mm_invalidate_phys(struct mm *mm, uint64_t gpa, uint64_t len)
{
	mprotect(mm->slab + gpa, len, PROT_READ | PROT_WRITE | PROT_EXEC);
	mprotect(mm->slab + gpa, len, PROT_READ | PROT_WRITE);
	__atomic_add_fetch(&mm->epoch, 1, __ATOMIC_RELEASE);
}

/* Batches contiguous physical runs so a large change costs few host calls. */
void phys_run_add(struct phys_run *r, struct mm *mm, uint64_t gpa, void (*flush)(struct mm *, uint64_t, uint64_t))
{
	if (r->len && r->gpa + r->len == gpa) {
		r->len += PAGE_SIZE;
		return;
	}
	if (r->len && gpa + PAGE_SIZE == r->gpa) { /* pages handed out top-down */
		r->gpa = gpa;
		r->len += PAGE_SIZE;
		return;
	}
	if (r->len)
		flush(mm, r->gpa, r->len);
	r->gpa = gpa;
	r->len = PAGE_SIZE;
}

void phys_run_flush(struct phys_run *r, struct mm *mm, void (*flush)(struct mm *, uint64_t, uint64_t))
{
	if (r->len)
		flush(mm, r->gpa, r->len);
	r->len = 0;
}
