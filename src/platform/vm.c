/* platform/vm.c: the KVM VM and vCPUs, the entry-protocol probe and the event loop. */
#include "platform/vm.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "platform/layout.h"
#include "platform/private_fd.h"
#include "platform/xport.h"

_Static_assert(sizeof(struct cpu_regs) == sizeof(struct kvm_regs), "cpu_regs layout");

extern const unsigned char shim_start[], shim_end[];
extern const uint64_t shim_syscall_off, shim_exc_table_off, shim_iret_off;

#define MAX_SLOTS 64
#define EXIT_MEMORY_FAULT 39 /* KVM_EXIT_MEMORY_FAULT, Linux 6.8 */
#define DOORBELL_GPA 0xff0000000000ULL /* no memslot: stores there exit as MMIO */

enum protocol { PROTO_UNKNOWN, PROTO_PVM, PROTO_VMX };
static enum protocol proto = PROTO_UNKNOWN;

struct vm {
	sys_area_map_fn map; /* kept for per-vCPU pages mapped later (transport) */
	void *map_ctx;
	int kvm_fd;
	int vm_fd;
	int run_size;
	int nslots;
	struct kvm_cpuid2 *cpuid;
	unsigned char *gdt, *idt, *tss;
	unsigned char *kstack[VM_MAX_VCPUS];
	unsigned char *ident; /* the process's published ids (XPORT_IDENT_VA), or NULL */
};

/* What the vCPU's registers mean right now:
 * LAST_NONE: a user context (fresh vCPU, or after a kick);
 * LAST_SYSCALL: stopped at the doorbell, the user context is RCX/R11/RSP;
 * LAST_RETURNED: the syscall result is set; on PVM rip/rflags are the user
 *   context again, on VMX the stub's sysretq will use RCX/R11;
 * LAST_FAULT: the user context is the iret frame on the kernel stack. */
enum last_exit { LAST_NONE, LAST_SYSCALL, LAST_RETURNED, LAST_FAULT };

struct vcpu {
	struct vm *vm;
	int fd;
	int index;
	struct kvm_run *run;
	enum last_exit last;
	uint64_t *iret_frame; /* host pointer to [rip, cs, rflags, rsp, ss] after a fault */
	volatile uint32_t *xport; /* this vCPU's transport data page, or NULL */
	unsigned char *xport_code; /* its code page (host view), published ids at XC_IDENT */
};

static int kvm_ioctl_retry(int fd, unsigned long req, void *arg)
{
	int r;
	do {
		r = ioctl(fd, req, arg);
	} while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

uint64_t vm_doorbell_gpa(void) { return DOORBELL_GPA; }

int vm_max_vcpus(struct vm *vm)
{
	int n = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);
	if (n <= 0)
		n = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_NR_VCPUS);
	if (n <= 0 || n > VM_MAX_VCPUS)
		n = VM_MAX_VCPUS;
	return n;
}

const char *vm_protocol_name(void)
{
	return proto == PROTO_PVM ? "pvm" : proto == PROTO_VMX ? "vmx/svm" : "unknown";
}

struct vm *vm_create(void)
{
	struct vm *vm = calloc(1, sizeof *vm);
	if (!vm)
		return NULL;
	/* One /dev/kvm fd for the process and its forked children: a child that
	 * dropped root could not open it again (it is root-only). */
	static int kvm_fd = -1;
	if (kvm_fd < 0)
		kvm_fd = private_fd(open("/dev/kvm", O_RDWR | O_CLOEXEC));
	vm->kvm_fd = kvm_fd;
	if (vm->kvm_fd < 0) {
		free(vm);
		return NULL;
	}
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SYNC_REGS) <= 0) {
		fprintf(stderr, "elfuse: KVM lacks KVM_CAP_SYNC_REGS\n");
		goto fail;
	}
	int r;
	do {
		r = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	} while (r < 0 && errno == EINTR);
	vm->vm_fd = private_fd(r);
	if (vm->vm_fd < 0)
		goto fail;
	vm->run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vm->run_size <= 0)
		goto fail;
	/* The supported CPUID never changes: ask KVM once (each CPUID the host
	 * kernel runs is itself a costly exit when nested) and keep it for
	 * every later VM of this process and its forked children. */
	static struct kvm_cpuid2 *supported;
	int n = 256;
	size_t size = sizeof(struct kvm_cpuid2) + (size_t)n * sizeof(struct kvm_cpuid_entry2);
	vm->cpuid = calloc(1, size);
	if (!vm->cpuid)
		goto fail;
	if (!supported) {
		vm->cpuid->nent = (uint32_t)n;
		if (ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, vm->cpuid) < 0)
			goto fail;
		supported = malloc(size);
		if (supported)
			memcpy(supported, vm->cpuid, size);
	} else {
		memcpy(vm->cpuid, supported, size);
	}
	return vm;
