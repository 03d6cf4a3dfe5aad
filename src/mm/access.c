/* mm/access.c: the checked accessors, the only way the host touches guest memory. */
#include <errno.h>
#include <setjmp.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "mm/mm.h"
#include "mm/pte.h"

/* A page backed by a host file mapping (PTE_SHARED) raises SIGBUS in the
 * host when the file was truncated under it, where Linux's
 * copy_{to,from}_user gives EFAULT. The accessors' own copies of such pages
 * run guarded: the host SIGBUS handler (kernel/signal.c) jumps back here.
 * A pointer handed out (guest_span) is probed through the kernel instead,
 * which reports the same fault as an error. */
_Thread_local sigjmp_buf *mm_fault_recover;

static int guarded(int (*fn)(void *ctx, uint8_t *host, size_t n), void *ctx, uint8_t *h, size_t n)
{
	sigjmp_buf jb;
	if (sigsetjmp(jb, 0)) {
		mm_fault_recover = NULL;
		return -EFAULT;
	}
	mm_fault_recover = &jb;
	int r = fn(ctx, h, n);
	mm_fault_recover = NULL;
	return r;
}

static int host_page_alive(const uint8_t *h)
{
	uint8_t b;
	struct iovec local = {&b, 1}, remote = {(void *)h, 1};
	/* (by tid: the thread group leader may have exited already) */
	return process_vm_readv((pid_t)syscall(SYS_gettid), &local, 1, &remote, 1, 0) == 1;
}

/* Host pointer to the byte at va if the guest may access it with `prot`;
 * faults the page in like the kernel's copy_{from,to}_user would; *hosted:
 * the page is a host file mapping (see above). Lock held. */
static uint8_t *translate(struct mm *mm, uint64_t va, int prot, int *hosted)
{
	if (va >= TASK_SIZE)
		return NULL;
	for (int attempt = 0; attempt < 2; attempt++) {
		uint64_t *pte = mm_pte(mm, va, 0);
		uint64_t e = pte ? *pte : 0;
		if ((e & (PTE_P | PTE_U)) == (PTE_P | PTE_U) && !(e & PTE_MMIO)) {
			if ((prot & GP_WRITE) && !(e & PTE_W) && !mm_track_fault(mm, va, pte))
				return NULL;
			uint64_t gpa = e & PTE_ADDR;
			if (gpa >= mm->phys_top)
				return NULL;
			*hosted = (e & PTE_SHARED) != 0;
			return mm->slab + gpa + (va & (PAGE_SIZE - 1));
		}
		if (e || attempt)
			return NULL;
		if (mm_fault_in(mm, va, prot) < 0)
			return NULL;
	}
	return NULL;
}

/* Walk [gva, gva+len) page by page, calling fn on each host piece. */
static int walk(struct mm *mm, uint64_t gva, size_t len, int prot,
		int (*fn)(void *ctx, uint8_t *host, size_t n), void *ctx)
{
	if (gva + len < gva)
		return -EFAULT;
	int r = 0;
	pthread_mutex_lock(&mm->lock);
	while (len) {
		size_t n = PAGE_SIZE - (gva & (PAGE_SIZE - 1));
		if (n > len)
			n = len;
		int hosted;
		uint8_t *h = translate(mm, gva, prot, &hosted);
		if (!h) {
			r = -EFAULT;
			break;
		}
		r = hosted ? guarded(fn, ctx, h, n) : fn(ctx, h, n);
		if (r < 0)
			break;
		gva += n;
		len -= n;
	}
	pthread_mutex_unlock(&mm->lock);
	return r < 0 ? r : 0;
}

static int copy_out(void *ctx, uint8_t *host, size_t n)
{
	uint8_t **dst = ctx;
	memcpy(*dst, host, n);
	*dst += n;
	return 0;
}

static int copy_in(void *ctx, uint8_t *host, size_t n)
{
	const uint8_t **src = ctx;
	memcpy(host, *src, n);
	*src += n;
	return 0;
}

static int zero_fill(void *ctx, uint8_t *host, size_t n)
{
	(void)ctx;
	memset(host, 0, n);
	return 0;
}

