/* run/exec.c: execve in place: same host process, same VM, a new image. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include "fs/fuse/fuse.h"
#include "kernel/fdtable.h"
#include "kernel/sigstate.h"
#include "loader/loader.h"
#include "platform/private_fd.h"
#include "platform/vm.h"
#include "mm/mm.h"
#include "run/run.h"
#include "syscall/syscall.h"

/* Other threads leave before the image goes (Linux's de_thread): kick them
 * out of guest mode and out of blocking host calls, wait until they are gone. */
static void dethread(void *ctx)
{
	struct thread *t = ctx;
	struct process *p = t->proc;
	run_vfork_writeback(p); /* the last moment the old image exists */
	if (__atomic_load_n(&p->nthreads, __ATOMIC_ACQUIRE) <= 1)
		return;
	pthread_mutex_lock(&p->lock);
	p->dethread = t;
	__atomic_store_n(&p->exiting, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; __atomic_load_n(&p->nthreads, __ATOMIC_ACQUIRE) > 1; i++) {
		if (i % 50 == 0) {
			pthread_mutex_lock(&p->lock);
			for (struct thread *o = p->threads; o; o = o->next)
				if (o != t)
					sig_kick_thread(o);
			pthread_mutex_unlock(&p->lock);
		}
		usleep(200);
	}
	__atomic_store_n(&p->exiting, 0, __ATOMIC_RELEASE);
	p->dethread = NULL;
}

long run_exec(struct thread *t, const char *path, char **argv, char **envp)
{
	return run_execat(t, path, NULL, 0, argv, envp);
}

long run_execat(struct thread *t, const char *path, const char *open_path, int flags, char **argv, char **envp)
{
	struct process *p = t->proc;
	struct exec_request req = {path, argv, envp, dethread, t, open_path, flags};
	struct exec_image img;
	const char *why;
	int fatal;
	int r = loader_exec(p, &req, &img, &why, &fatal);
	if (r < 0) {
		if (!fatal)
			return r;
		run_die_by_signal(SIGSEGV); /* past the point of no return, as Linux */
	}
	fuse_exec_flush(p);  /* Linux's close of those fds sends FUSE FLUSH */
	mm_release_orphans(p->mm); /* the old image's copies of FUSE files (written back just now) */
	pthread_mutex_lock(&p->lock);
	memcpy(t->comm, p->comm, sizeof t->comm); /* the name the loader gave the new image */
	pthread_mutex_unlock(&p->lock);
	fd_close_on_exec(p); /* without a host exec, close-on-exec is ours to apply */
	/* and so is the capability change; the transport server thread would
	 * keep the old capabilities */
	if (caps_apply_exec())
		run_xport_disable();
	run_ident_exec(t);
	if (p->vfork_fd >= 0) {
		close(p->vfork_fd);
		p->vfork_fd = -1;
	}
	/* Handlers are reset; ignored signals stay ignored; mask and pending stay. */
	pthread_mutex_lock(&p->lock);
	for (int s = 1; s <= GUEST_NSIG; s++) {
		struct guest_sigaction *ga = &p->sig.action[s];
		if (ga->handler > 1) {
			memset(ga, 0, sizeof *ga);
			sig_mirror_action(p, s);
		} else {
			ga->flags = 0;
		}
	}
	pthread_mutex_unlock(&p->lock);
	t->sas_sp = t->sas_size = 0;
	t->sas_flags = SS_DISABLE;
	t->clear_child_tid = 0;
	t->robust_list = 0;
	t->saved_mask_valid = 0;

	static struct vcpu_state st;
	memset(&st, 0, sizeof st);
	uint16_t fcw = 0x37f;
	uint32_t mxcsr = 0x1f80;
	memcpy(st.xsave, &fcw, 2);
	memcpy(st.xsave + 24, &mxcsr, 4);
	vcpu_set_xsave(t->vcpu, st.xsave, sizeof st.xsave);
	struct cpu_regs *regs = vcpu_regs(t->vcpu);
	memset(regs, 0, sizeof *regs);
	vcpu_set_user_context(t->vcpu, img.entry, img.sp, 0x202);
	vcpu_set_fs(t->vcpu, 0);
	vcpu_set_gs(t->vcpu, 0);
	vcpu_regs_dirty(t->vcpu);
	return SYSCALL_NORETURN_VALUE;
}