fail:
	vm_destroy(vm);
	return NULL;
}

void vm_destroy(struct vm *vm)
{
	if (!vm)
		return;
	if (vm->vm_fd > 0)
		close(vm->vm_fd);
	/* vm->kvm_fd is shared by every VM of the process: it stays open. */
	free(vm->cpuid);
	free(vm);
}

int vm_add_memory(struct vm *vm, uint64_t gpa, void *host, size_t len)
{
	if (vm->nslots >= MAX_SLOTS)
		return -ENOMEM;
	struct kvm_userspace_memory_region reg = {
		.slot = (uint32_t)vm->nslots,
		.guest_phys_addr = gpa,
		.memory_size = len,
		.userspace_addr = (uint64_t)(uintptr_t)host,
	};
	int r = kvm_ioctl_retry(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &reg);
	if (r < 0)
		return r;
	vm->nslots++;
	return 0;
}

static void gdt_fill(uint64_t *gdt, uint64_t tss_base)
{
	gdt[SEL_KCODE >> 3] = 0x00af9b000000ffffULL;
	gdt[SEL_KDATA >> 3] = 0x00cf93000000ffffULL;
	gdt[SEL_UCODE32 >> 3] = 0x00cffb000000ffffULL;
	gdt[SEL_UDATA >> 3] = 0x00cff3000000ffffULL;
	gdt[SEL_UCODE >> 3] = 0x00affb000000ffffULL;
	uint64_t limit = 103;
	gdt[SEL_TSS >> 3] = (limit & 0xffff) | ((tss_base & 0xffffff) << 16) | (0x89ULL << 40) |
			    (((tss_base >> 24) & 0xff) << 56);
	gdt[(SEL_TSS >> 3) + 1] = tss_base >> 32;
}

static void idt_fill(unsigned char *idt)
{
	for (int v = 0; v < 32; v++) {
		uint64_t off = SYS_ENTRY_VA + shim_exc_table_off + 16 * (uint64_t)v;
		unsigned char *g = idt + 16 * v;
		int dpl = (v == 3 || v == 4) ? 3 : 0; /* int3 and into are legal from user mode */
		uint16_t lo = off & 0xffff, mid = (off >> 16) & 0xffff, sel = SEL_KCODE;
		uint32_t hi = off >> 32;
		memset(g, 0, 16);
		memcpy(g, &lo, 2);
		memcpy(g + 2, &sel, 2);
		g[4] = 0;
		g[5] = (unsigned char)(0x8e | (dpl << 5));
		memcpy(g + 6, &mid, 2);
		memcpy(g + 8, &hi, 4);
	}
}

