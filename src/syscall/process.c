/* syscall/process.c: exit, exit_group, arch_prctl, TID and robust-list registration, rseq. */
#include <errno.h>
#include <asm/prctl.h>

#include "platform/vm.h"
#include "run/run.h"
#include "syscall/syscall.h"

SYSCALL_DEFINE(exit_group) { run_exit((int)a[0]); }

SYSCALL_DEFINE(exit)
{
	/* With one thread, exit ends the process (threads come with clone). */
	run_exit((int)a[0]);
}

SYSCALL_DEFINE(arch_prctl)
{
	uint64_t v;
	switch (a[0]) {
	case ARCH_SET_FS:
		return vcpu_set_fs(t->vcpu, a[1]);
	case ARCH_SET_GS:
		return vcpu_set_gs(t->vcpu, a[1]);
	case ARCH_GET_FS:
		v = vcpu_get_fs(t->vcpu);
		return guest_write(t_mm(t), a[1], &v, sizeof v);
	case ARCH_GET_GS:
		v = vcpu_get_gs(t->vcpu);
		return guest_write(t_mm(t), a[1], &v, sizeof v);
	case ARCH_GET_CPUID:
		return 1;
	case ARCH_SET_CPUID:
		return -ENODEV; /* CPUID faulting is not available to the guest */
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE(set_tid_address)
{
	t->clear_child_tid = a[0];
	return t->tid;
}

SYSCALL_DEFINE(set_robust_list)
{
	if (a[1] != 24)
		return -EINVAL;
	t->robust_list = a[0];
	t->robust_len = a[1];
	return 0;
}

SYSCALL_DEFINE(get_robust_list)
{
	if (a[0] != 0 && (pid_t)a[0] != t->tid)
		return -ESRCH; /* other threads' lists: not visible yet */
	uint64_t len = 24;
	int r = guest_write(t_mm(t), a[1], &t->robust_list, 8);
	if (r == 0)
		r = guest_write(t_mm(t), a[2], &len, 8);
	return r;
}

/* rseq is optional: glibc falls back when it is not available. */
SYSCALL_DEFINE(rseq) { return -ENOSYS; }
