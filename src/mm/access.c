/* mm/access.c: the checked accessors, the only way the host touches guest memory. */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "mm/mm.h"
#include "mm/pte.h"

/* A page backed by a host file mapping (PTE_SHARED) raises SIGBUS in the
 * host when the file was truncated under it; Linux's copy_{to,from}_user
 * gives EFAULT there. Probe it through the kernel first, which reports the
 * same fault as an error instead of a signal. */
static int host_page_alive(const uint8_t *h)
{
	uint8_t b;
	struct iovec local = {&b, 1}, remote = {(void *)h, 1};
	/* (by tid: the thread group leader may have exited already) */
	return process_vm_readv((pid_t)syscall(SYS_gettid), &local, 1, &remote, 1, 0) == 1;
}

/* Host pointer to the byte at va if the guest may access it with `prot`;
 * faults the page in like the kernel's copy_{from,to}_user would. Lock held. */
static uint8_t *translate(struct mm *mm, uint64_t va, int prot)
{
	if (va >= TASK_SIZE)
		return NULL;
	for (int attempt = 0; attempt < 2; attempt++) {
		uint64_t *pte = mm_pte(mm, va, 0);
		uint64_t e = pte ? *pte : 0;
		if ((e & (PTE_P | PTE_U)) == (PTE_P | PTE_U) && !(e & PTE_MMIO)) {
			if ((prot & GP_WRITE) && !(e & PTE_W))
				return NULL;
			uint64_t gpa = e & PTE_ADDR;
			if (gpa >= mm->phys_top)
				return NULL;
			uint8_t *h = mm->slab + gpa + (va & (PAGE_SIZE - 1));
			if ((e & PTE_SHARED) && !host_page_alive(h))
				return NULL;
			return h;
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
		uint8_t *h = translate(mm, gva, prot);
		if (!h) {
			r = -EFAULT;
			break;
		}
		r = fn(ctx, h, n);
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

long guest_strncpy(struct mm *mm, char *dst, uint64_t gva, size_t max)
{
	size_t done = 0;
	long r = -ENAMETOOLONG;
	pthread_mutex_lock(&mm->lock);
	while (done < max) {
		uint8_t *h = translate(mm, gva + done, GP_READ);
		if (!h) {
			r = -EFAULT;
			break;
		}
		size_t n = PAGE_SIZE - ((gva + done) & (PAGE_SIZE - 1));
		if (n > max - done)
			n = max - done;
		uint8_t *nul = memchr(h, 0, n);
		if (nul) {
			size_t k = (size_t)(nul - h);
			memcpy(dst + done, h, k + 1);
			r = (long)(done + k);
			break;
		}
		memcpy(dst + done, h, n);
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
	struct iovec iov;
	size_t covered;
	int n = guest_iovec(mm, gva, len, prot, &iov, 1, &covered);
	return n == 1 && covered == len ? iov.iov_base : NULL;
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
