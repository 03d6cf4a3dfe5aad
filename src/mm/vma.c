/* mm/vma.c: the VMA list and the mapping operations behind mmap, munmap,
 * mprotect, mremap, brk, madvise and mincore. Callers hold mm->lock. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sysinfo.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mm/mm.h"
#include "mm/pte.h"
#include "platform/private_fd.h"

#define MMAP_MIN_ADDR 0x10000ULL
#define EAGER_LIMIT (1ULL << 20)    /* anonymous mappings up to this size are populated at once */
#define FAULT_AROUND (256 * PAGE_SIZE) /* a demand fault maps this aligned window */

struct vma *vma_find(struct mm *mm, uint64_t addr)
{
	for (struct vma *v = mm->vmas; v && v->start <= addr; v = v->next)
		if (addr < v->end)
			return v;
	return NULL;
}

struct vma *mm_find_vma(struct mm *mm, uint64_t addr) { return vma_find(mm, addr); }

static struct mapped_file *mf_new(int fd)
{
	struct mapped_file *mf = malloc(sizeof *mf);
	if (!mf)
		return NULL;
	mf->fd = fcntl(fd, F_DUPFD_CLOEXEC, private_fd_base);
	if (mf->fd < 0) {
		free(mf);
		return NULL;
	}
	mf->refs = 1;
	mf->owner = NULL;
	mf->next_orphan = NULL;
	return mf;
}

static struct mapped_file *mf_get(struct mapped_file *mf)
{
	if (mf)
		mf->refs++;
	return mf;
}

static void mf_free(struct mapped_file *mf)
{
	close(mf->fd);
	free(mf);
}

/* (The owner of a copy is called outside the lock: queued on mm.) */
static void mf_put(struct mm *mm, struct mapped_file *mf)
{
	if (!mf || --mf->refs > 0)
		return;
	if (mf->owner) {
		mf->next_orphan = mm->orphans;
		mm->orphans = mf;
		return;
	}
	mf_free(mf);
}

static void vma_free(struct mm *mm, struct vma *v)
{
	mf_put(mm, v->mf);
	free(v->name);
	free(v);
}

int mm_set_owner(struct mm *mm, uint64_t addr, struct mf_owner *o)
{
	struct vma *v = vma_find(mm, addr);
	if (!v || v->start != addr || v->kind != VMA_SHARED || !v->mf || v->mf->owner)
		return -EINVAL;
	v->mf->owner = o;
	return 0;
}

