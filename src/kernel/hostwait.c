/* kernel/hostwait.c: blocking host calls that never miss a guest signal.
 *
 * A guest signal reaches a vCPU thread as a host signal whose handler
 * records it; a host call blocked at that moment returns EINTR. One that
 * came between the last look at the pending set and the start of the host
 * call would be missed until the call ended on its own (forever, for a
 * read of an idle pipe). So the call is made from hostwait_stub.S: the handler
 * sets the thread's wake word, which the stub reads just before `syscall`,
 * and a handler that interrupts the stub between that read and `syscall`
 * moves it to its cancel exit (musl's cancellation points work so). */
#include "kernel/hostwait.h"

#include <errno.h>
#include <signal.h>
#include <ucontext.h>

#include "kernel/sigstate.h"

#define HOSTWAIT_CANCELLED (-1000L)

long hostwait_syscall(volatile int *wake, long nr, long a1, long a2, long a3, long a4, long a5, long a6);
extern const char hostwait_begin[], hostwait_end[], hostwait_cancel[];

static _Thread_local struct thread *bound;

void hostwait_bind(struct thread *t) { bound = t; }

void hostwait_on_signal(struct thread *t, int sig, void *uc)
{
	/* One the guest blocks (a ppoll's temporary mask) ends no wait. */
	if (sig != SIG_KICK && (t->blocked & SIGBIT(sig)))
		return;
	__atomic_store_n(&t->wait_wake, 1, __ATOMIC_RELAXED);
	if (!uc)
		return;
	greg_t *rip = &((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
	if ((uintptr_t)*rip >= (uintptr_t)hostwait_begin && (uintptr_t)*rip <= (uintptr_t)hostwait_end)
		*rip = (greg_t)(uintptr_t)hostwait_cancel;
}

int thread_wait_over(struct thread *t)
{
	struct thread *execer = __atomic_load_n(&t->proc->dethread, __ATOMIC_ACQUIRE);
	return sig_waiting(t) || __atomic_load_n(&t->proc->exiting, __ATOMIC_RELAXED) != 0 || (execer && execer != t);
}

long host_wait_call(int (*over)(struct thread *), long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	static volatile int never;
	struct thread *t = bound;
	if (!t)
		return hostwait_syscall(&never, nr, a1, a2, a3, a4, a5, a6);
	t->wait_unstarted = 0;
	__atomic_store_n(&t->wait_wake, 0, __ATOMIC_RELAXED);
	__atomic_signal_fence(__ATOMIC_SEQ_CST); /* the handler runs on this thread */
	long r = over(t) ? HOSTWAIT_CANCELLED : hostwait_syscall(&t->wait_wake, nr, a1, a2, a3, a4, a5, a6);
	if (r == HOSTWAIT_CANCELLED) {
		t->wait_unstarted = 1;
		r = -EINTR;
	}
	return r;
}
