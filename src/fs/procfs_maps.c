/* fs/procfs_maps.c: /proc/<self>/maps, smaps, smaps_rollup, statm and the memory totals, from the guest's VMAs. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>

#include "fs/path.h"
#include "fs/procfs.h"
#include "mm/mm.h"
#include "mm/pte.h"

/* ---- text buffer ---- */

void sb_putn(struct sbuf *b, const char *s, size_t n)
{
	if (b->err)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *ns = realloc(b->s, cap);
		if (!ns) {
			b->err = 1;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void sb_puts(struct sbuf *b, const char *s) { sb_putn(b, s, strlen(s)); }

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->err = 1;
		return;
	}
	if ((size_t)n < sizeof small) {
		sb_putn(b, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->err = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb_putn(b, big, (size_t)n);
	free(big);
}

/* ---- walking the VMAs as Linux would show them ---- */

/* One line of maps: a run of VMAs Linux would have merged into one. */
struct run {
	uint64_t start, end, off;
	const struct vma *first;
	int shared;
	/* page counts (count_pages) */
	uint64_t rss, anon, file, shmem;
};

static int vma_shared(const struct vma *v)
{
	int type = v->flags & MAP_SHARED_VALIDATE;
	return v->kind == VMA_SHARED || type == MAP_SHARED || type == MAP_SHARED_VALIDATE;
}

static int same_name(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Would Linux have merged b (starting where a's run ends) into a's run? */
static int mergeable(const struct vma *a, uint64_t run_end, const struct vma *b)
{
	if (b->start != run_end || a->prot != b->prot || a->kind != b->kind || vma_shared(a) != vma_shared(b))
		return 0;
	if ((a->flags & (MAP_GROWSDOWN | MAP_NORESERVE)) != (b->flags & (MAP_GROWSDOWN | MAP_NORESERVE)))
		return 0;
	if (!same_name(a->name, b->name) || a->dev != b->dev || a->ino != b->ino)
		return 0;
	/* File mappings are left as they are: elfuse does not know which parts
	 * were ever writable (VM_ACCOUNT), and Linux keeps a RELRO part apart
	 * from its read-only neighbour for that reason. */
	return a->kind != VMA_FILE && a->kind != VMA_SHARED;
}

/* Residency of the slab's pages, as the host sees it (mincore). */
struct resid {
	unsigned char *vec;
	uint64_t pages;
};

static void resid_init(struct mm *mm, struct resid *r)
{
	r->pages = mm->phys_top / PAGE_SIZE;
	r->vec = r->pages ? malloc(r->pages) : NULL;
	if (r->vec && mincore(mm->slab, r->pages * PAGE_SIZE, r->vec) < 0) {
		free(r->vec);
		r->vec = NULL;
	}
}

/* Count the resident pages of [start, end) into the run's counters. */
static void count_pages(struct mm *mm, const struct resid *rs, struct run *r)
{
	const struct vma *v = r->first;
	for (uint64_t va = r->start; va < r->end;) {
		uint64_t *pte = mm_pte(mm, va, 0);
		if (!pte) {
			va = (va | ((PAGE_SIZE << 9) - 1)) + 1; /* no page table: skip its 2 MiB */
			continue;
		}
		uint64_t e = *pte;
		va += PAGE_SIZE;
		if (!pte_has_page(e))
			continue;
		uint64_t pg = (e & PTE_ADDR) / PAGE_SIZE;
		if (rs->vec && (pg >= rs->pages || !(rs->vec[pg] & 1)) && !(e & (PTE_SHARED | PTE_PINNED)))
			continue; /* allocated to the guest but never touched: not resident */
		r->rss++;
		if (v->kind == VMA_SHARED)
			v->ino ? r->file++ : r->shmem++;
		else if (v->kind == VMA_FILE && !(v->prot & GP_WRITE))
			r->file++;
		else
			r->anon++;
	}
}

typedef void (*run_fn)(struct process *p, const struct run *r, void *ctx);

/* Call fn for each merged run, under mm->lock (fn must not block). */
static void walk_runs(struct process *p, int pages, run_fn fn, void *ctx)
{
	struct mm *mm = p->mm;
	(void)fs_sysroot_active(p); /* set up before the lock: name rewriting then needs no I/O */
	pthread_mutex_lock(&mm->lock);
	struct resid rs = {NULL, 0};
	if (pages)
		resid_init(mm, &rs);
	for (const struct vma *v = mm->vmas; v;) {
		struct run r = {v->start, v->end, v->file_off, v, vma_shared(v), 0, 0, 0, 0};
		const struct vma *n = v->next;
		while (n && mergeable(v, r.end, n)) {
			r.end = n->end;
			n = n->next;
		}
		if (pages)
			count_pages(mm, &rs, &r);
		fn(p, &r, ctx);
		v = n;
	}
	free(rs.vec);
	pthread_mutex_unlock(&mm->lock);
}

/* ---- maps and smaps ---- */

struct maps_ctx {
	struct sbuf *b;
	int smaps;
	struct run total; /* smaps_rollup */
	uint64_t lo, hi;
};

static void put_header(struct process *p, struct sbuf *b, const struct run *r)
{
	const struct vma *v = r->first;
	int file = v->kind == VMA_FILE || (v->kind == VMA_SHARED && v->ino);
	uint64_t off = file ? r->off : 0;
	unsigned maj = file ? major(v->dev) : 0, min = file ? minor(v->dev) : 0;
	unsigned long ino = file ? (unsigned long)v->ino : 0;
	const char *name = v->name;
	if (!name && v->kind == VMA_SHARED && !v->ino) {
		name = "/dev/zero (deleted)"; /* shared anonymous memory, as Linux names it */
		min = 1;
	}
	char head[160];
	int n =
	    snprintf(head, sizeof head, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %lu ", (unsigned long long)r->start,
		     (unsigned long long)r->end, (v->prot & GP_READ) ? 'r' : '-', (v->prot & GP_WRITE) ? 'w' : '-',
		     (v->prot & GP_EXEC) ? 'x' : '-', r->shared ? 's' : 'p', (unsigned long long)off, maj, min, ino);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof head)
		n = (int)sizeof head - 1;
	sb_putn(b, head, (size_t)n);
	if (name) {
		/* Linux pads the prefix to 72 columns, then one space, then the name. */
		static const char spaces[80] =
		    "                                                                               ";
		if (n < 72)
			sb_putn(b, spaces, (size_t)(72 - n));
		sb_putn(b, " ", 1);
		char shown[PATH_MAX + 32];
		snprintf(shown, sizeof shown, "%s", name);
		if (shown[0] == '/' && strncmp(shown, "/memfd:", 7) != 0)
			fs_host_to_guest(p, shown);
		sb_puts(b, shown);
	}
	sb_putn(b, "\n", 1);
}

static void put_kb(struct sbuf *b, const char *label, uint64_t kb)
{
	sb_printf(b, "%-16s%8llu kB\n", label, (unsigned long long)kb);
}

static void put_counts(struct sbuf *b, const struct run *r, int rollup)
{
	uint64_t kb = PAGE_SIZE / 1024;
	/* elfuse's guest pages are never shared with another process, except
	 * the host files behind MAP_SHARED mappings. */
	uint64_t shared_clean = r->file && r->first->kind == VMA_SHARED ? r->file : 0;
	uint64_t priv_clean = r->file - shared_clean;
	uint64_t dirty = r->anon + r->shmem;
	if (!rollup) {
		put_kb(b, "Size:", (r->end - r->start) / 1024);
		put_kb(b, "KernelPageSize:", 4);
		put_kb(b, "MMUPageSize:", 4);
	}
	put_kb(b, "Rss:", r->rss * kb);
	put_kb(b, "Pss:", r->rss * kb);
	put_kb(b, "Pss_Dirty:", dirty * kb);
	if (rollup) {
		put_kb(b, "Pss_Anon:", r->anon * kb);
		put_kb(b, "Pss_File:", r->file * kb);
		put_kb(b, "Pss_Shmem:", r->shmem * kb);
	}
	put_kb(b, "Shared_Clean:", shared_clean * kb);
	put_kb(b, "Shared_Dirty:", 0);
	put_kb(b, "Private_Clean:", priv_clean * kb);
	put_kb(b, "Private_Dirty:", dirty * kb);
	put_kb(b, "Referenced:", r->rss * kb);
	put_kb(b, "Anonymous:", r->anon * kb);
	put_kb(b, "KSM:", 0);
	put_kb(b, "LazyFree:", 0);
	put_kb(b, "AnonHugePages:", 0);
	put_kb(b, "ShmemPmdMapped:", 0);
	put_kb(b, "FilePmdMapped:", 0);
	put_kb(b, "Shared_Hugetlb:", 0);
	put_kb(b, "Private_Hugetlb:", 0);
	put_kb(b, "Swap:", 0);
	put_kb(b, "SwapPss:", 0);
	put_kb(b, "Locked:", 0);
}

static void put_vmflags(struct sbuf *b, const struct run *r)
{
	const struct vma *v = r->first;
	int special = v->name && (!strcmp(v->name, "[vvar]") || !strcmp(v->name, "[vdso]"));
	sb_puts(b, "VmFlags:");
	if (v->prot & GP_READ)
		sb_puts(b, " rd");
	if (v->prot & GP_WRITE)
		sb_puts(b, " wr");
	if (v->prot & GP_EXEC)
		sb_puts(b, " ex");
	if (r->shared)
		sb_puts(b, " sh");
	if (v->name && !strcmp(v->name, "[vvar]")) {
		sb_puts(b, " mr pf io de dd \n");
		return;
	}
	if (v->name && !strcmp(v->name, "[vsyscall]")) {
		sb_puts(b, " \n"); /* the gate area: no VMA flags but its protection */
		return;
	}
	sb_puts(b, r->shared ? " mr mw me ms" : " mr mw me");
	if (v->flags & MAP_GROWSDOWN)
		sb_puts(b, " gd");
	if (special)
		sb_puts(b, " de");
	/* VM_ACCOUNT: private mappings that were writable at some point. */
	if (!r->shared && !special && ((v->prot & GP_WRITE) || v->kind == VMA_ANON || v->kind == VMA_HEAP))
		sb_puts(b, " ac");
	if (v->flags & MAP_NORESERVE)
		sb_puts(b, " nr");
	sb_puts(b, " \n");
}

static void maps_one(struct process *p, const struct run *r, void *vctx)
{
	struct maps_ctx *c = vctx;
	if (c->smaps < 2)
		put_header(p, c->b, r);
	if (c->smaps == 1) {
		put_counts(c->b, r, 0);
		sb_printf(c->b, "THPeligible:    %8d\n", 0);
		put_vmflags(c->b, r);
	}
	if (c->smaps == 2) {
		if (!c->lo)
			c->lo = r->start;
		c->hi = r->end;
		c->total.rss += r->rss;
		c->total.anon += r->anon;
		c->total.file += r->file;
		c->total.shmem += r->shmem;
	}
}

int procfs_gen_maps(struct process *p, struct sbuf *b, int smaps)
{
	struct maps_ctx c;
	memset(&c, 0, sizeof c);
	c.b = b;
	c.smaps = smaps;
	walk_runs(p, smaps, maps_one, &c);
	if (mm_vsyscall_present()) {
		/* Linux lists the vsyscall page last (the gate area, no VMA of its own). */
		struct vma gate;
		memset(&gate, 0, sizeof gate);
		gate.start = VSYSCALL_ADDR;
		gate.end = VSYSCALL_ADDR + PAGE_SIZE;
		gate.prot = GP_EXEC;
		gate.kind = VMA_ANON;
		gate.name = "[vsyscall]";
		struct run r = {gate.start, gate.end, 0, &gate, 0, 0, 0, 0, 0};
		maps_one(p, &r, &c);
	}
	return b->err ? -ENOMEM : 0;
}

int procfs_gen_smaps_rollup(struct process *p, struct sbuf *b)
{
	struct maps_ctx c;
	memset(&c, 0, sizeof c);
	c.b = b;
	c.smaps = 2;
	walk_runs(p, 1, maps_one, &c);
	struct vma fake;
	memset(&fake, 0, sizeof fake);
	fake.name = "[rollup]";
	c.total.start = c.lo;
	c.total.end = c.hi;
	c.total.first = &fake;
	put_header(p, b, &c.total);
	put_counts(b, &c.total, 1);
	return b->err ? -ENOMEM : 0;
}

/* ---- totals: status, stat, statm ---- */

struct totals_ctx {
	struct procfs_mem *m;
	const char *exe;
	uint64_t last_pmd; /* the last 2 MiB region counted for VmPTE */
	int pmds;
};

static void totals_one(struct process *p, const struct run *r, void *vctx)
{
	(void)p;
	struct totals_ctx *c = vctx;
	struct procfs_mem *m = c->m;
	const struct vma *v = r->first;
	uint64_t pages = (r->end - r->start) / PAGE_SIZE;
	m->size += pages;
	m->rss += r->rss;
	m->rss_anon += r->anon;
	m->rss_file += r->file;
	m->rss_shmem += r->shmem;
	/* Linux's data_vm: private writable, not stack; stack_vm: growsdown. */
	if (v->kind == VMA_STACK || (v->flags & MAP_GROWSDOWN)) {
		m->stack += pages;
		if (!m->start_stack || r->start < m->start_stack)
			m->start_stack = r->start;
	} else if (!r->shared && (v->prot & GP_WRITE)) {
		m->data += pages;
	}
	if ((v->prot & GP_EXEC) && !r->shared && !(v->prot & GP_WRITE)) {
		/* exec_vm: the program's text counts as VmExe, the rest as VmLib. */
		int main_exe = v->kind == VMA_FILE && v->name && c->exe && strcmp(v->name, c->exe) == 0;
		if (main_exe) {
			m->exec += pages;
			if (!m->start_code || r->start < m->start_code)
				m->start_code = r->start;
			if (r->end > m->end_code)
				m->end_code = r->end;
		} else if (v->kind == VMA_FILE) {
			m->lib += pages;
		}
	}
	if (v->kind == VMA_FILE && v->name && c->exe && strcmp(v->name, c->exe) == 0 && (v->prot & GP_WRITE)) {
		if (!m->start_data || r->start < m->start_data)
			m->start_data = r->start;
		if (r->end > m->end_data)
			m->end_data = r->end;
	}
	/* Page tables: one 4 KiB table per 2 MiB region mapped (a fair estimate). */
	uint64_t first = r->start / (PAGE_SIZE << 9), last = (r->end - 1) / (PAGE_SIZE << 9);
	if (c->pmds && first <= c->last_pmd)
		first = c->last_pmd + 1;
	if (first <= last) {
		m->pte_kb += (last - first + 1) * 4;
		c->last_pmd = last;
	}
	c->pmds = 1;
}

void procfs_mem_totals(struct process *p, struct procfs_mem *m)
{
	memset(m, 0, sizeof *m);
	struct totals_ctx c = {m, p->exe, 0, 0};
	walk_runs(p, 1, totals_one, &c);
	if (!m->start_data) {
		m->start_data = m->end_code;
		m->end_data = m->end_code;
	}
}

int procfs_gen_statm(struct process *p, struct sbuf *b)
{
	struct procfs_mem m;
	procfs_mem_totals(p, &m);
	/* size resident shared text lib data dt, in pages (lib and dt are 0 since 2.6). */
	sb_printf(b, "%llu %llu %llu %llu 0 %llu 0\n", (unsigned long long)m.size, (unsigned long long)m.rss,
		  (unsigned long long)(m.rss_file + m.rss_shmem), (unsigned long long)m.exec,
		  (unsigned long long)(m.data + m.stack));
	return b->err ? -ENOMEM : 0;
}