void mm_release_orphans(struct mm *mm)
{
	/* (Called after every unmapping: most have queued nothing. A thread
	 * sees the orphans it queued itself under the lock just dropped.) */
	if (!__atomic_load_n(&mm->orphans, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&mm->lock);
	struct mapped_file *mf = mm->orphans;
	mm->orphans = NULL;
	pthread_mutex_unlock(&mm->lock);
	while (mf) {
		struct mapped_file *next = mf->next_orphan;
		mf->owner->sync(mf->owner);
		mf->owner->put(mf->owner);
		mf_free(mf);
		mf = next;
	}
}

void mm_sync_owners(struct mm *mm, uint64_t start, uint64_t end)
{
	enum { MAX = 16 };
	struct mapped_file *held[MAX];
	int n = 0;
	pthread_mutex_lock(&mm->lock);
	for (struct vma *v = mm->vmas; v && v->start < end && n < MAX; v = v->next)
		if (v->end > start && v->mf && v->mf->owner) {
			int dup = 0;
			for (int i = 0; i < n; i++)
				dup |= held[i] == v->mf;
			if (!dup)
				held[n++] = mf_get(v->mf);
		}
	pthread_mutex_unlock(&mm->lock);
	for (int i = 0; i < n; i++)
		held[i]->owner->sync(held[i]->owner);
	pthread_mutex_lock(&mm->lock);
	for (int i = 0; i < n; i++)
		mf_put(mm, held[i]);
	pthread_mutex_unlock(&mm->lock);
	mm_release_orphans(mm);
}

static void vma_insert(struct mm *mm, struct vma *n)
{
	struct vma **pp = &mm->vmas;
	while (*pp && (*pp)->start < n->start)
		pp = &(*pp)->next;
	n->next = *pp;
	*pp = n;
}

/* Split v so that a VMA boundary falls at addr (v->start < addr < v->end). */
/* Pages at phys_base + (va - start) are a host mapping of the VMA's file or shared memory. */
static int host_backed(const struct vma *v) { return v->kind == VMA_SHARED || (v->kind == VMA_FILE && v->hosted); }

static int vma_split(struct vma *v, uint64_t addr)
{
	struct vma *n = malloc(sizeof *n);
	if (!n)
		return -ENOMEM;
	*n = *v;
	n->name = v->name ? strdup(v->name) : NULL;
	n->mf = mf_get(v->mf);
	n->start = addr;
	if (v->kind == VMA_FILE || v->kind == VMA_SHARED)
		n->file_off += addr - v->start;
	if (host_backed(v))
		n->phys_base += addr - v->start;
	v->end = addr;
	v->next = n;
	return 0;
}

static int split_at(struct mm *mm, uint64_t addr)
{
	struct vma *v = vma_find(mm, addr);
	if (v && v->start < addr)
		return vma_split(v, addr);
	return 0;
}

static int range_free(struct mm *mm, uint64_t start, uint64_t end)
{
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (v->start < end && start < v->end)
			return 0;
	return 1;
}

static void flush_free(struct mm *mm, uint64_t gpa, uint64_t len)
{
	madvise(mm->slab + gpa, len, MADV_DONTNEED);
	/* Pushed top-down so the allocator hands them out in ascending order:
	 * the next mapping gets contiguous pages, and one madvise frees them. */
	for (uint64_t off = len; off > 0;) {
		off -= PAGE_SIZE;
		if (mm->nfree == mm->free_cap) {
			size_t cap = mm->free_cap ? mm->free_cap * 2 : 1024;
			uint64_t *n = realloc(mm->free_pages, cap * sizeof *n);
			if (!n)
				return;
			mm->free_pages = n;
			mm->free_cap = cap;
		}
		mm->free_pages[mm->nfree++] = gpa + off;
	}
}

/* Pages that backed a host MAP_SHARED mapping get private anonymous memory
 * back before they are reused. */
static void flush_unshare(struct mm *mm, uint64_t gpa, uint64_t len)
{
	mmap(mm->slab + gpa, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1,
	     0);
	flush_free(mm, gpa, len);
}

/* Clear the PTEs of [start, end) and free their pages (keep = 1: only clear). */
static void unmap_pages(struct mm *mm, uint64_t start, uint64_t end, int keep)
{
	struct phys_run run = {0}, shared = {0}, inval = {0};
	for (uint64_t va = start; va < end;) {
		uint64_t *pte = mm_pte(mm, va, 0);
		if (!pte) {
			va = (va + (2ULL << 20)) & ~((2ULL << 20) - 1);
			continue;
		}
		uint64_t e = *pte;
		if (pte_has_page(e)) {
			*pte = 0;
			uint64_t gpa = e & PTE_ADDR;
			if (keep || (e & PTE_PINNED))
				phys_run_add(&inval, mm, gpa, mm_invalidate_phys);
			else if (e & PTE_SHARED)
				phys_run_add(&shared, mm, gpa, flush_unshare);
			else
				phys_run_add(&run, mm, gpa, flush_free);
		}
		va += PAGE_SIZE;
	}
	phys_run_flush(&run, mm, flush_free);
	phys_run_flush(&shared, mm, flush_unshare);
	phys_run_flush(&inval, mm, mm_invalidate_phys);
}

/* Remove every VMA part inside [start, end). keep_pages: the PTEs are cleared
 * but the pages stay allocated (mremap moved them). */
static int remove_range(struct mm *mm, uint64_t start, uint64_t end, int keep_pages)
{
	int r = split_at(mm, start);
	if (r == 0)
		r = split_at(mm, end);
	if (r < 0)
		return r;
	struct vma **pp = &mm->vmas;
	while (*pp) {
		struct vma *v = *pp;
		if (v->start >= start && v->end <= end) {
			unmap_pages(mm, v->start, v->end, keep_pages);
			*pp = v->next;
			vma_free(mm, v);
			continue;
		}
		pp = &v->next;
	}
	return 0;
}

/* Highest free range of len bytes below the mmap base (Linux's top-down layout). */
static uint64_t find_free(struct mm *mm, uint64_t len, uint64_t lo, uint64_t hi)
{
	uint64_t best = 0, prev_end = lo;
	for (struct vma *v = mm->vmas;; v = v->next) {
		uint64_t gap_end = v ? v->start : hi;
		if (gap_end > hi)
			gap_end = hi;
		if (gap_end > prev_end && gap_end - prev_end >= len)
			best = gap_end - len;
		if (!v || v->start >= hi)
			break;
		if (v->end > prev_end)
			prev_end = v->end;
	}
	return best;
}

/* Map the pages of [start, end) inside v that are not mapped yet. */
int vma_populate(struct mm *mm, struct vma *v, uint64_t start, uint64_t end)
{
	if (start < v->start)
		start = v->start;
	if (end > v->end)
		end = v->end;
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		if (v->kind == VMA_FILE && v->file_off + (va - v->start) >= PAGE_UP(v->file_size))
			break; /* wholly beyond EOF: SIGBUS on access, as Linux */
		uint64_t *pte = mm_pte(mm, va, 1);
		if (!pte)
			return -ENOMEM;
		if (*pte)
			continue;
		int64_t gpa = mm_alloc_page(mm);
		if (gpa < 0)
			return (int)gpa;
		*pte = pte_make((uint64_t)gpa, v->prot, 1);
	}
	return 0;
}

int mm_populate(struct mm *mm, uint64_t start, uint64_t end)
{
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (v->start < end && start < v->end) {
			int r = vma_populate(mm, v, start, end);
			if (r < 0)
				return r;
		}
	return 0;
}

/* Private file mapping: a host MAP_PRIVATE mapping of the file over fresh
 * contiguous guest-physical pages, so the host kernel reads pages in when
 * they are first touched and copies them on write, exactly as Linux treats
 * the guest's mapping (page cache shared, later file changes visible until
 * a page is written). The host mapping must accept PROT_EXEC (the MMU
 * notifier toggle of mm_invalidate_phys); where it cannot (a noexec mount)
 * or the host refuses to map the file, the file is read in now instead. */