int vm_setup_sys_area(struct vm *vm, sys_area_map_fn map, void *ctx)
{
	vm->map = map;
	vm->map_ctx = ctx;
	struct sys_area_page p = {.va = SYS_GDT_VA, .write = 1};
	vm->gdt = map(ctx, &p);
	p = (struct sys_area_page){.va = SYS_IDT_VA};
	vm->idt = map(ctx, &p);
	p = (struct sys_area_page){.va = SYS_ENTRY_VA, .user = 1, .exec = 1};
	unsigned char *entry = map(ctx, &p);
	p = (struct sys_area_page){.va = SYS_DOORBELL_VA, .user = 1, .write = 1, .mmio = 1};
	void *db = map(ctx, &p);
	if (!vm->gdt || !vm->idt || !entry || !db)
		return -ENOMEM;
	/* The TSS slots must be virtually contiguous; map page by page. */
	for (int i = 0; i < SYS_TSS_PAGES; i++) {
		p = (struct sys_area_page){.va = SYS_TSS_VA + 4096ULL * (uint64_t)i, .write = 1};
		unsigned char *h = map(ctx, &p);
		if (!h)
			return -ENOMEM;
		if (i == 0)
			vm->tss = h;
		else if (h != vm->tss + 4096 * i)
			return -EINVAL; /* mm hands out contiguous host pages for this area */
	}
	for (int i = 0; i < VM_MAX_VCPUS; i++) {
		p = (struct sys_area_page){.va = SYS_KSTACK_VA + 4096ULL * (uint64_t)i, .write = 1};
		vm->kstack[i] = map(ctx, &p);
		if (!vm->kstack[i])
			return -ENOMEM;
	}
	size_t shim_len = (size_t)(shim_end - shim_start);
	memcpy(entry, shim_start, shim_len);
	gdt_fill((uint64_t *)vm->gdt, SYS_TSS_VA);
	idt_fill(vm->idt);
	return 0;
}

/* Re-point host pointers of a VM created over an inherited slab (fork child). */

/* MSR access through one bounded buffer (struct kvm_msrs ends in a flexible array). */
#define MSR_BATCH 8
static int msrs_io(int fd, unsigned long req, const uint32_t *idx, uint64_t *val, int n)
{
	uint64_t buf[(sizeof(struct kvm_msrs) + MSR_BATCH * sizeof(struct kvm_msr_entry)) / 8];
	struct kvm_msrs *m = (struct kvm_msrs *)buf;
	if (n > MSR_BATCH)
		return -EINVAL;
	memset(buf, 0, sizeof buf);
	m->nmsrs = (uint32_t)n;
	for (int i = 0; i < n; i++) {
		m->entries[i].index = idx[i];
		m->entries[i].data = val[i];
	}
	if (ioctl(fd, req, m) != n)
		return -EIO;
	for (int i = 0; i < n; i++)
		val[i] = m->entries[i].data;
	return 0;
}

static int msr_set(int fd, uint32_t idx, uint64_t val) { return msrs_io(fd, KVM_SET_MSRS, &idx, &val, 1); }

static int set_msrs(int fd)
{
	uint32_t idx[] = {0xC0000081, 0xC0000082, 0xC0000083, 0xC0000084, 0xC0000100, 0xC0000101, 0xC0000102};
	uint64_t val[] = {0x0023001000000000ULL, SYS_ENTRY_VA + shim_syscall_off, SYS_ENTRY_VA + shim_syscall_off,
			  0x700 /* TF|IF|DF cleared on entry */, 0, 0, 0};
	return msrs_io(fd, KVM_SET_MSRS, idx, val, 7);
}

static void seg_user(struct kvm_segment *s, uint16_t sel, int code)
{
	memset(s, 0, sizeof *s);
	s->selector = sel;
	s->limit = 0xffffffff;
	s->present = 1;
	s->dpl = 3;
	s->s = 1;
	s->g = 1;
	if (code) {
		s->type = 0xb;
		s->l = 1;
	} else {
		s->type = 0x3;
		s->db = 1;
	}
}

struct vcpu *vcpu_create(struct vm *vm, int index, uint64_t cr3)
{
	if (index < 0 || index >= VM_MAX_VCPUS)
		return NULL;
	struct vcpu *v = calloc(1, sizeof *v);
	if (!v)
		return NULL;
	v->vm = vm;
	v->index = index;
	v->fd = -1;
	int r;
	do {
		r = ioctl(vm->vm_fd, KVM_CREATE_VCPU, index);
	} while (r < 0 && errno == EINTR);
	v->fd = private_fd(r);
	if (v->fd < 0)
		goto fail;
	v->run = mmap(NULL, (size_t)vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED) {
		v->run = NULL;
		goto fail;
	}
	if (ioctl(v->fd, KVM_SET_CPUID2, vm->cpuid) < 0)
		goto fail;

