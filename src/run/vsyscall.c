/* run/vsyscall.c: Linux's vsyscall emulation (arch/x86/entry/vsyscall): old
 * binaries call gettimeofday, time and getcpu at fixed addresses in the
 * execute-only page at VSYSCALL_ADDR; the instruction fetch faults and the
 * kernel makes the call, then returns as a `ret` would. */
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>

#include "kernel/sigstate.h"
#include "mm/mm.h"
#include "platform/vm.h"
#include "run/run.h"
#include "syscall/syscall.h"

#define PF_WRITE 0x2
#define PF_USER 0x4
#define PF_INSTR 0x10

/* A pointer argument the kernel checks with access_ok: a failure is a
 * SIGSEGV as if the user had touched it. */
static int write_ok_or_segv(struct thread *t, uint64_t ptr, uint64_t size)
{
	if (ptr + size >= ptr && ptr + size <= TASK_SIZE)
		return 1;
	t->fault_trapno = 14;
	t->fault_err = PF_USER | PF_WRITE;
	t->fault_cr2 = ptr;
	sig_force(t, SIGSEGV, SEGV_MAPERR, ptr);
	return 0;
}

int run_vsyscall(struct thread *t, const struct vcpu_event *ev)
{
	if (ev->vector != 14 || ev->cr2 < VSYSCALL_ADDR || ev->cr2 >= VSYSCALL_ADDR + 4096)
		return 0;
	/* Reads and writes of the page fault as usual; so does all of it on a
	 * host without one (vsyscall=none). */
	if ((ev->error_code & (PF_WRITE | PF_USER)) != PF_USER || !(ev->error_code & PF_INSTR) ||
	    !mm_vsyscall_present())
		return 0;
	struct cpu_regs *r = vcpu_regs(t->vcpu);
	uint64_t rip, rsp, rflags;
	vcpu_get_user_context(t->vcpu, &rip, &rsp, &rflags);
	t->fault_trapno = 14;
	t->fault_err = ev->error_code;
	t->fault_cr2 = 0;
	uint64_t off = ev->cr2 - VSYSCALL_ADDR, caller;
	if ((off != 0 && off != 0x400 && off != 0x800) || ev->cr2 != rip ||
	    guest_read(t->proc->mm, rsp, &caller, sizeof caller) < 0) {
		/* misaligned entry or a bad stack */
		sig_force(t, SIGSEGV, SI_KERNEL, 0);
		return 1;
	}
	uint64_t a[6] = {r->rdi, r->rsi, 0, 0, 0, 0};
	long ret;
	if (off == 0) {
		if (!write_ok_or_segv(t, a[0], 16) || !write_ok_or_segv(t, a[1], 8))
			return 1;
		ret = syscall_dispatch(t, SYS_gettimeofday, a);
	} else if (off == 0x400) {
		if (!write_ok_or_segv(t, a[0], 8))
			return 1;
		ret = syscall_dispatch(t, SYS_time, a);
	} else {
		if (!write_ok_or_segv(t, a[0], 4) || !write_ok_or_segv(t, a[1], 4))
			return 1;
		ret = syscall_dispatch(t, SYS_getcpu, a);
	}
	if (ret == -EFAULT) {
		/* a bad pointer fed to a vsyscall */
		sig_force(t, SIGSEGV, SI_KERNEL, 0);
		return 1;
	}
	r->rax = (uint64_t)ret;
	vcpu_regs_dirty(t->vcpu);
	vcpu_set_user_context(t->vcpu, caller, rsp + 8, rflags);
	return 1;
}