static int populate_file(struct mm *mm, struct vma *v, int fd)
{
	uint64_t len = v->end - v->start;
	uint64_t avail = v->file_size > v->file_off ? v->file_size - v->file_off : 0;
	if (PAGE_UP(avail) < len && !v->mf)
		v->mf = mf_new(fd); /* the file may grow under the mapping */
	uint64_t npages = PAGE_UP(avail < len ? avail : len) / PAGE_SIZE;
	if (!npages)
		return 0;
	int64_t base = mm_alloc_contig(mm, len / PAGE_SIZE);
	if (base < 0)
		return (int)base;
	void *p = mmap(mm->slab + base, len, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, fd,
		       (off_t)v->file_off);
	if (p != MAP_FAILED) {
		v->hosted = 1;
		v->phys_base = (uint64_t)base;
		for (uint64_t i = 0; i < npages; i++) {
			uint64_t *pte = mm_pte(mm, v->start + i * PAGE_SIZE, 1);
			if (!pte)
				return -ENOMEM;
			*pte = pte_make((uint64_t)base + i * PAGE_SIZE, v->prot, 1) | PTE_SHARED;
		}
		return 0;
	}
	/* (a failed MAP_FIXED may have left a hole: anonymous memory again) */
	mmap(mm->slab + base, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1,
	     0);
	uint64_t want = npages * PAGE_SIZE < avail ? npages * PAGE_SIZE : avail;
	uint64_t done = 0;
	while (done < want) {
		ssize_t n = pread(fd, mm->slab + base + done, want - done, (off_t)(v->file_off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			flush_free(mm, (uint64_t)base, npages * PAGE_SIZE);
			return -e;
		}
		if (n == 0)
			break;
		done += (uint64_t)n;
	}
	for (uint64_t i = 0; i < npages; i++) {
		uint64_t *pte = mm_pte(mm, v->start + i * PAGE_SIZE, 1);
		if (!pte)
			return -ENOMEM;
		*pte = pte_make((uint64_t)base + i * PAGE_SIZE, v->prot, 1);
	}
	return 0;
}

/* Shared mapping: back contiguous guest-physical pages with a host
 * MAP_SHARED mapping of the file (or of a memfd for anonymous memory), so
 * other processes and forked children really share it. */
static int populate_shared(struct mm *mm, struct vma *v, int fd)
{
	uint64_t len = v->end - v->start;
	int own = -1;
	if (fd < 0) {
		own = memfd_create("elfuse-shared", MFD_CLOEXEC);
		if (own < 0 || ftruncate(own, (off_t)len) < 0) {
			int e = errno;
			if (own >= 0)
				close(own);
			return -e;
		}
		fd = own;
	}
	int64_t base = mm_alloc_contig(mm, len / PAGE_SIZE);
	if (base < 0) {
		if (own >= 0)
			close(own);
		return (int)base;
	}
	void *p = mmap(mm->slab + base, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd,
		       (off_t)(own >= 0 ? 0 : v->file_off));
	int e = errno;
	if (p == MAP_FAILED) {
		/* A read-only fd: map it read-only on the host; mprotect cannot add write. */
		p = mmap(mm->slab + base, len, PROT_READ | PROT_EXEC, MAP_SHARED | MAP_FIXED, fd, (off_t)v->file_off);
		if (p == MAP_FAILED) {
			if (own >= 0)
				close(own);
			flush_unshare(mm, (uint64_t)base, len);
			return -e;
		}
		v->mayprot &= ~GP_WRITE;
	}
	v->phys_base = (uint64_t)base;
	if (!v->mf)
		v->mf = mf_new(fd); /* faults past the map-time EOF and mremap need the file */
	if (own >= 0)
		close(own);
	uint64_t npages = len / PAGE_SIZE;
	if (own < 0) {
		uint64_t avail = v->file_size > v->file_off ? PAGE_UP(v->file_size - v->file_off) : 0;
		if (avail / PAGE_SIZE < npages)
			npages = avail / PAGE_SIZE; /* beyond EOF: SIGBUS */
	}
	for (uint64_t i = 0; i < npages; i++) {
		uint64_t *pte = mm_pte(mm, v->start + i * PAGE_SIZE, 1);
		if (!pte)
			return -ENOMEM;
		*pte = pte_make((uint64_t)base + i * PAGE_SIZE, v->prot, 1) | PTE_SHARED;
	}
	return 0;
}

/* Linux's heuristic overcommit refuses one private writable mapping larger
 * than RAM plus swap (unless MAP_NORESERVE, or overcommit is "always"). */
static int overcommit_refuses(uint64_t len, int prot, int flags)
{
	if ((flags & MAP_NORESERVE) || !(prot & GP_WRITE) || (flags & MAP_TYPE) != MAP_PRIVATE)
		return 0;
	static int mode = -1;
	static uint64_t limit;
	if (mode < 0) {
		FILE *f = fopen("/proc/sys/vm/overcommit_memory", "r");
		mode = 0;
		if (f) {
			if (fscanf(f, "%d", &mode) != 1)
				mode = 0;
			fclose(f);
		}
		struct sysinfo si;
		if (sysinfo(&si) == 0)
			limit = ((uint64_t)si.totalram + si.totalswap) * si.mem_unit;
	}
	return mode == 0 && limit && len > limit;
}

/* Linux's is_data_mapping: private, writable, not a stack. Such pages count
 * against RLIMIT_DATA (mm->data_vm), wherever they were mapped. */
static int is_data_mapping(int prot, int flags, int stack)
{
	int type = flags & MAP_SHARED_VALIDATE;
	return (prot & GP_WRITE) && type == MAP_PRIVATE && !stack && !(flags & MAP_GROWSDOWN);
}

static int vma_is_data(const struct vma *v)
{
	return v->kind != VMA_SHARED && is_data_mapping(v->prot, v->flags, v->kind == VMA_STACK);
}

/* Linux's may_expand_vm, for len more bytes (of a data mapping if data),
 * once the mappings in [replace, replace + replace_len) that a MAP_FIXED
 * mapping takes the place of are gone (mmap_region counts those out):
 * would the guest's RLIMIT_AS or RLIMIT_DATA be exceeded? */
static int over_limits_replacing(struct mm *mm, uint64_t len, int data, uint64_t replace, uint64_t replace_len)
{
	int as = mm->as_limit && mm->as_limit != (uint64_t)RLIM_INFINITY;
	int dl = data && mm->data_limit && mm->data_limit != (uint64_t)RLIM_INFINITY;
	if (!as && !dl)
		return 0;
	uint64_t total = len, data_total = len, end = replace + replace_len;
	for (struct vma *v = mm->vmas; v; v = v->next) {
		uint64_t size = v->end - v->start;
		uint64_t lo = v->start > replace ? v->start : replace, hi = v->end < end ? v->end : end;
		if (lo < hi)
			size -= hi - lo;
		total += size;
		if (dl && vma_is_data(v))
			data_total += size;
	}
	return (as && total > mm->as_limit) || (dl && data_total > mm->data_limit);
}

static int over_limits(struct mm *mm, uint64_t len, int data) { return over_limits_replacing(mm, len, data, 0, 0); }

int64_t mm_mmap(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off,
		const char *name)
{
	if (len == 0)
		return -EINVAL;
	uint64_t plen = PAGE_UP(len);
	if (plen < len || plen > TASK_SIZE)
		return -ENOMEM;
	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	int type = flags & MAP_SHARED_VALIDATE;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	/* A MAP_FIXED mapping replaces what it overlaps: only the rest is new. */
	int replaces = (flags & MAP_FIXED) && !(addr & (PAGE_SIZE - 1)) && addr + plen > addr;
	if ((flags & MAP_HUGETLB) || overcommit_refuses(plen, prot, flags) ||
	    over_limits_replacing(mm, plen, is_data_mapping(prot, flags, 0), replaces ? addr : 0, replaces ? plen : 0))
		return -ENOMEM;
	int fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	if (fixed) {
		if (addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (addr + plen > TASK_SIZE || addr + plen < addr)
			return -ENOMEM;
		if (addr < MMAP_MIN_ADDR)
			return -EPERM;
		if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) && !range_free(mm, addr, addr + plen))
			return -EEXIST;
	} else {
		uint64_t hint = addr & PAGE_MASK;
		if (hint >= MMAP_MIN_ADDR && hint + plen <= TASK_SIZE && hint + plen > hint &&
		    range_free(mm, hint, hint + plen))
			addr = hint;
		else if (flags & MAP_32BIT)
			addr = find_free(mm, plen, 0x40000000ULL, 0x80000000ULL);
		else
			addr = find_free(mm, plen, MMAP_MIN_ADDR, mm->mmap_base);
		if (!addr)
			return -ENOMEM;
	}

	struct vma *v = calloc(1, sizeof *v);
	if (!v)
		return -ENOMEM;
	v->start = addr;
	v->end = addr + plen;
	v->prot = prot & (GP_READ | GP_WRITE | GP_EXEC);
	v->flags = flags;
	v->file_off = off;
	v->name = name ? strdup(name) : NULL;
	v->mayprot = GP_READ | GP_WRITE | GP_EXEC;
	if (fd >= 0 && type != MAP_PRIVATE && (fcntl(fd, F_GETFL) & O_ACCMODE) != O_RDWR)
		v->mayprot &= ~GP_WRITE;
	struct stat st;
	if (fd >= 0) {
		if (fstat(fd, &st) < 0) {
			vma_free(mm, v);
			return -errno;
		}
		v->kind = type == MAP_PRIVATE ? VMA_FILE : VMA_SHARED;
		v->file_size = (uint64_t)st.st_size;
		v->dev = st.st_dev;
		v->ino = st.st_ino;
	} else {
		v->kind = type == MAP_PRIVATE ? VMA_ANON : VMA_SHARED;
	}
	if (fixed) {
		int r = remove_range(mm, addr, addr + plen, 0);
		if (r < 0) {
			vma_free(mm, v);
			return r;
		}
	}
	vma_insert(mm, v);
	int r = 0;
	if (v->kind == VMA_SHARED)
		r = populate_shared(mm, v, fd);
	else if (v->kind == VMA_FILE)
		r = populate_file(mm, v, fd);
	else if (plen <= EAGER_LIMIT || (flags & MAP_POPULATE))
		r = vma_populate(mm, v, v->start, v->end);
	if (r < 0) {
		remove_range(mm, v->start, v->end, 0);
		return r;
	}
	return (int64_t)addr;
}