	/* TSS for this vCPU: RSP0 = top of its kernel stack, no I/O bitmap. */
	unsigned char *tss = vm->tss + 128 * index;
	memset(tss, 0, 104);
	uint64_t rsp0 = SYS_KSTACK_VA + 4096ULL * (uint64_t)index + 4096;
	memcpy(tss + 4, &rsp0, 8);
	uint16_t iomap = 104;
	memcpy(tss + 102, &iomap, 2);

	struct kvm_sregs sr;
	if (ioctl(v->fd, KVM_GET_SREGS, &sr) < 0)
		goto fail;
	seg_user(&sr.cs, SEL_UCODE, 1);
	seg_user(&sr.ss, SEL_UDATA, 0);
	seg_user(&sr.ds, SEL_UDATA, 0);
	seg_user(&sr.es, SEL_UDATA, 0);
	seg_user(&sr.fs, SEL_UDATA, 0);
	seg_user(&sr.gs, SEL_UDATA, 0);
	memset(&sr.tr, 0, sizeof sr.tr);
	sr.tr.selector = SEL_TSS;
	sr.tr.base = SYS_TSS_VA + 128ULL * (uint64_t)index;
	sr.tr.limit = 103;
	sr.tr.type = 0xb;
	sr.tr.present = 1;
	memset(&sr.ldt, 0, sizeof sr.ldt);
	sr.ldt.type = 2;
	sr.ldt.present = 1;
	sr.ldt.unusable = 1;
	sr.gdt.base = SYS_GDT_VA;
	sr.gdt.limit = 0x4f;
	sr.idt.base = SYS_IDT_VA;
	sr.idt.limit = 32 * 16 - 1;
	sr.cr0 = 0x80050033;
	sr.cr3 = cr3;
	sr.cr4 = (1u << 5) | (1u << 9) | (1u << 10) | (1u << 16) | (1u << 18); /* PAE OSFXSR OSXMMEXCPT FSGSBASE OSXSAVE */
	sr.efer = 0x1 | 0x100 | 0x400 | 0x800;                                /* SCE LME LMA NXE */
	if (ioctl(v->fd, KVM_SET_SREGS, &sr) < 0) {
		sr.cr4 &= ~(1u << 18);
		if (ioctl(v->fd, KVM_SET_SREGS, &sr) < 0)
			goto fail;
	}
	struct kvm_xcrs xcrs = {.nr_xcrs = 1, .xcrs = {{.xcr = 0, .value = 7}}};
	(void)ioctl(v->fd, KVM_SET_XCRS, &xcrs); /* accepted and ignored on PVM */
	if (set_msrs(v->fd) < 0)
		goto fail;
	struct kvm_fpu fpu;
	memset(&fpu, 0, sizeof fpu);
	fpu.fcw = 0x37f;
	fpu.mxcsr = 0x1f80;
	if (ioctl(v->fd, KVM_SET_FPU, &fpu) < 0)
		goto fail;
	v->run->kvm_valid_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
	/* Prime the sync area so edits before the first run are applied. */
	if (ioctl(v->fd, KVM_GET_REGS, &v->run->s.regs.regs) < 0 ||
	    ioctl(v->fd, KVM_GET_SREGS, &v->run->s.regs.sregs) < 0)
		goto fail;
	v->run->s.regs.regs.rflags = 0x202;
	v->run->kvm_dirty_regs = KVM_SYNC_X86_REGS;
	return v;
fail:
	vcpu_destroy(v);
	return NULL;
}

void vcpu_destroy(struct vcpu *v)
{
	if (!v)
		return;
	if (v->run)
		munmap(v->run, (size_t)v->vm->run_size);
	if (v->fd >= 0)
		close(v->fd);
	free(v);
}

struct cpu_regs *vcpu_regs(struct vcpu *v) { return (struct cpu_regs *)&v->run->s.regs.regs; }

void vcpu_regs_dirty(struct vcpu *v) { v->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS; }

