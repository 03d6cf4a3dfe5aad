/* mm/sysarea.c: maps the platform's system area (GDT, IDT, stubs, TSS, kernel stacks). */
#include <errno.h>

#include "mm/mm.h"
#include "mm/pte.h"
#include "platform/vm.h"

static void *map_sys_page_locked(struct mm *mm, const struct sys_area_page *p)
{
	uint64_t *pte = mm_pte(mm, p->va, 1);
	if (!pte)
		return NULL;
	if (p->mmio) {
		*pte = vm_doorbell_gpa() | PTE_P | PTE_W | PTE_U | PTE_A | PTE_D | PTE_NX | PTE_MMIO;
		return (void *)1; /* nothing to write there; non-NULL means success */
	}
	if (!(*pte & PTE_P)) {
		int64_t gpa = mm_alloc_page(mm);
		if (gpa < 0)
			return NULL;
		int prot = GP_READ | (p->write ? GP_WRITE : 0) | (p->exec ? GP_EXEC : 0);
		*pte = pte_make((uint64_t)gpa, prot, p->user);
	}
	return mm_phys(mm, *pte & PTE_ADDR);
}

/* Called by the platform at set-up and later for per-vCPU pages (transport),
 * from any vCPU thread: takes the mm lock itself. */
static void *map_sys_page(void *ctx, const struct sys_area_page *p)
{
	struct mm *mm = ctx;
	pthread_mutex_lock(&mm->lock);
	void *h = map_sys_page_locked(mm, p);
	pthread_mutex_unlock(&mm->lock);
	return h;
}

int mm_setup_sys_area(struct mm *mm) { return vm_setup_sys_area(mm->vm, map_sys_page, mm); }
