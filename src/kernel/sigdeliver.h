/* kernel/sigdeliver.h: turning faults and pending signals into guest signal frames. */
#pragma once
#include "kernel/proc.h"

struct vcpu_event;

/* How an interrupted syscall is restarted (signal(7)). */
enum restart_class {
	RESTART_NEVER,  /* always EINTR */
	RESTART_SA,     /* restarted unless a handler without SA_RESTART runs */
	RESTART_NOHAND, /* restarted only if no handler runs */
};

void sig_init_process(struct process *p);
void sig_init_thread(struct thread *t);
/* A user-mode exception: resolve it (demand paging) or queue the signal. */
void sig_fault(struct thread *t, const struct vcpu_event *ev);
/* The syscall nr just returned -EINTR; class says whether it may restart. */
void sig_syscall_interrupted(struct thread *t, uint64_t nr, enum restart_class cls);
/* Deliver what is pending and unblocked: build frames, restart, or die. */
void sig_deliver_pending(struct thread *t);