uint64_t vcpu_get_fs(struct vcpu *v) { return v->run->s.regs.sregs.fs.base; }
uint64_t vcpu_get_gs(struct vcpu *v) { return v->run->s.regs.sregs.gs.base; }

static int canonical(uint64_t a) { return a < 0x800000000000ULL || a >= 0xffff800000000000ULL; }

int vcpu_set_fs(struct vcpu *v, uint64_t base)
{
	if (!canonical(base))
		return -EPERM;
	v->run->s.regs.sregs.fs.base = base;
	v->run->kvm_dirty_regs |= KVM_SYNC_X86_SREGS;
	return 0;
}

int vcpu_set_gs(struct vcpu *v, uint64_t base)
{
	if (!canonical(base))
		return -EPERM;
	v->run->s.regs.sregs.gs.base = base;
	v->run->kvm_dirty_regs |= KVM_SYNC_X86_SREGS;
	return 0;
}

void vcpu_syscall_return(struct vcpu *v, uint64_t result)
{
	struct kvm_regs *r = &v->run->s.regs.regs;
	r->rax = result;
	if (v->last == LAST_SYSCALL && proto == PROTO_PVM) {
		r->rip = r->rcx;
		r->rflags = (r->r11 & 0x3c7fd7ULL) | 0x202;
	}
	if (v->last == LAST_SYSCALL)
		v->last = LAST_RETURNED;
	v->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
}

void vcpu_get_user_context(struct vcpu *v, uint64_t *rip, uint64_t *rsp, uint64_t *rflags)
{
	struct kvm_regs *r = &v->run->s.regs.regs;
	if (v->iret_frame) {
		*rip = v->iret_frame[0];
		*rflags = v->iret_frame[2];
		*rsp = v->iret_frame[3];
	} else if (v->last == LAST_SYSCALL || (v->last == LAST_RETURNED && proto == PROTO_VMX)) {
		*rip = r->rcx; /* where the syscall returns to */
		*rflags = r->r11;
		*rsp = r->rsp;
	} else {
		*rip = r->rip;
		*rflags = r->rflags;
		*rsp = r->rsp;
	}
}

void vcpu_set_user_context(struct vcpu *v, uint64_t rip, uint64_t rsp, uint64_t rflags)
{
	struct kvm_regs *r = &v->run->s.regs.regs;
	rflags = (rflags & 0x3c7fd7ULL) | 0x202; /* user-changeable bits only, IF on */
	if ((v->last == LAST_SYSCALL || v->last == LAST_RETURNED) && proto == PROTO_VMX && !v->iret_frame) {
		/* sysretq cannot restore RCX and R11: return through an iret frame
		 * on this vCPU's kernel stack instead, like Linux's sigreturn. */
		uint64_t top = SYS_KSTACK_VA + 4096ULL * (uint64_t)v->index + 4096;
		v->iret_frame = (uint64_t *)(v->vm->kstack[v->index] + 4096 - 40);
		v->iret_frame[1] = SEL_UCODE;
		v->iret_frame[4] = SEL_UDATA;
		r->rsp = top - 40;
		r->rip = SYS_ENTRY_VA + shim_iret_off;
	}
	if (v->iret_frame) {
		v->iret_frame[0] = rip;
		v->iret_frame[2] = rflags;
		v->iret_frame[3] = rsp;
	} else {
		r->rip = rip;
		r->rflags = rflags;
		r->rsp = rsp;
		if (v->last == LAST_SYSCALL)
			v->last = LAST_RETURNED;
	}
	v->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
}

void vcpu_syscall_restart(struct vcpu *v, uint64_t nr)
{
	struct kvm_regs *r = &v->run->s.regs.regs;
	r->rax = nr;
	if (proto == PROTO_PVM) {
		r->rip = r->rcx - 2; /* back onto the 2-byte syscall instruction */
		r->rflags = (r->r11 & 0x3c7fd7ULL) | 0x202;
	} else if (v->iret_frame) {
		v->iret_frame[0] -= 2;
	} else {
		r->rcx -= 2;
	}
	v->last = LAST_RETURNED;
	v->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
}