int mm_munmap(struct mm *mm, uint64_t addr, uint64_t len)
{
	if ((addr & (PAGE_SIZE - 1)) || len == 0)
		return -EINVAL;
	/* A length that page-rounds to 0 (near 2^64) is EINVAL on Linux too. */
	uint64_t end = addr + PAGE_UP(len);
	if (end > TASK_SIZE || end <= addr)
		return -EINVAL;
	return remove_range(mm, addr, end, 0);
}

/* Is [start, end) completely covered by VMAs? */
static int range_mapped(struct mm *mm, uint64_t start, uint64_t end)
{
	uint64_t at = start;
	for (struct vma *v = mm->vmas; v && at < end; v = v->next) {
		if (v->end <= at)
			continue;
		if (v->start > at)
			return 0;
		at = v->end;
	}
	return at >= end;
}

/* Can b, right after a, become part of a? (Linux merges such neighbours, so
 * a later mremap or munmap sees one mapping where mprotect split it.) */
static int vma_mergeable(const struct vma *a, const struct vma *b)
{
	if (a->end != b->start || a->kind != b->kind || a->prot != b->prot || a->flags != b->flags ||
	    a->mayprot != b->mayprot || a->mf != b->mf || a->hosted != b->hosted || a->fork_advice != b->fork_advice)
		return 0;
	if ((a->name == NULL) != (b->name == NULL) || (a->name && strcmp(a->name, b->name) != 0))
		return 0;
	uint64_t len = a->end - a->start;
	if ((a->kind == VMA_FILE || a->kind == VMA_SHARED) &&
	    (a->dev != b->dev || a->ino != b->ino || a->file_size != b->file_size || a->file_off + len != b->file_off))
		return 0;
	return !host_backed(a) || a->phys_base + len == b->phys_base;
}

/* Merge the VMAs touching [start, end) with their equal neighbours. */
static void vma_merge_around(struct mm *mm, uint64_t start, uint64_t end)
{
	for (struct vma *v = mm->vmas; v && v->start <= end; v = v->next) {
		while (v->next && v->end >= start && vma_mergeable(v, v->next)) {
			struct vma *n = v->next;
			v->end = n->end;
			v->next = n->next;
			vma_free(mm, n);
		}
	}
}

