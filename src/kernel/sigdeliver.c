/* kernel/sigdeliver.c: choosing the next signal, default actions, syscall restart, fault mapping. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "kernel/hostsig.h"
#include "kernel/sigdeliver.h"
#include "kernel/sigstate.h"
#include "mm/mm.h"
#include "platform/vm.h"

_Noreturn void run_die_by_signal(int sig); /* run/ owns process death */

static guest_sigset_t sync_signals(void)
{
	return SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | SIGBIT(SIGTRAP) | SIGBIT(SIGFPE) | SIGBIT(SIGSYS);
}

static int default_ignores(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

static int default_stops(int sig) { return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU; }

/* FPE code from the unmasked exception flags, as Linux computes it. */
static int fpe_code(uint32_t flags)
{
	if (flags & 0x001)
		return FPE_FLTINV;
	if (flags & 0x004)
		return FPE_FLTDIV;
	if (flags & 0x008)
		return FPE_FLTOVF;
	if (flags & 0x012)
		return FPE_FLTUND;
	if (flags & 0x020)
		return FPE_FLTRES;
	return 0;
}

static int simd_fpe_code(struct thread *t, int x87)
{
	uint8_t x[4096] __attribute__((aligned(64)));
	if (vcpu_get_xsave(t->vcpu, x, sizeof x) < 0)
		return 0;
	if (x87) {
		uint16_t cw, sw;
		memcpy(&cw, x, 2);
		memcpy(&sw, x + 2, 2);
		return fpe_code(sw & ~cw & 0x3f);
	}
	uint32_t mxcsr;
	memcpy(&mxcsr, x + 24, 4);
	return fpe_code(mxcsr & ~(mxcsr >> 7) & 0x3f);
}

void sig_fault(struct thread *t, const struct vcpu_event *ev)
{
	int sig, code = SI_KERNEL;
	uint64_t addr = 0;
	t->fault_trapno = (uint64_t)ev->vector;
	t->fault_err = ev->error_code;
	t->fault_cr2 = 0;
	switch (ev->vector) {
	case 14: {
		int si_code = 0;
		sig = mm_handle_fault(t->proc->mm, ev->cr2, ev->error_code, &si_code);
		if (!sig)
			return;
		if (sig == SIGKILL)
			run_die_by_signal(SIGKILL);
		code = si_code;
		addr = ev->cr2;
		t->fault_cr2 = ev->cr2;
		break;
	}
	case 0:
		sig = SIGFPE, code = FPE_INTDIV, addr = ev->fault_rip;
		break;
	case 1:
		sig = SIGTRAP, code = TRAP_TRACE, addr = ev->fault_rip;
		break;
	case 3:
		sig = SIGTRAP;
		break;
	case 6:
		sig = SIGILL, code = ILL_ILLOPN, addr = ev->fault_rip;
		break;
	case 11:
	case 12:
		sig = SIGBUS;
		break;
	case 16:
		sig = SIGFPE, code = simd_fpe_code(t, 1), addr = ev->fault_rip;
		break;
	case 17:
		sig = SIGBUS, code = BUS_ADRALN;
		break;
	case 19:
		sig = SIGFPE, code = simd_fpe_code(t, 0), addr = ev->fault_rip;
		break;
	default: /* #GP, #OF, #BR, #TS and anything odd */
		sig = SIGSEGV;
		break;
	}
	sig_force(t, sig, code, addr);
}

void sig_syscall_interrupted(struct thread *t, uint64_t nr, enum restart_class cls)
{
	t->interrupted_nr = (int64_t)nr;
	t->interrupted_class = cls;
}

static int next_signal(guest_sigset_t set)
{
	guest_sigset_t s = set & sync_signals();
	if (!s)
		s = set;
	return s ? __builtin_ctzll(s) + 1 : 0;
}

/* A handler is about to run: finish the interrupted syscall per its class. */
static void settle_interrupted(struct thread *t, const struct guest_sigaction *ga)
{
	if (t->interrupted_nr < 0)
		return;
	if (ga && (t->interrupted_class != RESTART_SA || !(ga->flags & SA_RESTART))) {
		/* stays -EINTR */
	} else if (t->interrupted_class != RESTART_NEVER) {
		vcpu_syscall_restart(t->vcpu, (uint64_t)t->interrupted_nr);
	}
	t->interrupted_nr = -1;
}

void sig_deliver_pending(struct thread *t)
{
	struct process *p = t->proc;
	vcpu_set_immediate_exit(t->vcpu, 0);
	if (!vcpu_at_user_boundary(t->vcpu))
		return;
	for (;;) {
		guest_sigset_t pend = __atomic_load_n(&t->pending, __ATOMIC_ACQUIRE);
		int sig = next_signal(pend & ~t->blocked);
		if (!sig)
			break;
		struct guest_siginfo info = t->pending_info[sig];
		__atomic_and_fetch(&t->pending, ~SIGBIT(sig), __ATOMIC_ACQ_REL);
		if (sig < 32) {
			/* A standard signal sent again before this delivery merges with
			 * it on Linux; the host may hold that instance back for us. */
			struct timespec zero = {0, 0};
			siginfo_t drop;
			hostsig_timedwait(1ULL << (sig - 1), &drop, &zero);
		}
		if (info.si_signo == 0)
			info.si_signo = sig;
		pthread_mutex_lock(&p->lock);
		struct guest_sigaction ga = p->sig.action[sig];
		if (ga.handler > 1 && (ga.flags & SA_RESETHAND)) {
			p->sig.action[sig].handler = 0;
			p->sig.action[sig].flags &= ~(uint64_t)SA_SIGINFO;
			sig_mirror_action(p, sig);
		}
		pthread_mutex_unlock(&p->lock);
		int discard = ga.handler == (uint64_t)(uintptr_t)SIG_IGN ||
			      (ga.handler == (uint64_t)(uintptr_t)SIG_DFL && (default_ignores(sig) || default_stops(sig)));
		if (discard) {
			sig_apply_mask(t, t->blocked); /* let the host hand over the next instance */
			if (ga.handler == (uint64_t)(uintptr_t)SIG_DFL && default_stops(sig))
				raise(SIGSTOP);
			continue;
		}
		if (ga.handler == (uint64_t)(uintptr_t)SIG_DFL)
			run_die_by_signal(sig);
		settle_interrupted(t, &ga);
		guest_sigset_t old = t->saved_mask_valid ? t->saved_mask : t->blocked;
		t->saved_mask_valid = 0;
		if (sig_setup_frame(t, sig, &info, &ga, old) < 0)
			run_die_by_signal(SIGSEGV);
		guest_sigset_t nm = t->blocked | ga.mask;
		if (!(ga.flags & SA_NODEFER))
			nm |= SIGBIT(sig);
		sig_apply_mask(t, nm);
		t->fault_err = t->fault_trapno = t->fault_cr2 = 0;
	}
	settle_interrupted(t, NULL);
	if (t->saved_mask_valid) {
		t->saved_mask_valid = 0;
		sig_apply_mask(t, t->saved_mask);
	}
}