int vcpu_at_user_boundary(struct vcpu *v)
{
	if (v->last != LAST_NONE)
		return 1;
	uint64_t rip = v->run->s.regs.regs.rip;
	return (v->run->s.regs.sregs.cs.selector & 3) == 3 && !(rip >= SYS_AREA_VA);
}

/* ---- the exit-free transport (platform/xport.h) ---- */

extern const unsigned char xport_pvm_start[], xport_pvm_end[], xport_pvm_tail[], xport_pvm_tail_end[];

static uint64_t xport_code_va(int index) { return XPORT_VA + 0x2000ULL * (uint64_t)index; }

volatile uint32_t *vcpu_xport_setup(struct vcpu *v)
{
	if (proto != PROTO_PVM || !v->vm->map)
		return NULL; /* the VMX/SVM stub variant is not written yet: doorbell only */
	if (v->xport)
		return v->xport;
	struct sys_area_page code = {.va = xport_code_va(v->index), .user = 1, .exec = 1};
	struct sys_area_page data = {.va = xport_code_va(v->index) + 4096, .user = 1, .write = 1};
	unsigned char *c = v->vm->map(v->vm->map_ctx, &code);
	unsigned char *d = v->vm->map(v->vm->map_ctx, &data);
	if (!c || !d)
		return NULL;
	if (!v->vm->ident) {
		struct sys_area_page ident = {.va = XPORT_IDENT_VA, .user = 1};
		unsigned char *i = v->vm->map(v->vm->map_ctx, &ident);
		if (!i)
			return NULL;
		memset(i, 0, 4096); /* nothing published: every identity call exits */
		v->vm->ident = i;
	}
	_Static_assert(XC_IDENT >= 1024, "stub and published ids share the code page");
	memcpy(c, xport_pvm_start, (size_t)(xport_pvm_end - xport_pvm_start));
	memset(c + XC_IDENT, 0, 4096 - XC_IDENT);
	memset(d, 0, 4096);
	v->xport_code = c;
	if (msr_set(v->fd, 0xC0000082 /* LSTAR: this vCPU's own stub */, xport_code_va(v->index)) < 0)
		return NULL;
	v->xport = (volatile uint32_t *)d;
	return v->xport;
}