int mm_mprotect(struct mm *mm, uint64_t addr, uint64_t len, int prot)
{
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (prot & ~(GP_READ | GP_WRITE | GP_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	prot &= GP_READ | GP_WRITE | GP_EXEC;
	if (len == 0)
		return 0;
	/* Linux: a length that page-rounds to 0 (near 2^64) gives ENOMEM. */
	uint64_t end = addr + PAGE_UP(len);
	if (end <= addr || end > TASK_SIZE)
		return -ENOMEM;
	if (!range_mapped(mm, addr, end))
		return -ENOMEM;
	uint64_t newdata = 0;
	for (struct vma *v = mm->vmas; v && v->start < end; v = v->next) {
		if (v->end <= addr)
			continue;
		if (prot & ~v->mayprot)
			return -EACCES;
		/* Pages that turn into data (private, now writable) count against
		 * RLIMIT_DATA, as in Linux's mprotect_fixup. */
		if ((prot & GP_WRITE) && !(v->prot & GP_WRITE) && v->kind != VMA_SHARED &&
		    is_data_mapping(GP_WRITE, v->flags, v->kind == VMA_STACK))
			newdata += (v->end < end ? v->end : end) - (v->start > addr ? v->start : addr);
	}
	/* (only the data limit: Linux fails here when the old flags would pass) */
	if (newdata && !over_limits(mm, newdata, 0) && over_limits(mm, newdata, 1))
		return -ENOMEM;
	int r = split_at(mm, addr);
	if (r == 0)
		r = split_at(mm, end);
	if (r < 0)
		return r;
	struct phys_run inval = {0};
	for (struct vma *v = mm->vmas; v && v->start < end; v = v->next) {
		if (v->end <= addr)
			continue;
		int removed = v->prot & ~prot;
		/* Writing to a read-only host-shared mapping must still fault. */
		int eff = prot;
		v->prot = prot;
		for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE) {
			uint64_t *pte = mm_pte(mm, va, 0);
			if (!pte || !pte_has_page(*pte))
				continue;
			uint64_t e = *pte;
			*pte = pte_make(e & PTE_ADDR, eff, 1) | (e & (PTE_SHARED | PTE_PINNED));
			if (removed && (e & PTE_P))
				phys_run_add(&inval, mm, e & PTE_ADDR, mm_invalidate_phys);
		}
	}
	phys_run_flush(&inval, mm, mm_invalidate_phys);
	vma_merge_around(mm, addr, end);
	return 0;
}

/* mremap of a host-shared mapping: its data lives in the file (or memfd),
 * so map the new range from there and drop the old one. */
static int64_t remap_shared(struct mm *mm, struct vma *v, uint64_t old, uint64_t old_len, uint64_t to,
			    uint64_t nlen)
{
	if (!v->mf)
		return -ENOMEM;
	struct vma *n = calloc(1, sizeof *n);
	if (!n)
		return -ENOMEM;
	*n = *v;
	n->name = v->name ? strdup(v->name) : NULL;
	n->mf = mf_get(v->mf);
	n->start = to;
	n->end = to + nlen;
	n->file_off = v->file_off + (old - v->start);
	n->next = NULL;
	if (v->flags & MAP_ANONYMOUS) {
		/* The memfd must cover the grown part (it reads as zeros). */
		struct stat st;
		if (fstat(n->mf->fd, &st) == 0 && (uint64_t)st.st_size < n->file_off + nlen &&
		    ftruncate(n->mf->fd, (off_t)(n->file_off + nlen)) < 0) {
			vma_free(mm, n);
			return -ENOMEM;
		}
		n->file_size = n->file_off + nlen;
	} else {
		struct stat st;
		n->file_size = fstat(n->mf->fd, &st) == 0 ? (uint64_t)st.st_size : 0;
	}
	remove_range(mm, old, old + old_len, 0);
	vma_insert(mm, n);
	int r = populate_shared(mm, n, n->mf->fd);
	if (r < 0) {
		remove_range(mm, n->start, n->end, 0);
		return r;
	}
	return (int64_t)to;
}

int64_t mm_mremap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr)
{
	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (flags & MREMAP_DONTUNMAP)
		return -EINVAL; /* not supported for now: Linux allows it only on private anonymous maps */
	if (old & (PAGE_SIZE - 1))
		return -EINVAL;
	old_len = PAGE_UP(old_len);
	uint64_t nlen = PAGE_UP(new_len);
	if (nlen == 0 || nlen < new_len)
		return -EINVAL;
	struct vma *v = vma_find(mm, old);
	if (!v || old + old_len > v->end || old_len == 0)
		return -EFAULT;
	if (flags & MREMAP_FIXED) {
		if (new_addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (new_addr + nlen > TASK_SIZE || new_addr + nlen < new_addr)
			return -EINVAL;
		if (new_addr < old + old_len && old < new_addr + nlen)
			return -EINVAL;
	}
	if (!(flags & MREMAP_FIXED)) {
		if (nlen <= old_len) {
			if (nlen < old_len)
				remove_range(mm, old + nlen, old + old_len, 0);
			return (int64_t)old;
		}
		/* Growing counts against RLIMIT_AS (Linux's may_expand_vm). */
		if (over_limits(mm, nlen - old_len, vma_is_data(v)))
			return -ENOMEM;
		/* Grow in place when the space after it is free. */
		int room = old + old_len == v->end && old + nlen <= TASK_SIZE && range_free(mm, v->end, old + nlen);
		if (room && v->kind != VMA_SHARED && v->kind != VMA_FILE) {
			v->end = old + nlen;
			return (int64_t)old;
		}
		if (room && v->kind == VMA_SHARED)
			return remap_shared(mm, v, old, old_len, old, nlen);
		if (!(flags & MREMAP_MAYMOVE))
			return -ENOMEM;
	}
	if (v->kind == VMA_SHARED) {
		uint64_t to = new_addr;
		if (flags & MREMAP_FIXED) {
			int r = remove_range(mm, to, to + nlen, 0);
			if (r < 0)
				return r;
			/* (Linux too unmaps the target before it checks RLIMIT_AS) */
			if (nlen > old_len && over_limits(mm, nlen - old_len, vma_is_data(v)))
				return -ENOMEM;
		} else if (!(to = find_free(mm, nlen, MMAP_MIN_ADDR, mm->mmap_base))) {
			return -ENOMEM;
		}
		return remap_shared(mm, v, old, old_len, to, nlen);
	}
	uint64_t dst = new_addr;
	if (flags & MREMAP_FIXED) {
		int r = remove_range(mm, dst, dst + nlen, 0);
		if (r < 0)
			return r;
		if (nlen > old_len && over_limits(mm, nlen - old_len, vma_is_data(v)))
			return -ENOMEM;
	} else {
		dst = find_free(mm, nlen, MMAP_MIN_ADDR, mm->mmap_base);
		if (!dst)
			return -ENOMEM;
	}
	uint64_t keep = old_len < nlen ? old_len : nlen;
	struct vma *n = calloc(1, sizeof *n);
	if (!n)
		return -ENOMEM;
	*n = *v;
	n->name = v->name ? strdup(v->name) : NULL;
	n->mf = mf_get(v->mf);
	n->start = dst;
	n->end = dst + nlen;
	if (v->kind == VMA_FILE)
		n->file_off += old - v->start;
	if (host_backed(v))
		n->phys_base += old - v->start;
	/* Move the pages themselves: the data never gets copied. */
	for (uint64_t i = 0; i < keep; i += PAGE_SIZE) {
		uint64_t *src = mm_pte(mm, old + i, 0);
		if (!src || !pte_has_page(*src))
			continue;
		uint64_t *to = mm_pte(mm, dst + i, 1);
		if (!to) {
			vma_free(mm, n);
			return -ENOMEM;
		}
		*to = *src;
		*src = 0;
		mm_invalidate_phys(mm, *to & PTE_ADDR, PAGE_SIZE);
	}
	remove_range(mm, old, old + old_len, 0);
	vma_insert(mm, n);
	if (n->kind == VMA_FILE && nlen > keep)
		n->file_size = n->file_off + keep; /* no fd kept: the grown part faults SIGBUS */
	return (int64_t)dst;
}

int64_t mm_brk(struct mm *mm, uint64_t newbrk)
{
	/* Above mmap_base the grow is refused anyway; checked first because
	 * page-rounding a break near 2^64 wraps to 0 and would read as a shrink. */
	if (newbrk < mm->brk_start || newbrk > mm->mmap_base)
		return (int64_t)mm->brk_cur;
	uint64_t old_end = PAGE_UP(mm->brk_cur), new_end = PAGE_UP(newbrk);
	if (new_end > old_end) {
		if (new_end > mm->mmap_base || !range_free(mm, old_end, new_end) ||
		    overcommit_refuses(new_end - mm->brk_start, GP_WRITE, MAP_PRIVATE) ||
		    over_limits(mm, new_end - old_end, 1) ||
		    (mm->data_limit && mm->data_limit != (uint64_t)RLIM_INFINITY &&
		     newbrk - mm->brk_start > mm->data_limit))
			return (int64_t)mm->brk_cur;
		struct vma *v = old_end > mm->brk_start ? vma_find(mm, old_end - 1) : NULL;
		if (v && v->kind == VMA_HEAP) {
			v->end = new_end;
		} else {
			v = calloc(1, sizeof *v);
			if (!v)
				return (int64_t)mm->brk_cur;
			v->start = old_end;
			v->end = new_end;
			v->prot = GP_READ | GP_WRITE;
			v->flags = MAP_PRIVATE | MAP_ANONYMOUS;
			v->kind = VMA_HEAP;
			v->mayprot = GP_READ | GP_WRITE | GP_EXEC;
			v->name = strdup("[heap]");
			vma_insert(mm, v);
		}
		if (vma_populate(mm, v, old_end, new_end) < 0) {
			remove_range(mm, old_end, new_end, 0);
			return (int64_t)mm->brk_cur;
		}
	} else if (new_end < old_end) {
		remove_range(mm, new_end, old_end, 0);
	}
	mm->brk_cur = newbrk;
	return (int64_t)newbrk;
}

/* Mark what a forked child gets of [start, end). Linux refuses
 * MADV_WIPEONFORK on file-backed or shared mappings (EINVAL). */
static int fork_advise(struct mm *mm, uint64_t start, uint64_t end, int advice)
{
	if (advice == MADV_WIPEONFORK)
		for (struct vma *v = mm->vmas; v && v->start < end; v = v->next)
			if (v->end > start && (v->kind != VMA_ANON || (v->flags & MAP_SHARED_VALIDATE) != MAP_PRIVATE))
				return -EINVAL;
	int r = split_at(mm, start);
	if (r == 0)
		r = split_at(mm, end);
	if (r < 0)
		return r;
	for (struct vma *v = mm->vmas; v && v->start < end; v = v->next) {
		if (v->end <= start)
			continue;
		if (advice == MADV_DONTFORK)
			v->fork_advice |= VMA_DONTFORK;
		else if (advice == MADV_DOFORK)
			v->fork_advice &= ~VMA_DONTFORK;
		else if (advice == MADV_WIPEONFORK)
			v->fork_advice |= VMA_WIPEONFORK;
		else
			v->fork_advice &= ~VMA_WIPEONFORK;
	}
	vma_merge_around(mm, start, end);
	return 0;
}

void mm_after_fork(struct mm *mm)
{
	struct vma **pp = &mm->vmas;
	while (*pp) {
		struct vma *v = *pp;
		if (v->fork_advice & VMA_DONTFORK) {
			unmap_pages(mm, v->start, v->end, 0);
			*pp = v->next;
			vma_free(mm, v);
			continue;
		}
		if (v->fork_advice & VMA_WIPEONFORK)
			unmap_pages(mm, v->start, v->end, 0); /* reads back as zeros */
		pp = &v->next;
	}
}

/* MADV_POPULATE_READ/WRITE (Linux 5.14): the range must be mapped (ENOMEM)
 * with the access it asks for (EINVAL). elfuse's pages need no prefaulting. */
static int populate_check(struct mm *mm, uint64_t start, uint64_t end, int need)
{
	uint64_t cur = start;
	for (struct vma *v = mm->vmas; v && v->start < end && cur < end; v = v->next) {
		if (v->end <= cur)
			continue;
		if (v->start > cur)
			return -ENOMEM;
		if (!(v->prot & need))
			return -EINVAL;
		cur = v->end;
	}
	return cur < end ? -ENOMEM : 0;
}

/* MADV_REMOVE frees the backing store of a shared mapping (a hole punched
 * in its file, so every sharer reads zeros). As Linux, per mapping in
 * order: no file behind it is EINVAL, a private or never-writable one
 * EACCES; unmapped parts give ENOMEM unless a mapping failed. The host
 * punches the hole through its own shared mapping of the file. */
static int remove_advise(struct mm *mm, uint64_t start, uint64_t end)
{
	int unmapped = 0;
	uint64_t cur = start;
	for (struct vma *v = mm->vmas; v && v->start < end; v = v->next) {
		if (v->end <= start)
			continue;
		if (v->start > cur)
			unmapped = 1;
		if (v->kind != VMA_SHARED && v->kind != VMA_FILE)
			return -EINVAL;
		if (v->kind != VMA_SHARED || !(v->mayprot & GP_WRITE))
			return -EACCES;
		uint64_t s = v->start > start ? v->start : start, e = v->end < end ? v->end : end;
		if (madvise(mm->slab + v->phys_base + (s - v->start), e - s, MADV_REMOVE) < 0)
			return -errno;
		cur = v->end;
	}
	return unmapped || cur < end ? -ENOMEM : 0;
}

int mm_madvise(struct mm *mm, uint64_t addr, uint64_t len, int advice)
{
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	/* Linux: a nonzero length that page-rounds to 0 (near 2^64) is EINVAL. */
	uint64_t end = addr + PAGE_UP(len);
	if (end < addr || (len && end == addr))
		return -EINVAL;
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTFORK: case MADV_DOFORK: case MADV_MERGEABLE: case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE: case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP:
	case MADV_COLD: case MADV_PAGEOUT: case MADV_WIPEONFORK: case MADV_KEEPONFORK:
	case MADV_DONTNEED: case MADV_FREE: case MADV_REMOVE:
	case MADV_POPULATE_READ: case MADV_POPULATE_WRITE:
		break;
	default:
		return -EINVAL;
	}
	if (len == 0)
		return 0;
	if (advice == MADV_POPULATE_READ || advice == MADV_POPULATE_WRITE)
		return populate_check(mm, addr, end, advice == MADV_POPULATE_WRITE ? GP_WRITE : GP_READ);
	if (advice == MADV_REMOVE)
		return remove_advise(mm, addr, end);
	int mapped = range_mapped(mm, addr, end);
	if (advice == MADV_DONTFORK || advice == MADV_DOFORK || advice == MADV_WIPEONFORK ||
	    advice == MADV_KEEPONFORK) {
		int r = fork_advise(mm, addr, end, advice);
		if (r < 0)
			return r;
	}
	if (advice == MADV_DONTNEED || advice == MADV_FREE) {
		/* Anonymous private pages read back as zero afterwards; private
		 * file pages as the file's content again (the host drops its copies). */
		for (struct vma *v = mm->vmas; v && v->start < end; v = v->next) {
			if (v->end <= addr || v->kind == VMA_SHARED || (v->kind == VMA_FILE && !v->hosted))
				continue;
			uint64_t s = v->start > addr ? v->start : addr, e = v->end < end ? v->end : end;
			if (v->kind == VMA_FILE)
				madvise(mm->slab + v->phys_base + (s - v->start), e - s, MADV_DONTNEED);
			else
				unmap_pages(mm, s, e, 0);
		}
	}
	return mapped ? 0 : -ENOMEM;
}

