/* syscall/mem.c: brk, mmap, munmap, mprotect, mremap, madvise, mincore, msync. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fs/fuse/fuse.h"
#include "fs/procfs.h"
#include "mm/mm.h"
#include "syscall/syscall.h"

#define MAP_KNOWN_FLAGS                                                                                                \
	(MAP_SHARED | MAP_PRIVATE | MAP_SHARED_VALIDATE | MAP_FIXED | MAP_ANONYMOUS | MAP_32BIT | MAP_GROWSDOWN |      \
	 MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK |       \
	 MAP_HUGETLB | MAP_SYNC | MAP_FIXED_NOREPLACE | (0x3fU << MAP_HUGE_SHIFT))

SYSCALL_DEFINE(brk)
{
	struct mm *mm = t_mm(t);
	pthread_mutex_lock(&mm->lock);
	int64_t r = mm_brk(mm, a[0]);
	pthread_mutex_unlock(&mm->lock);
	return (long)r;
}

/* Linux's do_mmap checks a zero length, then the mapping type: only files
 * know MAP_SHARED_VALIDATE (with it, unknown flags are refused). */
static int mmap_type_check(int flags, uint64_t len, int file)
{
	if (len == 0)
		return -EINVAL;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
	case MAP_PRIVATE:
		return 0;
	case MAP_SHARED_VALIDATE:
		if (!file)
			return -EINVAL;
		return (flags & ~MAP_KNOWN_FLAGS) ? -EOPNOTSUPP : 0;
	default:
		return -EINVAL;
	}
}

/* Checks a file descriptor for mmap as Linux does; *anon is set for /dev/zero. */
static int mmap_fd_check(struct thread *t, int fd, int ours, int flags, uint64_t len, int prot, int *anon, char *name,
			 size_t nsz)
{
	if (!ours && fd_check(t->proc, fd) < 0) /* (ours: the copy of a FUSE file, a private fd) */
		return -EBADF;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return -EBADF;
	if (fl & O_PATH)
		return -EBADF;
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -EBADF;
	int r = mmap_type_check(flags, len, 1);
	if (r < 0)
		return r;
	/* Access first, then whether the file can be mapped at all, as Linux. */
	int acc = fl & O_ACCMODE;
	if (acc == O_WRONLY)
		return -EACCES;
	if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE) && acc != O_RDWR)
		return -EACCES;
	if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 5) {
		*anon = 1; /* /dev/zero */
		return 0;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return -ENODEV;
	if (procfs_stat_is_generated(&st))
		return -ENODEV; /* a /proc file elfuse generated: Linux's have no mmap */
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, name, nsz - 1);
	name[n > 0 ? n : 0] = 0;
	return 0;
}

SYSCALL_DEFINE(mmap)
{
	uint64_t addr = a[0], len = a[1];
	int prot = (int)a[2], flags = (int)a[3], fd = (int)a[4];
	uint64_t off = a[5];
	struct mm *mm = t_mm(t);
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (off & (PAGE_SIZE - 1))
		return -EINVAL; /* (x86-64's mmap checks this before the fd) */
	char name[512] = "";
	int anon = (flags & MAP_ANONYMOUS) != 0;
	int fuse_copy = -1;
	struct mf_owner *owner = NULL;
	if (anon) {
		int r = mmap_type_check(flags, len, 0);
		if (r < 0)
			return r;
	} else {
		/* A FUSE file: a copy of its content backs the mapping (see fs/fuse/mapshared.c). */
		char fuse_name[sizeof name] = "";
		int fr = fuse_mmap_fd(t, fd, (flags & MAP_TYPE) != MAP_PRIVATE, &fuse_copy, &owner, fuse_name,
				      sizeof fuse_name);
		if (fr < 0)
			return fr;
		if (fr)
			fd = fuse_copy;
		int r = mmap_fd_check(t, fd, fr > 0, flags, len, prot, &anon, name, sizeof name);
		if (fr)
			memcpy(name, fuse_name, sizeof name); /* /proc/self/maps names the file, not its copy */
		if (r < 0) {
			if (fuse_copy >= 0)
				close(fuse_copy);
			if (owner)
				owner->put(owner);
			return r;
		}
	}
	if (!anon && off + PAGE_UP(len) < off)
		return -EOVERFLOW;
	pthread_mutex_lock(&mm->lock);
	int64_t r = mm_mmap(mm, addr, len, prot & 7, flags, anon ? -1 : fd, anon ? 0 : off, name[0] ? name : NULL);
	if (owner && r >= 0 && mm_set_owner(mm, (uint64_t)r, owner) == 0)
		owner = NULL; /* the mapping holds it now */
	pthread_mutex_unlock(&mm->lock);
	if (fuse_copy >= 0)
		close(fuse_copy);
	if (owner)
		owner->put(owner);
	mm_release_orphans(mm); /* (a MAP_FIXED mapping may have replaced the last mapping of a copy) */
	return (long)r;
}

SYSCALL_DEFINE(munmap)
{
	struct mm *mm = t_mm(t);
	pthread_mutex_lock(&mm->lock);
	int r = mm_munmap(mm, a[0], a[1]);
	pthread_mutex_unlock(&mm->lock);
	mm_release_orphans(mm);
	return r;
}

SYSCALL_DEFINE(mprotect)
{
	struct mm *mm = t_mm(t);
	pthread_mutex_lock(&mm->lock);
	int r = mm_mprotect(mm, a[0], a[1], (int)a[2]);
	pthread_mutex_unlock(&mm->lock);
	return r;
}

