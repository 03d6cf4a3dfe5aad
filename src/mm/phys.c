/* mm/phys.c: the guest-physical slab, its memslots, and the page allocator. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mm/mm.h"
#include "platform/vm.h"

#define SLAB_RESERVE (64ULL << 30) /* address space only (MAP_NORESERVE) */
#define FIRST_SLOT (64ULL << 20)
#define MAX_SLOT (1ULL << 30)

/* Memslots are registered in growing chunks as the allocator reaches them:
 * registering costs time in proportion to size, so start small. */
static uint64_t next_slot_size(uint64_t registered)
{
	if (registered < FIRST_SLOT)
		return FIRST_SLOT;
	return registered < MAX_SLOT ? registered : MAX_SLOT;
}

static int grow_slots(struct mm *mm, uint64_t need_end)
{
	while (mm->slots_end < need_end) {
		uint64_t size = next_slot_size(mm->slots_end);
		if (mm->slots_end + size > mm->slab_size)
			return -ENOMEM;
		int r = vm_add_memory(mm->vm, mm->slots_end, mm->slab + mm->slots_end, size);
		if (r < 0)
			return r;
		mm->slots_end += size;
	}
	return 0;
}

int mm_attach_vm(struct mm *mm, struct vm *vm)
{
	uint64_t end = mm->slots_end;
	mm->vm = vm;
	mm->slots_end = 0;
	return grow_slots(mm, end);
}

struct mm *mm_create(struct vm *vm)
{
	struct mm *mm = calloc(1, sizeof *mm);
	if (!mm)
		return NULL;
	(void)mm_vsyscall_present(); /* looked up before any guest fd exists */
	/* Reserve as much as the host lets us (a hard RLIMIT_AS may say less). */
	uint64_t size = SLAB_RESERVE;
	for (;;) {
		mm->slab = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (mm->slab != MAP_FAILED || size <= (256ULL << 20))
			break;
		size /= 2;
	}
	if (mm->slab == MAP_FAILED) {
		free(mm);
		return NULL;
	}
	mm->slab_size = size;
	mm->vm = vm;
	mm->phys_top = PAGE_SIZE; /* keep GPA 0 unused: a zero PTE never looks valid */
	pthread_mutex_init(&mm->lock, NULL);
	int64_t pml4 = mm_alloc_page(mm);
	if (pml4 < 0) {
		mm_destroy(mm);
		return NULL;
	}
	mm->cr3 = (uint64_t)pml4;
	return mm;
}

void mm_destroy(struct mm *mm)
{
	if (!mm)
		return;
	struct vma *v = mm->vmas;
	while (v) {
		struct vma *n = v->next;
		free(v->name);
		free(v);
		v = n;
	}
	if (mm->slab && mm->slab != MAP_FAILED)
		munmap(mm->slab, mm->slab_size);
	free(mm->free_pages);
	free(mm);
}

int64_t mm_alloc_contig(struct mm *mm, uint64_t npages)
{
	uint64_t gpa = mm->phys_top;
	uint64_t end = gpa + npages * PAGE_SIZE;
	if (end > mm->slab_size || end < gpa)
		return -ENOMEM;
	int r = grow_slots(mm, end);
	if (r < 0)
		return r;
	mm->phys_top = end;
	return (int64_t)gpa;
}

int64_t mm_alloc_page(struct mm *mm)
{
	if (mm->nfree)
		return (int64_t)mm->free_pages[--mm->nfree];
	return mm_alloc_contig(mm, 1);
}

/* Freed pages are returned to the host (zeroing them, and firing the MMU
 * notifier so no vCPU keeps a stale translation of the old contents). */
void mm_free_page(struct mm *mm, uint64_t gpa)
{
	madvise(mm->slab + gpa, PAGE_SIZE, MADV_DONTNEED);
	if (mm->nfree == mm->free_cap) {
		size_t cap = mm->free_cap ? mm->free_cap * 2 : 1024;
		uint64_t *n = realloc(mm->free_pages, cap * sizeof *n);
		if (!n)
			return; /* leak the page rather than fail an unmap */
		mm->free_pages = n;
		mm->free_cap = cap;
	}
	mm->free_pages[mm->nfree++] = gpa;
}
