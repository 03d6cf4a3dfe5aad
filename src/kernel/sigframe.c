/* kernel/sigframe.c: the x86_64 rt_sigframe: building it for a handler and rt_sigreturn. */
#include <cpuid.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>

#include "kernel/sigstate.h"
#include "mm/mm.h"
#include "platform/vm.h"

/* Kernel ABI layouts (arch/x86/include/uapi/asm/sigcontext.h, ucontext.h). */
struct k_sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;
	uint64_t reserved1[8];
};

struct k_stack {
	uint64_t ss_sp;
	int32_t ss_flags;
	int32_t pad;
	uint64_t ss_size;
};

struct k_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct k_stack uc_stack;
	struct k_sigcontext uc_mcontext;
	uint64_t uc_sigmask;
};

struct k_rt_sigframe {
	uint64_t pretcode;
	struct k_ucontext uc;
	struct guest_siginfo info;
};

_Static_assert(sizeof(struct k_sigcontext) == 256, "sigcontext");
_Static_assert(sizeof(struct k_rt_sigframe) == 440, "rt_sigframe");

#define UC_FP_XSTATE 0x1
#define UC_SIGCONTEXT_SS 0x2
#define UC_STRICT_RESTORE_SS 0x4
#define FP_XSTATE_MAGIC1 0x46505853U
#define FP_XSTATE_MAGIC2 0x46505845U
#define FIX_EFLAGS 0x50dd5ULL /* AC OF DF TF SF ZF AF PF CF RF */
#define SS_AUTODISARM (1U << 31)

static uint32_t xstate_size(void)
{
	static uint32_t size;
	if (!size) {
		unsigned a, b, c, d;
		if (__get_cpuid_count(0xd, 0, &a, &b, &c, &d) && b >= 576 && b <= 4096 - 4)
			size = b;
		else
			size = 512 + 64 + 256;
	}
	return size;
}

static int on_altstack(struct thread *t, uint64_t sp)
{
	return t->sas_size && sp > t->sas_sp && sp - t->sas_sp <= t->sas_size;
}

static void xsave_init_image(uint8_t *buf)
{
	memset(buf, 0, 4096);
	uint16_t fcw = 0x37f;
	uint32_t mxcsr = 0x1f80;
	memcpy(buf + 0, &fcw, 2);
	memcpy(buf + 24, &mxcsr, 4);
}

int sig_setup_frame(struct thread *t, int sig, const struct guest_siginfo *info, const struct guest_sigaction *ga,
		    guest_sigset_t old_mask)
{
	struct vcpu *v = t->vcpu;
	struct mm *mm = t->proc->mm;
	struct cpu_regs *r = vcpu_regs(v);
	uint64_t rip, rsp, rflags;
	vcpu_get_user_context(v, &rip, &rsp, &rflags);
	if (!(ga->flags & GUEST_SA_RESTORER))
		return -EFAULT;

	uint64_t sp = rsp - 128; /* the red zone */
	int was_on = on_altstack(t, rsp);
	if ((ga->flags & SA_ONSTACK) && t->sas_size && !(t->sas_flags & SS_DISABLE) && !was_on)
		sp = t->sas_sp + t->sas_size;
	uint32_t xs = xstate_size();
	uint8_t xbuf[4096] __attribute__((aligned(64)));
	if (vcpu_get_xsave(v, xbuf, sizeof xbuf) < 0)
		return -EFAULT;
	sp = (sp - xs - 4) & ~63ULL;
	uint64_t fp_addr = sp;
	sp = ((sp - sizeof(struct k_rt_sigframe)) & ~15ULL) - 8;
	if ((ga->flags & SA_ONSTACK) && t->sas_size && !was_on && !on_altstack(t, sp + 1))
		return -EFAULT; /* the alternate stack overflowed */

	/* XSAVE software-reserved bytes tell the handler what the area holds. */
	uint64_t xfeatures;
	memcpy(&xfeatures, xbuf + 512, 8);
	uint32_t sw[12] = {FP_XSTATE_MAGIC1, xs + 4, 0, 0, xs, 0};
	memcpy(&sw[2], &xfeatures, 8);
	memcpy(xbuf + 464, sw, sizeof sw);
	uint32_t magic2 = FP_XSTATE_MAGIC2;

	struct k_rt_sigframe f;
	memset(&f, 0, sizeof f);
	f.pretcode = ga->restorer;
	f.uc.uc_flags = UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	f.uc.uc_stack.ss_sp = t->sas_sp;
	f.uc.uc_stack.ss_size = t->sas_size;
	f.uc.uc_stack.ss_flags = t->sas_size ? (was_on ? SS_ONSTACK : 0) | (t->sas_flags & (int)SS_AUTODISARM)
					    : SS_DISABLE;
	struct k_sigcontext *sc = &f.uc.uc_mcontext;
	sc->r8 = r->r8, sc->r9 = r->r9, sc->r10 = r->r10, sc->r11 = r->r11;
	sc->r12 = r->r12, sc->r13 = r->r13, sc->r14 = r->r14, sc->r15 = r->r15;
	sc->rdi = r->rdi, sc->rsi = r->rsi, sc->rbp = r->rbp, sc->rbx = r->rbx;
	sc->rdx = r->rdx, sc->rax = r->rax, sc->rcx = r->rcx;
	sc->rsp = rsp, sc->rip = rip, sc->eflags = rflags;
	sc->cs = 0x33, sc->ss = 0x2b;
	sc->err = t->fault_err;
	sc->trapno = t->fault_trapno;
	sc->cr2 = t->fault_cr2;
	sc->oldmask = old_mask;
	sc->fpstate = fp_addr;
	f.uc.uc_sigmask = old_mask;
	f.info = *info;

	if (guest_write(mm, fp_addr, xbuf, xs) < 0 || guest_write(mm, fp_addr + xs, &magic2, 4) < 0 ||
	    guest_write(mm, sp, &f, sizeof f) < 0)
		return -EFAULT;

	if ((t->sas_flags & (int)SS_AUTODISARM) && (ga->flags & SA_ONSTACK)) {
		t->sas_sp = 0;
		t->sas_size = 0;
		t->sas_flags = SS_DISABLE;
	}
	/* The handler starts with a clean FPU, as on Linux. */
	xsave_init_image(xbuf);
	vcpu_set_xsave(v, xbuf, sizeof xbuf);
	r->rdi = (uint64_t)sig;
	r->rsi = sp + offsetof(struct k_rt_sigframe, info);
	r->rdx = sp + offsetof(struct k_rt_sigframe, uc);
	r->rax = 0;
	vcpu_set_user_context(v, ga->handler, sp, rflags & ~(0x400ULL | 0x100ULL | 0x10000ULL)); /* DF TF RF */
	vcpu_regs_dirty(v);
	return 0;
}