int mm_mincore(struct mm *mm, uint64_t addr, uint64_t len, uint8_t *vec)
{
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	uint64_t end = addr + PAGE_UP(len);
	if (end < addr || end > TASK_SIZE)
		return -ENOMEM;
	if (!range_mapped(mm, addr, end))
		return -ENOMEM;
	/* Resident means touched: ask the host about the backing page (pages
	 * are mapped eagerly, so presence in the guest page table says less). */
	for (uint64_t va = addr, i = 0; va < end; va += PAGE_SIZE, i++) {
		uint64_t *pte = mm_pte(mm, va, 0);
		unsigned char res = 0;
		if (pte && pte_has_page(*pte) && mincore(mm->slab + (*pte & PTE_ADDR), PAGE_SIZE, &res) < 0)
			res = 0;
		vec[i] = res & 1;
	}
	return 0;
}

void mm_reset_user(struct mm *mm)
{
	remove_range(mm, 0, TASK_SIZE, 0);
	mm->brk_start = mm->brk_cur = 0;
}

#define STACK_GUARD_GAP (256 * PAGE_SIZE)

/* An access just below a grows-down VMA (the stack) extends it, as Linux
 * does, within RLIMIT_STACK and keeping a guard gap to the mapping below. */
static struct vma *stack_expand(struct mm *mm, uint64_t va)
{
	struct vma *prev = NULL, *v = mm->vmas;
	while (v && v->end <= va) {
		prev = v;
		v = v->next;
	}
	if (!v || !(v->flags & MAP_GROWSDOWN) || va >= v->start)
		return NULL;
	uint64_t start = va & PAGE_MASK;
	if (v->end - start > mm->stack_limit)
		return NULL;
	if (prev && start < prev->end + STACK_GUARD_GAP)
		return NULL;
	v->start = start;
	return v;
}

