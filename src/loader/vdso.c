/* loader/vdso.c: maps the vvar page and the embedded vDSO image into a new image. */
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "loader/vdso.h"
#include "mm/mm.h"

extern const unsigned char vdso_image_start[], vdso_image_end[];

int vdso_map(struct mm *mm, uint64_t *vdso_base)
{
	uint64_t img = PAGE_UP((uint64_t)(vdso_image_end - vdso_image_start));
	if (!mm->vvar_gpa) {
		int64_t g = mm_alloc_page(mm);
		if (g < 0)
			return (int)g;
		mm->vvar_gpa = (uint64_t)g;
	}
	/* One range: [vvar][vdso text...], placed like any other mapping. */
	int64_t at = mm_mmap(mm, 0, PAGE_SIZE + img, GP_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, "[vvar]");
	if (at < 0)
		return (int)at;
	uint64_t base = (uint64_t)at + PAGE_SIZE;
	int r = mm_munmap(mm, (uint64_t)at, PAGE_SIZE);
	if (r < 0)
		return r;
	int64_t m = mm_mmap(mm, (uint64_t)at, PAGE_SIZE, GP_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0,
			    "[vvar]");
	if (m < 0)
		return (int)m;
	/* Replace the anonymous page with the shared vvar page. */
	uint64_t *pte = mm_pte(mm, (uint64_t)at, 1);
	if (!pte)
		return -ENOMEM;
	if (*pte & 1)
		mm_free_page(mm, *pte & 0x000ffffffffff000ULL);
	*pte = 0;
	r = mm_map_pinned(mm, (uint64_t)at, mm->vvar_gpa, GP_READ);
	if (r < 0)
		return r;
	struct vma *v = mm_find_vma(mm, base);
	if (v) {
		free(v->name);
		v->name = strdup("[vdso]");
		v->prot = GP_READ | GP_EXEC;
	}
	r = mm_populate(mm, base, base + img);
	if (r < 0)
		return r;
	for (uint64_t off = 0; off < img; off += PAGE_SIZE) {
		uint64_t *p = mm_pte(mm, base + off, 0);
		if (!p)
			return -ENOMEM;
		size_t n = (size_t)(vdso_image_end - vdso_image_start) - off;
		if (n > PAGE_SIZE)
			n = PAGE_SIZE;
		memcpy(mm_phys(mm, *p & 0x000ffffffffff000ULL), vdso_image_start + off, n);
		*p &= ~(1ULL << 63); /* executable */
		*p &= ~2ULL;         /* read-only */
	}
	*vdso_base = base;
	return 0;
}

struct vvar_page *vdso_vvar(struct mm *mm)
{
	return mm->vvar_gpa ? mm_phys(mm, mm->vvar_gpa) : NULL;
}