SYSCALL_DEFINE(mremap)
{
	struct mm *mm = t_mm(t);
	pthread_mutex_lock(&mm->lock);
	int64_t r = mm_mremap(mm, a[0], a[1], a[2], (int)a[3], a[4]);
	pthread_mutex_unlock(&mm->lock);
	mm_release_orphans(mm);
	return (long)r;
}

SYSCALL_DEFINE(madvise)
{
	struct mm *mm = t_mm(t);
	pthread_mutex_lock(&mm->lock);
	int r = mm_madvise(mm, a[0], a[1], (int)a[2]);
	pthread_mutex_unlock(&mm->lock);
	return r;
}

SYSCALL_DEFINE(mincore)
{
	struct mm *mm = t_mm(t);
	uint64_t len = a[1];
	if (a[0] & (PAGE_SIZE - 1))
		return -EINVAL;
	uint64_t pages = PAGE_UP(len) / PAGE_SIZE;
	if (PAGE_UP(len) < len)
		return -ENOMEM;
	if (pages == 0)
		return 0;
	if (pages > (1ULL << 24))
		pages = 1ULL << 24; /* done in chunks by Linux too; keep the buffer bounded */
	uint8_t *vec = calloc(pages, 1);
	if (!vec)
		return -ENOMEM;
	pthread_mutex_lock(&mm->lock);
	int r = mm_mincore(mm, a[0], pages * PAGE_SIZE, vec);
	pthread_mutex_unlock(&mm->lock);
	if (r == 0)
		r = guest_write(mm, a[2], vec, pages);
	free(vec);
	return r;
}

SYSCALL_DEFINE(msync)
{
	struct mm *mm = t_mm(t);
	uint64_t addr = a[0], len = a[1];
	int flags = (int)a[2];
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	uint64_t end = addr + PAGE_UP(len);
	pthread_mutex_lock(&mm->lock);
	int r = 0;
	for (uint64_t va = addr; va < end;) {
		struct vma *v = mm_find_vma(mm, va);
		if (!v) {
			r = -ENOMEM;
			break;
		}
		if (v->kind == VMA_SHARED && (flags & MS_SYNC)) {
			uint64_t *pte = mm_pte(mm, va, 0);
			if (pte && (*pte & 1))
				msync(mm_phys(mm, *pte & 0x000ffffffffff000ULL), PAGE_SIZE, MS_SYNC);
		}
		va += PAGE_SIZE;
	}
	pthread_mutex_unlock(&mm->lock);
	if (r == 0)
		mm_sync_owners(mm, addr, end); /* copies of FUSE files: their WRITEs */
	return r;
}

/* mlock family: lock the host pages behind the guest range (the guest's
 * pages stay resident exactly as long as the host's do). */
static long lock_range(struct thread *t, uint64_t addr, uint64_t len, int lock)
{
	struct mm *mm = t_mm(t);
	uint64_t start = addr & PAGE_MASK, end = PAGE_UP(addr + len);
	if (end < start)
		return -EINVAL;
	long r = 0;
	pthread_mutex_lock(&mm->lock);
	for (uint64_t va = start; va < end && r == 0; va += PAGE_SIZE) {
		if (!mm_find_vma(mm, va)) {
			r = -ENOMEM;
			break;
		}
		if (lock && mm_populate(mm, va, va + PAGE_SIZE) < 0) {
			r = -ENOMEM;
			break;
		}
		uint64_t *pte = mm_pte(mm, va, 0);
		if (!pte || !(*pte & 1))
			continue;
		void *h = mm_phys(mm, *pte & 0x000ffffffffff000ULL);
		if ((lock ? mlock(h, PAGE_SIZE) : munlock(h, PAGE_SIZE)) < 0)
			r = -errno;
	}
	pthread_mutex_unlock(&mm->lock);
	return r;
}

SYSCALL_DEFINE(mlock) { return lock_range(t, a[0], a[1], 1); }
SYSCALL_DEFINE(munlock) { return lock_range(t, a[0], a[1], 0); }

SYSCALL_DEFINE(mlock2)
{
	if (a[2] & ~(uint64_t)MLOCK_ONFAULT)
		return -EINVAL;
	return lock_range(t, a[0], a[1], 1);
}

/* MCL_CURRENT locks what is mapped now; MCL_FUTURE is accepted but new
 * mappings are not locked (documented limitation). */
SYSCALL_DEFINE(mlockall)
{
	int flags = (int)a[0];
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	if (!(flags & MCL_CURRENT))
		return 0;
	struct mm *mm = t_mm(t);
	long r = 0;
	pthread_mutex_lock(&mm->lock);
	for (struct vma *v = mm->vmas; v && r == 0; v = v->next)
		for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE) {
			uint64_t *pte = mm_pte(mm, va, 0);
			if (pte && (*pte & 1) && mlock(mm_phys(mm, *pte & 0x000ffffffffff000ULL), PAGE_SIZE) < 0) {
				r = -errno;
				break;
			}
		}
	pthread_mutex_unlock(&mm->lock);
	return r;
}

SYSCALL_DEFINE(munlockall)
{
	struct mm *mm = t_mm(t);
	pthread_mutex_lock(&mm->lock);
	for (struct vma *v = mm->vmas; v; v = v->next)
		for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE) {
			uint64_t *pte = mm_pte(mm, va, 0);
			if (pte && (*pte & 1))
				munlock(mm_phys(mm, *pte & 0x000ffffffffff000ULL), PAGE_SIZE);
		}
	pthread_mutex_unlock(&mm->lock);
	return 0;
}