int vcpu_xport_fixup(struct vcpu *v)
{
	struct kvm_regs *r = &v->run->s.regs.regs;
	uint64_t base = xport_code_va(v->index);
	if (!v->xport || r->rip < base || r->rip >= base + 4096)
		return 0;
	volatile unsigned char *d = (volatile unsigned char *)v->xport;
	uint64_t tail = base + (uint64_t)(xport_pvm_tail - xport_pvm_start);
	uint64_t end = base + (uint64_t)(xport_pvm_tail_end - xport_pvm_start);
	if (r->rip >= tail && r->rip < end && *(volatile uint32_t *)(d + XD_STATE) != XS_POSTED &&
	    *(volatile uint32_t *)(d + XD_STATE) != XS_BUSY) {
		/* Kicked in the return tail: finish the return here. */
		uint64_t rsp = r->rsp;
		uint64_t dva = base + 4096;
		if (rsp >= dva && rsp < dva + 4096)
			rsp = *(volatile uint64_t *)(d + XD_RSP);
		r->rax = *(volatile uint64_t *)(d + XD_RESULT);
		r->rcx = *(volatile uint64_t *)(d + XD_RCX);
		r->r11 = *(volatile uint64_t *)(d + XD_R11);
		r->rip = r->rcx;
		r->rflags = (r->r11 & 0x3c7fd7ULL) | 0x202;
		r->rsp = rsp;
		*(volatile uint32_t *)(d + XD_STATE) = XS_FREE;
		v->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
		return 1;
	}
	/* Anywhere else in the stub: the completion will exit (DOORBELL_COMPLETE). */
	__atomic_store_n((volatile uint32_t *)(d + XD_ATTN), 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void ident_store(unsigned char *block, int off, int valid, uint32_t value)
{
	if (block)
		__atomic_store_n((uint64_t *)(block + off), valid ? XI_VALID | value : 0, __ATOMIC_RELEASE);
}

void vcpu_ident_set(struct vcpu *v, int off, int valid, uint32_t value)
{
	ident_store(v->xport_code ? v->xport_code + XC_IDENT : NULL, off, valid, value);
}

void vm_ident_set(struct vm *vm, int off, int valid, uint32_t value) { ident_store(vm->ident, off, valid, value); }

uint64_t vcpu_ident_hits(struct vcpu *v, int kind)
{
	if (!v->xport || kind < 0 || kind >= XI_KINDS)
		return 0;
	return *(volatile uint64_t *)((volatile unsigned char *)v->xport + XD_IDHITS + 8 * kind);
}

void vcpu_set_immediate_exit(struct vcpu *v, int on) { v->run->immediate_exit = (uint8_t)on; }

void vcpu_kick(struct vcpu *v) { __atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_SEQ_CST); }

size_t vcpu_xsave_size(void) { return sizeof(struct kvm_xsave); }

int vcpu_get_xsave(struct vcpu *v, void *buf, size_t len)
{
	if (len < sizeof(struct kvm_xsave))
		return -EINVAL;
	return ioctl(v->fd, KVM_GET_XSAVE, buf) < 0 ? -errno : 0;
}

int vcpu_set_xsave(struct vcpu *v, const void *buf, size_t len)
{
	if (len < sizeof(struct kvm_xsave))
		return -EINVAL;
	return ioctl(v->fd, KVM_SET_XSAVE, buf) < 0 ? -errno : 0;
}

static int fatal(struct vcpu_event *ev, const char *why)
{
	ev->kind = EV_FATAL;
	ev->why = why;
	return 0;
}

int vcpu_run(struct vcpu *v, struct vcpu_event *ev)
{
	struct kvm_run *run = v->run;
	memset(ev, 0, sizeof *ev);
	v->iret_frame = NULL;
	v->last = LAST_NONE;
	for (;;) {
		int r = ioctl(v->fd, KVM_RUN, 0);
		if (r < 0) {
			int e = errno;
			if (e == EINTR || e == EAGAIN) {
				run->immediate_exit = 0;
				ev->kind = EV_KICK;
				return 0;
			}
			if (e == EFAULT) {
				/* The host page behind guest memory is gone (a shared file
				 * shrank under its mapping). Newer KVMs say where (exit
				 * data {flags, gpa, size}); otherwise cr2 = ~0. */
				const uint64_t *mf = (const uint64_t *)(const void *)&run->mmio;
				ev->kind = EV_MEMFAULT;
				ev->cr2 = run->exit_reason == EXIT_MEMORY_FAULT ? mf[1] : ~0ULL;
				return 0;
			}
			return fatal(ev, "KVM_RUN failed");
		}
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			if (run->mmio.is_write && (run->mmio.phys_addr & ~0xfffULL) == DOORBELL_GPA) {
				if (proto == PROTO_UNKNOWN)
					proto = (run->s.regs.sregs.cs.selector & 3) == 3 ? PROTO_PVM : PROTO_VMX;
				v->last = LAST_SYSCALL;
				ev->kind = (run->mmio.phys_addr & 0xfff) == DOORBELL_COMPLETE ? EV_XPORT_DONE : EV_SYSCALL;
				ev->withdrawn = (run->mmio.phys_addr & 0xfff) == DOORBELL_WITHDRAWN;
				return 0;
			}
			return fatal(ev, "guest touched an unexpected MMIO address");
		case KVM_EXIT_IO:
			if (run->io.direction == KVM_EXIT_IO_OUT && run->io.port >= EXC_PORT_BASE &&
			    run->io.port < EXC_PORT_BASE + 32) {
				uint64_t ksp = run->s.regs.regs.rsp;
				uint64_t base = SYS_KSTACK_VA + 4096ULL * (uint64_t)v->index;
				if (ksp < base || ksp + 48 > base + 4096)
					return fatal(ev, "exception frame outside the kernel stack");
				uint64_t *f = (uint64_t *)(v->vm->kstack[v->index] + (ksp - base));
				if ((f[2] & 3) != 3)
					return fatal(ev, "exception in elfuse's supervisor shim");
				v->iret_frame = f + 1;
				v->last = LAST_FAULT;
				ev->kind = EV_FAULT;
				ev->vector = run->io.port - EXC_PORT_BASE;
				ev->error_code = f[0];
				ev->cr2 = run->s.regs.sregs.cr2;
				ev->fault_rip = f[1];
				ev->fault_rflags = f[3];
				ev->fault_rsp = f[4];
				return 0;
			}
			return fatal(ev, "unexpected port I/O");
		case KVM_EXIT_INTR:
			ev->kind = EV_KICK;
			return 0;
		case KVM_EXIT_SHUTDOWN:
			return fatal(ev, "triple fault (KVM_EXIT_SHUTDOWN)");
		case KVM_EXIT_FAIL_ENTRY:
			return fatal(ev, "VM entry failed");
		case KVM_EXIT_INTERNAL_ERROR:
			return fatal(ev, "KVM internal error");
		default:
			return fatal(ev, "unexpected KVM exit");
		}
	}
}

