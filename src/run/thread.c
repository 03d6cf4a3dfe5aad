/* run/thread.c: guest threads: one vCPU and one host thread each, with a
 * start-up handshake so a thread that never ran is never visible. */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/clock.h"
#include "kernel/sigdeliver.h"
#include "kernel/sigstate.h"
#include "mm/mm.h"
#include "platform/vm.h"
#include "kernel/peerview.h"
#include "run/run.h"

/* Fault injection for tests: ELFUSE_FAIL_VCPU_SETUP=N makes the Nth thread
 * start-up in this process fail after its vCPU was set up (read at start). */
static int fail_at = -1;
static int setup_count;

void run_thread_init(void)
{
	const char *f = getenv("ELFUSE_FAIL_VCPU_SETUP");
	if (f)
		fail_at = atoi(f);
}

struct thread_start {
	struct thread *nt;
	struct vcpu_state *st;
	guest_sigset_t mask;
	uint64_t flags, parent_tid, child_tid;
	sem_t ready;
	int result;
};

static int slot_take(struct process *p)
{
	int max = vm_max_vcpus(p->vm);
	pthread_mutex_lock(&p->lock);
	int slot = -1;
	for (int i = 1; i < max; i++)
		if (!p->slot_used[i]) {
			p->slot_used[i] = 1;
			slot = i;
			break;
		}
	pthread_mutex_unlock(&p->lock);
	return slot;
}

static void slot_release(struct process *p, int slot)
{
	pthread_mutex_lock(&p->lock);
	p->slot_used[slot] = 0;
	pthread_mutex_unlock(&p->lock);
}

static void *thread_main(void *arg)
{
	struct thread_start *ts = arg;
	struct thread *nt = ts->nt;
	struct process *p = nt->proc;
	nt->tid = (pid_t)syscall(SYS_gettid);
	int r = 0;
	if (!p->slot_vcpu[nt->slot]) {
		p->slot_vcpu[nt->slot] = vcpu_create(p->vm, nt->slot, p->mm->cr3);
		if (p->slot_vcpu[nt->slot])
			vcpu_set_tsc_offset(p->slot_vcpu[nt->slot], clock_tsc_offset());
	}
	nt->vcpu = p->slot_vcpu[nt->slot];
	if (!nt->vcpu)
		r = -EAGAIN;
	if (r == 0 && vcpu_load_state(nt->vcpu, ts->st) < 0)
		r = -EAGAIN;
	if (r == 0 && __atomic_add_fetch(&setup_count, 1, __ATOMIC_RELAXED) == fail_at)
		r = -EAGAIN;
	if (r < 0) {
		ts->result = r;
		sem_post(&ts->ready);
		return NULL;
	}
	/* Publish: visible to signal delivery and exit_group from here on. */
	sig_init_thread(nt);
	sig_apply_mask(nt, ts->mask);
	pthread_mutex_lock(&p->lock);
	nt->next = p->threads;
	p->threads = nt;
	__atomic_add_fetch(&p->nthreads, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&p->lock);
	peerview_threads(p);
	int32_t tid = nt->tid;
	if (ts->flags & CLONE_PARENT_SETTID)
		guest_write(p->mm, ts->parent_tid, &tid, sizeof tid);
	if (ts->flags & CLONE_CHILD_SETTID)
		guest_write(p->mm, ts->child_tid, &tid, sizeof tid);
	if (ts->flags & CLONE_CHILD_CLEARTID)
		nt->clear_child_tid = ts->child_tid;
	ts->result = tid;
	sem_post(&ts->ready); /* ts is the parent's: do not touch it after this */
	run_thread(nt);
}

long run_clone_thread(struct thread *t, uint64_t flags, uint64_t stack, uint64_t parent_tid, uint64_t child_tid,
		      uint64_t tls)
{
	struct process *p = t->proc;
	if (!(flags & CLONE_VM) || !(flags & CLONE_SIGHAND))
		return -EINVAL;
	static _Thread_local struct vcpu_state st;
	if (vcpu_save_state(t->vcpu, &st) < 0)
		return -EAGAIN;
	st.regs.rax = 0;
	if (stack)
		st.regs.rsp = stack;
	if (flags & CLONE_SETTLS)
		st.fs_base = tls;
	struct thread *nt = calloc(1, sizeof *nt);
	if (!nt)
		return -ENOMEM;
	nt->proc = p;
	nt->interrupted_nr = -1;
	pthread_mutex_lock(&p->lock);
	memcpy(nt->comm, t->comm, sizeof nt->comm); /* a new thread starts with its creator's name */
	pthread_mutex_unlock(&p->lock);
	nt->sas_flags = SS_DISABLE;
	nt->slot = slot_take(p);
	if (nt->slot < 0) {
		free(nt);
		return -EAGAIN;
	}
	struct thread_start ts = {.nt = nt, .st = &st, .mask = t->blocked, .flags = flags,
				  .parent_tid = parent_tid, .child_tid = child_tid};
	sem_init(&ts.ready, 0, 0);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	/* The new host thread starts with every signal blocked; it installs the
	 * guest mask itself once it is published. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_t th;
	int e = pthread_create(&th, &attr, thread_main, &ts);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (e) {
		slot_release(p, nt->slot);
		free(nt);
		sem_destroy(&ts.ready);
		return -EAGAIN;
	}
	while (sem_wait(&ts.ready) < 0 && errno == EINTR)
		;
	sem_destroy(&ts.ready);
	if (ts.result < 0) {
		/* Never published: no table holds it; its vCPU stays in the pool. */
		pthread_join(th, NULL);
		slot_release(p, nt->slot);
		free(nt);
		return ts.result;
	}
	pthread_detach(th);
	return ts.result;
}

/* exit(2) of one thread: CLONE_CHILD_CLEARTID, then the vCPU goes back to the pool. */
_Noreturn void run_thread_exit(struct thread *t, int status)
{
	struct process *p = t->proc;
	robust_list_release(t);
	if (t->clear_child_tid) {
		int32_t zero = 0;
		if (guest_write(p->mm, t->clear_child_tid, &zero, sizeof zero) == 0) {
			int32_t *h = guest_span(p->mm, t->clear_child_tid, 4, GP_WRITE);
			if (h)
				syscall(SYS_futex, h, FUTEX_WAKE, 1, NULL, NULL, 0);
		}
	}
	if (thread_unlink(p, t) == 0)
		run_exit(status); /* the last thread: the process ends */
	run_xport_unregister(t);
	if (t->slot > 0)
		slot_release(p, t->slot);
	free(t);
	pthread_exit(NULL);
}
