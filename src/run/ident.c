/* run/ident.c: identity calls the transport stub answers inside the guest
 * (platform/xport.h). A value is published after a call answered it the
 * normal way, and withdrawn whenever it may change, so the stub never says
 * anything the handler would not. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/proc.h"
#include "platform/private_fd.h"
#include "platform/vm.h"
#include "platform/xport.h"
#include "run/run.h"
#include "syscall/syscall.h"

static int ppid_calls;	   /* getppid calls answered the normal way */
static int ppid_watching;  /* the watcher thread runs */
static int execd_here = 1; /* pgrp may be published: see run_ident_after */

/* The parent may die at any moment (the guest is then reparented), so a
 * published ppid needs a thread that sees that happen: it waits on a pidfd
 * of the parent and withdraws the value when the parent exits. */
static void *ppid_watch(void *arg)
{
	struct vm *vm = arg;
	for (;;) {
		pid_t pp = getppid();
		int fd = (int)syscall(SYS_pidfd_open, pp, 0);
		if (fd < 0) {
			if (errno == ESRCH)
				continue; /* died already: getppid has moved on */
			return NULL;	  /* (e.g. no parent in our pid namespace) */
		}
		fd = private_fd(fd);
		if (fd < 0)
			return NULL;
		if (getppid() == pp) {
			vm_ident_set(vm, XI_PPID, 1, (uint32_t)pp);
			struct pollfd pfd = {.fd = fd, .events = POLLIN};
			while (poll(&pfd, 1, -1) < 0 && errno == EINTR)
				;
			vm_ident_set(vm, XI_PPID, 0, 0);
		}
		close(fd);
	}
}

static void ppid_answered(struct process *p)
{
	/* Only a process that asks more than once pays for the watcher. */
	if (__atomic_add_fetch(&ppid_calls, 1, __ATOMIC_RELAXED) < 2 ||
	    __atomic_exchange_n(&ppid_watching, 1, __ATOMIC_ACQ_REL))
		return;
	if (run_helper_thread(ppid_watch, p->vm, 64 * 1024) < 0)
		__atomic_store_n(&ppid_watching, 0, __ATOMIC_RELEASE);
}

static void withdraw_creds(struct vcpu *v)
{
	vcpu_ident_set(v, XI_UID, 0, 0);
	vcpu_ident_set(v, XI_EUID, 0, 0);
	vcpu_ident_set(v, XI_GID, 0, 0);
	vcpu_ident_set(v, XI_EGID, 0, 0);
}

void run_ident_after(struct thread *t, uint64_t nr, const uint64_t *a, long ret)
{
	struct process *p = t->proc;
	if (ret < 0 || p->trace)
		return; /* --trace shows every call: nothing is answered inside */
	uint32_t v = (uint32_t)ret;
	switch (nr) {
	case SYS_getpid:
		vm_ident_set(p->vm, XI_PID, 1, v);
		break;
	case SYS_getppid:
		ppid_answered(p);
		break;
	case SYS_gettid:
		vcpu_ident_set(t->vcpu, XI_TID, 1, v);
		break;
	case SYS_getuid:
		vcpu_ident_set(t->vcpu, XI_UID, 1, v);
		break;
	case SYS_geteuid:
		vcpu_ident_set(t->vcpu, XI_EUID, 1, v);
		break;
	case SYS_getgid:
		vcpu_ident_set(t->vcpu, XI_GID, 1, v);
		break;
	case SYS_getegid:
		vcpu_ident_set(t->vcpu, XI_EGID, 1, v);
		break;
	case SYS_getpgrp:
	case SYS_getpgid:
		/* Our parent may move us to another group until we exec. */
		if ((nr == SYS_getpgrp || a[0] == 0) && __atomic_load_n(&execd_here, __ATOMIC_RELAXED))
			vm_ident_set(p->vm, XI_PGRP, 1, v);
		break;
	case SYS_getsid:
		if (a[0] == 0) /* only setsid, ours, changes it */
			vm_ident_set(p->vm, XI_SID, 1, v);
		break;
	case SYS_setsid:
		vm_ident_set(p->vm, XI_SID, 0, 0);
		vm_ident_set(p->vm, XI_PGRP, 0, 0);
		break;
	case SYS_setpgid:
		vm_ident_set(p->vm, XI_PGRP, 0, 0);
		break;
	default:
		if (syscall_changes_creds(nr))
			withdraw_creds(t->vcpu);
	}
}

void run_ident_exec(struct thread *t)
{
	withdraw_creds(t->vcpu); /* exec may change capabilities and ids */
	__atomic_store_n(&execd_here, 1, __ATOMIC_RELAXED);
}

void run_ident_thread(struct thread *t)
{
	vcpu_ident_set(t->vcpu, XI_TID, 0, 0);
	withdraw_creds(t->vcpu);
}

void run_ident_after_fork(void)
{
	ppid_calls = 0;
	ppid_watching = 0; /* the watcher thread stayed with the parent */
	execd_here = 0;
}
