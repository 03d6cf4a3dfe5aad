/* run/fork.c: a new guest process: host fork(), then a fresh VM over the
 * child's copy-on-write copy of guest memory, resuming the same context. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/children.h"
#include "kernel/clock.h"
#include "kernel/peerview.h"
#include "kernel/sigstate.h"
#include "mm/mm.h"
#include "platform/private_fd.h"
#include "platform/vm.h"
#include "fs/fuse/fuse.h"
#include "run/run.h"
#include "syscall/trace.h"

/* In the child: rebuild VM, memory slots, system area and vCPU. */
static int child_rebuild(struct thread *t, const struct vcpu_state *st)
{
	struct process *p = t->proc;
	/* Only the forking thread lives on in the child. */
	for (int i = 0; i < 512; i++) {
		if (p->slot_vcpu[i])
			vcpu_forget(p->slot_vcpu[i]);
		p->slot_vcpu[i] = NULL;
		p->slot_used[i] = 0;
	}
	for (struct thread *o = p->threads, *n; o; o = n) {
		n = o->next;
		if (o != t)
			free(o);
	}
	p->threads = t;
	t->next = NULL;
	p->nthreads = 1;
	memcpy(p->comm, t->comm, sizeof p->comm); /* the forking thread is the child's leader */
	t->vcpu = NULL;
	vm_forget(p->vm);
	p->vm = vm_create();
	if (!p->vm)
		return -ENOMEM;
	if (mm_attach_vm(p->mm, p->vm) < 0 || mm_setup_sys_area(p->mm) < 0)
		return -ENOMEM;
	t->slot = 0;
	p->slot_used[0] = 1;
	t->vcpu = p->slot_vcpu[0] = vcpu_create(p->vm, 0, p->mm->cr3);
	if (!t->vcpu)
		return -ENOMEM;
	vcpu_set_tsc_offset(t->vcpu, clock_tsc_offset()); /* the guest TSC does not jump at fork */
	return vcpu_load_state(t->vcpu, st);
}

long run_fork(struct thread *t, const struct fork_request *req)
{
	struct process *p = t->proc;
	static struct vcpu_state st; /* only the forking thread uses it; too big for the stack */
	if (vcpu_save_state(t->vcpu, &st) < 0)
		return -EAGAIN;
	int vfork_pipe[2] = {-1, -1};
	if (req->vfork) {
		if (pipe2(vfork_pipe, O_CLOEXEC) < 0)
			return -EAGAIN;
		vfork_pipe[0] = private_fd(vfork_pipe[0]);
		vfork_pipe[1] = private_fd(vfork_pipe[1]);
	}
	if (p->trace)
		trace_set_follow(1);
	pid_t pid;
	/* Other threads must not hold these across the copy (the child would
	 * inherit them locked with nobody to unlock them). */
	int slot = children_reserve();
	pthread_mutex_lock(&p->lock);
	pthread_mutex_lock(&p->mm->lock);
	if (req->exit_signal == SIGCHLD)
		pid = fork();
	else
		pid = (pid_t)syscall(SYS_clone, (unsigned long)req->exit_signal, 0, NULL, NULL, 0);
	int e = errno;
	pthread_mutex_unlock(&p->mm->lock);
	pthread_mutex_unlock(&p->lock);
	if (pid != 0)
		children_forked(slot, pid);
	if (pid < 0) {
		if (req->vfork) {
			close(vfork_pipe[0]);
			close(vfork_pipe[1]);
		}
		return -e;
	}
	if (pid == 0) {
		p->pid = getpid();
		t->tid = p->pid;
		children_in_child(slot);
		run_xport_after_fork();
		run_ident_after_fork();
		fuse_after_fork();
		if (p->vfork_fd >= 0) {
			/* Our own vfork parent waits for us, not for our children. */
			close(p->vfork_fd);
			p->vfork_fd = -1;
		}
		if (req->vfork) {
			close(vfork_pipe[0]);
			p->vfork_fd = vfork_pipe[1];
		}
		/* (a fork of a vfork child inherits no tracking) */
		run_vfork_track(p, req->vfork && req->share_vm ? getppid() : 0);
		st.regs.rax = 0;
		if (req->stack)
			st.regs.rsp = req->stack;
		if (req->set_tls)
			st.fs_base = req->tls;
		if (child_rebuild(t, &st) < 0) {
			fprintf(stderr, "elfuse: cannot build the child's virtual machine\n");
			_exit(125);
		}
		if (!req->share_vm) { /* a CLONE_VM child shares the parent's memory */
			pthread_mutex_lock(&p->mm->lock);
			mm_after_fork(p->mm);
			pthread_mutex_unlock(&p->mm->lock);
		}
		if (req->child_settid) {
			int32_t tid = t->tid;
			guest_write(p->mm, req->child_tid, &tid, sizeof tid);
		}
		t->clear_child_tid = req->child_cleartid ? req->child_tid : 0;
		peerview_after_fork(p);
		return FORK_CHILD;
	}
	if (req->vfork) {
		/* The parent waits until the child execs or exits (both close the pipe). */
		close(vfork_pipe[1]);
		char c;
		while (read(vfork_pipe[0], &c, 1) < 0 && errno == EINTR)
			;
		close(vfork_pipe[0]);
	}
	return pid;
}
