/* kernel/signal.c: guest signal dispositions and masks, mirrored onto the host,
 * and the host-side handler that records signals for the guest. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/peerview.h"
#include "kernel/hostsig.h"
#include "kernel/hostwait.h"
#include "kernel/sigdeliver.h"
#include "kernel/sigstate.h"
#include "mm/mm.h"
#include "platform/vm.h"

static _Thread_local struct thread *self;

static int sig_is_fault(int sig) { return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP; }

/* Runs on the vCPU's own host thread: record the signal, make sure the vCPU
 * leaves (or does not enter) guest mode, return. Async-signal-safe. */
static void host_recorder(int sig, siginfo_t *si, void *uc)
{
	struct thread *t = self;
	if (sig == SIGBUS && si->si_code > 0 && mm_fault_recover) {
		/* An accessor's copy of a page whose file shrank: it gives EFAULT.
		 * The jump does not restore the mask: put back the interrupted one. */
		hostsig_setmask(((uint64_t *)(void *)&((ucontext_t *)uc)->uc_sigmask)[0], NULL);
		siglongjmp(*mm_fault_recover, 1);
	}
	if (sig_is_fault(sig) && si->si_code > 0) {
		/* elfuse itself faulted: not the guest's business. */
		static const char msg[] = "elfuse: internal fault\n";
		ssize_t w = write(2, msg, sizeof msg - 1);
		(void)w;
		signal(sig, SIG_DFL);
		return;
	}
	if (!t)
		return;
	if (sig == SIG_KICK && si->si_code == SI_TKILL && si->si_pid == getpid() && t->kick_requested) {
		t->kick_requested = 0;
	} else if (sig >= 1 && sig <= GUEST_NSIG) {
		if (!(__atomic_load_n(&t->pending, __ATOMIC_RELAXED) & SIGBIT(sig)))
			memcpy(&t->pending_info[sig], si, sizeof t->pending_info[sig]);
		__atomic_or_fetch(&t->pending, SIGBIT(sig), __ATOMIC_RELEASE);
		/* Keep further instances (queued real-time signals) in the host's
		 * queue until this one is delivered: block it when we return. */
		if (uc) /* (sigaddset refuses glibc's internal signals: set the bit) */
			((uint64_t *)(void *)&((ucontext_t *)uc)->uc_sigmask)[0] |= SIGBIT(sig);
	}
	hostwait_on_signal(t, sig, uc);
	if (t->vcpu)
		vcpu_kick(t->vcpu);
}

/* Host mask for a guest mask: the kick signal and SIGKILL/SIGSTOP never blocked. */
static uint64_t host_bits(guest_sigset_t g)
{
	return g & ~(SIGBIT(SIG_KICK) | SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
}

static void host_set(sigset_t *hs, guest_sigset_t g)
{
	sigemptyset(hs);
	((uint64_t *)(void *)hs)[0] = host_bits(g); /* sigaddset refuses glibc's internal 32 and 33 */
}

/* The host mask also holds the signals recorded but not yet delivered, so
 * the host keeps their next instances queued (see host_recorder). */
void sig_apply_mask(struct thread *t, guest_sigset_t mask)
{
	mask &= ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
	t->blocked = mask;
	peerview_blocked(t, mask);
	hostsig_setmask(host_bits(mask | __atomic_load_n(&t->pending, __ATOMIC_ACQUIRE)), NULL);
}

/* Make the host disposition of sig match the guest's. */
void sig_mirror_action(struct process *p, int sig)
{
	if (sig == SIGKILL || sig == SIGSTOP)
		return;
	struct guest_sigaction *ga = &p->sig.action[sig];
	void *handler;
	unsigned long flags = 0;
	peerview_action(sig, ga->handler == (uint64_t)(uintptr_t)SIG_IGN   ? 1
			     : ga->handler == (uint64_t)(uintptr_t)SIG_DFL ? 0
									   : 2);
	/* SIGBUS is always caught: an accessor may take one (mm_fault_recover);
	 * one sent by kill is recorded and meets the guest's disposition. */
	if (sig == SIG_KICK || sig == SIGBUS ||
	    (ga->handler != (uint64_t)(uintptr_t)SIG_DFL && ga->handler != (uint64_t)(uintptr_t)SIG_IGN)) {
		handler = (void *)host_recorder;
		flags = SA_SIGINFO;
	} else {
		handler = ga->handler == (uint64_t)(uintptr_t)SIG_IGN ? (void *)SIG_IGN : (void *)SIG_DFL;
	}
	if (sig == SIGCHLD)
		flags |= ga->flags & (SA_NOCLDSTOP | SA_NOCLDWAIT);
	hostsig_action(sig, handler, flags, ~0ULL);
}

void sig_init_process(struct process *p)
{
	/* Inherit what the host gave us: ignored signals stay ignored (as exec does). */
	for (int s = 1; s <= GUEST_NSIG; s++) {
		if (s != SIG_KICK && hostsig_ignored(s))
			p->sig.action[s].handler = (uint64_t)(uintptr_t)SIG_IGN;
		sig_mirror_action(p, s);
	}
}

void sig_init_thread(struct thread *t)
{
	self = t;
	hostwait_bind(t);
	t->interrupted_nr = -1;
	sig_apply_mask(t, hostsig_getmask());
}

int sig_waiting(struct thread *t)
{
	guest_sigset_t pending = __atomic_load_n(&t->pending, __ATOMIC_ACQUIRE);
	return (pending & ~(t->blocked & ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP)))) != 0;
}

void sig_kick_thread(struct thread *t)
{
	t->kick_requested = 1;
	if (t->vcpu)
		vcpu_kick(t->vcpu);
	syscall(SYS_tgkill, t->proc->pid, t->tid, SIG_KICK);
}

/* Queue a synchronous signal (fault) for t: it cannot be blocked or ignored. */
void sig_force(struct thread *t, int sig, int code, uint64_t addr)
{
	struct guest_siginfo *si = &t->pending_info[sig];
	memset(si, 0, sizeof *si);
	si->si_signo = sig;
	si->si_code = code;
	si->u.fault.addr = addr;
	struct guest_sigaction *ga = &t->proc->sig.action[sig];
	if ((t->blocked & SIGBIT(sig)) || ga->handler == (uint64_t)(uintptr_t)SIG_IGN) {
		/* Linux's force_sig: a blocked or ignored fault signal kills. */
		ga->handler = (uint64_t)(uintptr_t)SIG_DFL;
		sig_apply_mask(t, t->blocked & ~SIGBIT(sig));
	}
	__atomic_or_fetch(&t->pending, SIGBIT(sig), __ATOMIC_RELEASE);
}

void sig_host_mask(guest_sigset_t g, sigset_t *out) { host_set(out, g); }

void sig_temp_mask_begin(struct thread *t, guest_sigset_t mask)
{
	t->saved_mask = t->blocked;
	t->saved_mask_valid = 1;
	mask &= ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
	t->blocked = mask; /* the host call itself applies the host mask atomically */
	peerview_blocked(t, mask);
}

void sig_temp_mask_end(struct thread *t, long ret)
{
	if (ret == -EINTR)
		return; /* delivery restores saved_mask after the handler frame is built */
	t->blocked = t->saved_mask;
	t->saved_mask_valid = 0;
	peerview_blocked(t, t->blocked);
}
