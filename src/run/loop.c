/* run/loop.c: the vCPU loop: run -> dispatch -> deliver signals -> resume. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fs/fuse/fuse.h"
#include "kernel/clock.h"
#include "kernel/hostsig.h"
#include "kernel/sigdeliver.h"
#include "kernel/sigstate.h"
#include "mm/mm.h"
#include "platform/vm.h"
#include "run/run.h"
#include "syscall/syscall.h"
#include "syscall/trace.h"

_Noreturn void run_exit(int status)
{
	/* Robust futexes of every thread get OWNER_DIED (other processes may share them). */
	struct process *p = current_process;
	if (p) {
		pthread_mutex_lock(&p->lock);
		for (struct thread *o = p->threads; o; o = o->next)
			robust_list_release(o);
		pthread_mutex_unlock(&p->lock);
	}
	fflush(NULL);
	run_stats_print();
	_exit(status & 0xff);
}

_Noreturn void run_die_by_signal(int sig)
{
	fuse_die_flush(); /* the exit's implicit closes */
	fflush(NULL);
	run_stats_print();
	/* Die of the same signal so the parent (a shell) sees what Linux shows;
	 * never leave a host core file of elfuse itself. */
	prctl(PR_SET_DUMPABLE, 0);
	hostsig_action(sig, (void *)SIG_DFL, 0, 0); /* raw: sig may be one glibc reserves */
	hostsig_setmask(hostsig_getmask() & ~(1ULL << (sig - 1)), NULL);
	syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), sig);
	kill(getpid(), sig);
	_exit(128 + sig);
}

/* The call nr did nothing and a signal came before it could block: deliver
 * the signal, then make the call again, as if the signal had come just
 * before it (Linux would have taken it on the way into the call). */
static void signal_first(struct thread *t, uint64_t nr)
{
	vcpu_syscall_restart(t->vcpu, nr);
	run_xport_clear_attn(t);
}

static void handle_syscall(struct thread *t, int withdrawn)
{
	struct cpu_regs *r = vcpu_regs(t->vcpu);
	uint64_t nr = r->rax;
	uint64_t args[6] = {r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9};
	uint64_t done = 0;
	if (run_xport_take_tried(t, nr, args, &done) && !done &&
	    (__atomic_load_n(&t->pending, __ATOMIC_ACQUIRE) & ~t->blocked)) {
		/* The server found it would block and did nothing, and a signal came
		 * while the guest waited. */
		signal_first(t, nr);
		return;
	}
	uint64_t t0 = run_stats_on ? run_stats_now() : 0;
	t->wait_unstarted = 0;
	long ret = done ? syscall_finish_rest(t, nr, args, done) : syscall_dispatch(t, nr, args);
	int eintr_final = ret == SYSCALL_EINTR_FINAL;
	if (eintr_final)
		ret = -EINTR;
	if (ret == -EINTR && !eintr_final && t->wait_unstarted && syscall_restart_class(t, nr, args) == RESTART_SA) {
		signal_first(t, nr); /* (its host wait never began: hostwait) */
		return;
	}
	if (run_stats_on)
		run_stats_syscall(nr, t0, 0);
	if (t->proc->trace)
		trace_syscall(t, nr, args, ret);
	if (ret == SYSCALL_NORETURN_VALUE)
		return;
	vcpu_syscall_return(t->vcpu, (uint64_t)ret);
	run_ident_after(t, nr, args, ret);
	if (ret >= 0 && syscall_changes_creds(nr))
		run_xport_disable(); /* the server thread would keep the old credentials */
	if (ret == -EINTR)
		sig_syscall_interrupted(t, nr, eintr_final ? RESTART_NEVER : syscall_restart_class(t, nr, args));
	run_xport_clear_attn(t);
	run_xport_note_doorbell(t, nr, args, withdrawn);
}

_Noreturn void run_thread(struct thread *t)
{
	struct vcpu_event ev;
	for (;;) {
		run_xport_handoff(t);
		vcpu_run(t->vcpu, &ev);
		run_xport_handback(t);
		if (run_stats_on)
			run_stats_exit(ev.withdrawn ? 5 : (int)ev.kind);
		switch (ev.kind) {
		case EV_SYSCALL:
			handle_syscall(t, ev.withdrawn);
			clock_publish_tick();
			break;
		case EV_FAULT:
			if (!run_vsyscall(t, &ev))
				sig_fault(t, &ev);
			break;
		case EV_XPORT_DONE:
			/* A call the transport answered; it exited only so signals get delivered. */
			vcpu_syscall_return(t->vcpu, vcpu_regs(t->vcpu)->rax);
			run_xport_clear_attn(t);
			break;
		case EV_KICK:
			vcpu_xport_fixup(t->vcpu);
			break;
		case EV_MEMFAULT: {
			/* Pages past a shrunken file's end: unmap them, the retry faults SIGBUS. */
			if (mm_revalidate_shared(t->proc->mm) > 0)
				break;
			uint64_t va = ev.cr2 == ~0ULL ? 0 : mm_shared_gpa_to_va(t->proc->mm, ev.cr2 & ~0xfffULL);
			if (!va) {
				fprintf(stderr, "elfuse: guest memory became inaccessible (gpa %#llx)\n", (unsigned long long)ev.cr2);
				run_exit(125);
			}
			sig_force(t, SIGBUS, BUS_ADRERR, va + (ev.cr2 & 0xfff));
			break;
		}
		case EV_FATAL:
			fprintf(stderr, "elfuse: %s\n", ev.why);
			run_exit(125);
		}
		sig_deliver_pending(t);
		struct thread *execer = __atomic_load_n(&t->proc->dethread, __ATOMIC_ACQUIRE);
		if (execer && execer != t)
			run_thread_exit(t, 0); /* another thread is exec'ing */
	}
}
