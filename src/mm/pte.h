/* mm/pte.h: page-table entry bits and mm-internal helpers. */
#pragma once
#include <stdint.h>

#include "mm/mm.h"

#define PTE_P (1ULL << 0)
#define PTE_W (1ULL << 1)
#define PTE_U (1ULL << 2)
#define PTE_A (1ULL << 5)
#define PTE_D (1ULL << 6)
#define PTE_NONE (1ULL << 9)   /* software: page allocated, PROT_NONE */
#define PTE_SHARED (1ULL << 10) /* software: backed by a host mapping (shared, or a private file) */
#define PTE_MMIO (1ULL << 11)   /* software: no memory behind it (doorbell) */
#define PTE_PINNED (1ULL << 52) /* software: page owned elsewhere (vvar): never freed by unmap */
#define PTE_TRACKED (1ULL << 53) /* software: writable, made read-only to see a vfork child's writes */
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL

static inline int pte_has_page(uint64_t e) { return (e & (PTE_P | PTE_NONE)) && !(e & PTE_MMIO); }

uint64_t pte_make(uint64_t gpa, int prot, int user);
void mm_invalidate_phys(struct mm *mm, uint64_t gpa, uint64_t len);

struct phys_run {
	uint64_t gpa, len;
};
void phys_run_add(struct phys_run *r, struct mm *mm, uint64_t gpa, void (*flush)(struct mm *, uint64_t, uint64_t));
void phys_run_flush(struct phys_run *r, struct mm *mm, void (*flush)(struct mm *, uint64_t, uint64_t));

/* writetrack.c: a write to a PTE_TRACKED page: keep its original and make
 * it writable. 1 if it was one. Lock held. */
int mm_track_fault(struct mm *mm, uint64_t va, uint64_t *pte);

/* Internal VMA helpers (vma.c) used by the fault and access paths. */
struct vma *vma_find(struct mm *mm, uint64_t addr);
int vma_populate(struct mm *mm, struct vma *v, uint64_t start, uint64_t end);
/* Fault in the page at va if its VMA allows `prot`; 0, -EFAULT or -ENOMEM. */
int mm_fault_in(struct mm *mm, uint64_t va, int prot);