/* A file mapping's page that was beyond EOF at mmap time: the file may have
 * grown since. 0 if mapped now, -EFAULT if it is still beyond EOF (SIGBUS). */
static int file_fault(struct mm *mm, struct vma *v, uint64_t va)
{
	struct stat st;
	if (!v->mf || fstat(v->mf->fd, &st) < 0)
		return -EFAULT;
	uint64_t page = va & PAGE_MASK;
	uint64_t off = v->file_off + (page - v->start);
	if (v->kind == VMA_SHARED && v->flags & MAP_ANONYMOUS)
		st.st_size = (off_t)(v->file_off + (v->end - v->start));
	if (off >= PAGE_UP((uint64_t)st.st_size))
		return -EFAULT;
	uint64_t *pte = mm_pte(mm, page, 1);
	if (!pte)
		return -ENOMEM;
	if (host_backed(v)) {
		*pte = pte_make(v->phys_base + (page - v->start), v->prot, 1) | PTE_SHARED;
		return 0;
	}
	int64_t gpa = mm_alloc_page(mm);
	if (gpa < 0)
		return (int)gpa;
	ssize_t n = pread(v->mf->fd, mm->slab + gpa, PAGE_SIZE, (off_t)off);
	(void)n; /* a short read leaves zeros, as past EOF in the last page */
	*pte = pte_make((uint64_t)gpa, v->prot, 1);
	return 0;
}