int guest_read(struct mm *mm, uint64_t gva, void *dst, size_t len)
{
	uint8_t *p = dst;
	return walk(mm, gva, len, GP_READ, copy_out, &p);
}

int guest_write(struct mm *mm, uint64_t gva, const void *src, size_t len)
{
	const uint8_t *p = src;
	return walk(mm, gva, len, GP_WRITE, copy_in, &p);
}

int guest_zero(struct mm *mm, uint64_t gva, size_t len) { return walk(mm, gva, len, GP_WRITE, zero_fill, NULL); }

/* One page's piece of a string: copied up to and with its NUL, if any. */
static int str_piece(void *ctx, uint8_t *h, size_t n)
{
	char *dst = ctx;
	uint8_t *nul = memchr(h, 0, n);
	size_t k = nul ? (size_t)(nul - h) + 1 : n;
	memcpy(dst, h, k);
	return nul ? (int)k : 0;
}

long guest_strncpy(struct mm *mm, char *dst, uint64_t gva, size_t max)
{
	size_t done = 0;
	long r = -ENAMETOOLONG;
	pthread_mutex_lock(&mm->lock);
	while (done < max) {
		int hosted;
		uint8_t *h = translate(mm, gva + done, GP_READ, &hosted);
		if (!h) {
			r = -EFAULT;
			break;
		}
		size_t n = PAGE_SIZE - ((gva + done) & (PAGE_SIZE - 1));
		if (n > max - done)
			n = max - done;
		int k = hosted ? guarded(str_piece, dst + done, h, n) : str_piece(dst + done, h, n);
		if (k < 0) {
			r = k;
			break;
		}
		if (k > 0) {
			r = (long)(done + (size_t)k - 1);
			break;
		}
		done += n;
	}
	pthread_mutex_unlock(&mm->lock);
	if (r == -ENAMETOOLONG && max)
		dst[max - 1] = 0;
	return r;
}

struct iov_ctx {
	struct iovec *iov;
	int max, n;
	size_t covered;
};

static int iov_add(void *ctx, uint8_t *host, size_t n)
{
	struct iov_ctx *c = ctx;
	if (c->n && (uint8_t *)c->iov[c->n - 1].iov_base + c->iov[c->n - 1].iov_len == host) {
		c->iov[c->n - 1].iov_len += n;
	} else {
		if (c->n == c->max)
			return -E2BIG;
		c->iov[c->n].iov_base = host;
		c->iov[c->n].iov_len = n;
		c->n++;
	}
	c->covered += n;
	return 0;
}

int guest_iovec(struct mm *mm, uint64_t gva, size_t len, int prot, struct iovec *iov, int max_iov, size_t *covered)
{
	struct iov_ctx c = {iov, max_iov, 0, 0};
	int r = walk(mm, gva, len, prot, iov_add, &c);
	*covered = c.covered;
	if (r == -E2BIG)
		return c.n;
	if (r < 0)
		return c.covered ? c.n : r;
	return c.n;
}

void *guest_span(struct mm *mm, uint64_t gva, size_t len, int prot)
{
	if (len == 0 || gva + len < gva)
		return NULL;
	uint8_t *first = NULL, *next = NULL;
	pthread_mutex_lock(&mm->lock);
	for (uint64_t va = gva; va < gva + len;) {
		int hosted;
		uint8_t *h = translate(mm, va, prot, &hosted);
		/* The pointer escapes the accessors: a host-backed page is probed. */
		if (!h || (next && h != next) || (hosted && !host_page_alive(h))) {
			first = NULL;
			break;
		}
		if (!first)
			first = h;
		size_t n = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		next = h + n;
		va += n;
	}
	pthread_mutex_unlock(&mm->lock);
	return first;
}

void mm_zero_host(struct mm *mm, uint64_t gva, size_t len)
{
	while (len) {
		size_t n = PAGE_SIZE - (gva & (PAGE_SIZE - 1));
		if (n > len)
			n = len;
		uint64_t *pte = mm_pte(mm, gva, 0);
		if (pte && pte_has_page(*pte))
			memset(mm_phys(mm, *pte & PTE_ADDR) + (gva & (PAGE_SIZE - 1)), 0, n);
		gva += n;
		len -= n;
	}
}