int vcpu_save_state(struct vcpu *v, struct vcpu_state *st)
{
	memcpy(&st->regs, &v->run->s.regs.regs, sizeof st->regs);
	vcpu_get_user_context(v, &st->regs.rip, &st->regs.rsp, &st->regs.rflags);
	st->fs_base = v->run->s.regs.sregs.fs.base;
	st->gs_base = v->run->s.regs.sregs.gs.base;
	return vcpu_get_xsave(v, st->xsave, sizeof st->xsave);
}

int vcpu_load_state(struct vcpu *v, const struct vcpu_state *st)
{
	memcpy(&v->run->s.regs.regs, &st->regs, sizeof st->regs);
	v->run->s.regs.regs.rflags = (st->regs.rflags & 0x3c7fd7ULL) | 0x202;
	v->run->s.regs.sregs.fs.base = st->fs_base;
	v->run->s.regs.sregs.gs.base = st->gs_base;
	v->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
	v->last = LAST_NONE;
	v->iret_frame = NULL;
	return vcpu_set_xsave(v, st->xsave, sizeof st->xsave);
}

void vm_forget(struct vm *vm)
{
	vm_destroy(vm);
}

void vcpu_forget(struct vcpu *v)
{
	vcpu_destroy(v);
}

int vcpu_guest_tsc_offset(struct vcpu *v, int64_t *offset, uint32_t *khz)
{
	int k = ioctl(v->fd, KVM_GET_TSC_KHZ, 0);
	uint64_t off;
	struct kvm_device_attr attr = {.group = KVM_VCPU_TSC_CTRL, .attr = KVM_VCPU_TSC_OFFSET,
				       .addr = (uint64_t)(uintptr_t)&off};
	if (ioctl(v->fd, KVM_GET_DEVICE_ATTR, &attr) == 0) {
		*offset = (int64_t)off;
		*khz = k > 0 ? (uint32_t)k : 0;
		return 0;
	}
	uint32_t tsc_msr = 0x10; /* IA32_TIME_STAMP_COUNTER */
	uint64_t guest_tsc = 0;
	uint64_t before = __builtin_ia32_rdtsc();
	if (msrs_io(v->fd, KVM_GET_MSRS, &tsc_msr, &guest_tsc, 1) < 0)
		return -EIO;
	uint64_t after = __builtin_ia32_rdtsc();
	*offset = (int64_t)(guest_tsc - (before + (after - before) / 2));
	*khz = k > 0 ? (uint32_t)k : 0;
	return 0;
}

int vcpu_set_tsc_offset(struct vcpu *v, int64_t offset)
{
	uint64_t off = (uint64_t)offset;
	struct kvm_device_attr attr = {.group = KVM_VCPU_TSC_CTRL, .attr = KVM_VCPU_TSC_OFFSET,
				       .addr = (uint64_t)(uintptr_t)&off};
	if (ioctl(v->fd, KVM_SET_DEVICE_ATTR, &attr) == 0)
		return 0;
	return msr_set(v->fd, 0x10, __builtin_ia32_rdtsc() + off);
}