int mm_revalidate_shared(struct mm *mm)
{
	int removed = 0;
	pthread_mutex_lock(&mm->lock);
	for (struct vma *v = mm->vmas; v; v = v->next) {
		struct stat st;
		if (!host_backed(v) || !v->mf || (v->flags & MAP_ANONYMOUS) || fstat(v->mf->fd, &st) < 0)
			continue;
		uint64_t keep = PAGE_UP((uint64_t)st.st_size);
		for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE) {
			if (v->file_off + (va - v->start) < keep)
				continue;
			uint64_t *pte = mm_pte(mm, va, 0);
			if (pte && (*pte & PTE_P)) {
				uint64_t gpa = *pte & PTE_ADDR;
				*pte = 0;
				mm_invalidate_phys(mm, gpa, PAGE_SIZE);
				removed++;
			}
		}
	}
	pthread_mutex_unlock(&mm->lock);
	return removed;
}

uint64_t mm_shared_gpa_to_va(struct mm *mm, uint64_t gpa)
{
	uint64_t va = 0;
	pthread_mutex_lock(&mm->lock);
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (host_backed(v) && gpa >= v->phys_base && gpa < v->phys_base + (v->end - v->start)) {
			va = v->start + (gpa - v->phys_base);
			break;
		}
	pthread_mutex_unlock(&mm->lock);
	return va;
}

int mm_fault_in(struct mm *mm, uint64_t va, int prot)
{
	struct vma *v = vma_find(mm, va);
	if (!v)
		v = stack_expand(mm, va);
	if (!v || (v->prot & prot) != prot)
		return -EFAULT;
	if (v->kind == VMA_FILE || v->kind == VMA_SHARED)
		return file_fault(mm, v, va); /* populated at mmap time, except past EOF */
	uint64_t ws = va & ~(FAULT_AROUND - 1);
	return vma_populate(mm, v, ws, ws + FAULT_AROUND);
}

int mm_handle_fault(struct mm *mm, uint64_t addr, uint64_t err, int *si_code)
{
	int want = (err & 2) ? GP_WRITE : (err & 16) ? GP_EXEC : GP_READ;
	pthread_mutex_lock(&mm->lock);
	struct vma *v = addr < TASK_SIZE ? vma_find(mm, addr) : NULL;
	if (!v && addr < TASK_SIZE)
		v = stack_expand(mm, addr);
	int sig = 0;
	if (!v) {
		*si_code = 1; /* SEGV_MAPERR */
		sig = 11;
	} else if ((v->prot & want) != want || (v->prot == 0)) {
		*si_code = 2; /* SEGV_ACCERR */
		sig = 11;
	} else {
		uint64_t *pte = mm_pte(mm, addr, 0);
		if (pte && (*pte & PTE_P)) {
			/* Present and permitted: a host-shared read-only page written to? */
			if (want == GP_WRITE && !(*pte & PTE_W) && !mm_track_fault(mm, addr, pte)) {
				*si_code = 2;
				sig = 11;
			}
			/* else: a stale translation already fixed; just resume */
		} else if (v->kind == VMA_FILE || v->kind == VMA_SHARED) {
			if (file_fault(mm, v, addr) < 0) {
				*si_code = 2; /* BUS_ADRERR: beyond the end of the file */
				sig = 7;
			}
		} else if (mm_fault_in(mm, addr, want) < 0) {
			*si_code = 0x80; /* SI_KERNEL: out of memory */
			sig = 9;
		}
	}
	pthread_mutex_unlock(&mm->lock);
	return sig;
}

/* SysV shared memory: the host segment is attached over contiguous
 * guest-physical pages, so it is shared with every process attaching it. */
int64_t mm_shmat(struct mm *mm, uint64_t addr, uint64_t size, int shmid, int rdonly, int remap)
{
	uint64_t len = PAGE_UP(size);
	if (!len)
		return -EINVAL;
	if (addr) {
		if (addr + len > TASK_SIZE || addr + len < addr)
			return -EINVAL;
		if (!remap && !range_free(mm, addr, addr + len))
			return -EINVAL;
	} else if (!(addr = find_free(mm, len, MMAP_MIN_ADDR, mm->mmap_base))) {
		return -ENOMEM;
	}
	int64_t base = mm_alloc_contig(mm, len / PAGE_SIZE);
	if (base < 0)
		return base;
	if (shmat(shmid, mm->slab + base, SHM_REMAP | (rdonly ? SHM_RDONLY : 0)) == (void *)-1) {
		int e = errno;
		flush_unshare(mm, (uint64_t)base, len);
		return -e;
	}
	if (remap)
		remove_range(mm, addr, addr + len, 0);
	struct vma *v = calloc(1, sizeof *v);
	if (!v) {
		flush_unshare(mm, (uint64_t)base, len);
		return -ENOMEM;
	}
	char name[32];
	snprintf(name, sizeof name, "/SYSV%08x", 0U);
	v->start = addr;
	v->end = addr + len;
	v->prot = GP_READ | (rdonly ? 0 : GP_WRITE);
	v->mayprot = GP_READ | GP_EXEC | (rdonly ? 0 : GP_WRITE);
	v->flags = MAP_SHARED;
	v->kind = VMA_SHARED;
	v->phys_base = (uint64_t)base;
	v->file_size = len;
	v->ino = (ino_t)shmid;
	v->name = strdup(name);
	vma_insert(mm, v);
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *pte = mm_pte(mm, addr + off, 1);
		if (!pte) {
			remove_range(mm, addr, addr + len, 0);
			return -ENOMEM;
		}
		*pte = pte_make((uint64_t)base + off, v->prot, 1) | PTE_SHARED;
	}
	return (int64_t)addr;
}

int mm_shmdt(struct mm *mm, uint64_t addr)
{
	struct vma *v = vma_find(mm, addr);
	if (!v || v->start != addr || v->kind != VMA_SHARED || !v->name || strncmp(v->name, "/SYSV", 5) != 0)
		return -EINVAL;
	return remove_range(mm, v->start, v->end, 0);
}