long sig_return(struct thread *t)
{
	struct vcpu *v = t->vcpu;
	struct mm *mm = t->proc->mm;
	struct cpu_regs *r = vcpu_regs(v);
	uint64_t frame = r->rsp - 8;
	struct k_rt_sigframe f;
	if (guest_read(mm, frame, &f, sizeof f) < 0) {
		sig_force(t, SIGSEGV, SI_KERNEL, 0);
		return 0;
	}
	struct k_sigcontext *sc = &f.uc.uc_mcontext;
	uint8_t xbuf[4096] __attribute__((aligned(64)));
	uint32_t xs = xstate_size();
	if (sc->fpstate) {
		uint32_t m1;
		memset(xbuf, 0, sizeof xbuf);
		if (guest_read(mm, sc->fpstate, xbuf, xs) < 0) {
			sig_force(t, SIGSEGV, SI_KERNEL, 0);
			return 0;
		}
		memcpy(&m1, xbuf + 464, 4);
		if (m1 != FP_XSTATE_MAGIC1)
			memset(xbuf + 512, 0, 64); /* legacy-only state: no extended header */
		memset(xbuf + 512 + 8, 0, 56); /* reserved header bytes must be zero for XRSTOR */
		uint64_t bv;
		memcpy(&bv, xbuf + 512, 8);
		bv &= 7;
		memcpy(xbuf + 512, &bv, 8);
	} else {
		xsave_init_image(xbuf);
	}
	if (vcpu_set_xsave(v, xbuf, sizeof xbuf) < 0) {
		xsave_init_image(xbuf);
		vcpu_set_xsave(v, xbuf, sizeof xbuf);
	}
	uint64_t rip, rsp, rflags;
	vcpu_get_user_context(v, &rip, &rsp, &rflags);
	r->r8 = sc->r8, r->r9 = sc->r9, r->r10 = sc->r10, r->r11 = sc->r11;
	r->r12 = sc->r12, r->r13 = sc->r13, r->r14 = sc->r14, r->r15 = sc->r15;
	r->rdi = sc->rdi, r->rsi = sc->rsi, r->rbp = sc->rbp, r->rbx = sc->rbx;
	r->rdx = sc->rdx, r->rax = sc->rax, r->rcx = sc->rcx;
	rflags = (rflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	vcpu_set_user_context(v, sc->rip, sc->rsp, rflags);
	vcpu_regs_dirty(v);
	sig_apply_mask(t, f.uc.uc_sigmask);
	/* restore_altstack: ignore errors like Linux. */
	if (!on_altstack(t, sc->rsp)) {
		struct k_stack *ks = &f.uc.uc_stack;
		if (ks->ss_flags & SS_DISABLE) {
			t->sas_sp = 0, t->sas_size = 0, t->sas_flags = SS_DISABLE;
		} else if (ks->ss_size >= 2048) {
			t->sas_sp = ks->ss_sp, t->sas_size = ks->ss_size, t->sas_flags = ks->ss_flags & (int)SS_AUTODISARM;
		}
	}
	return 0;
}
