/* run/start.c: boots the first guest process: VM, memory, image, first vCPU. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/clock.h"
#include "kernel/sigdeliver.h"
#include "fs/fuse/fuse.h"
#include "fs/procfs.h"
#include "loader/vdso.h"
#include "loader/loader.h"
#include "mm/mm.h"
#include "platform/private_fd.h"
#include "platform/vm.h"
#include "run/run.h"
#include "kernel/peerview.h"
#include "syscall/syscall.h"
#include "syscall/trace.h"

static int exit_status_for(int err)
{
	return err == -ENOENT || err == -ENOTDIR ? 127 : 126;
}

int run_launch(const struct launch *l)
{
	private_fd_init();
	procfs_reserve_exe_slot();
	peerview_init();
	run_stats_init();
	sys_rlimits_takeover();
	fuse_tree_init();
	run_thread_init();
	struct process *p = process_new();
	if (!p) {
		fprintf(stderr, "elfuse: out of memory\n");
		return 125;
	}
	current_process = p;
	p->verbose = l->verbose;
	if (l->sysroot && strcmp(l->sysroot, "/") != 0) {
		char *real = realpath(l->sysroot, NULL);
		int fd = real ? open(real, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
		if (fd < 0) {
			fprintf(stderr, "elfuse: --sysroot %s: %s\n", l->sysroot, strerror(errno));
			free(real);
			return 125;
		}
		p->sysroot = real;
		p->root_fd = private_fd(fd);
	}
	if (l->trace_file) {
		trace_open(l->trace_file[0] && strcmp(l->trace_file, "-") != 0 ? l->trace_file : NULL);
		p->trace = 1;
	}
	struct vm *vm = vm_create();
	if (!vm) {
		fprintf(stderr, "elfuse: cannot create a KVM virtual machine (%s); is /dev/kvm accessible?\n",
			strerror(errno));
		return 125;
	}
	p->vm = vm;
	p->mm = mm_create(vm);
	if (p->mm)
		sys_rlimits_apply(p);
	if (!p->mm || mm_setup_sys_area(p->mm) < 0) {
		fprintf(stderr, "elfuse: cannot set up guest memory\n");
		return 125;
	}
	struct exec_request req = {l->path, l->argv, l->envp, NULL, NULL, NULL, 0};
	struct exec_image img;
	const char *why;
	int fatal;
	int r = loader_exec(p, &req, &img, &why, &fatal);
	if (r < 0 && fatal)
		run_die_by_signal(SIGSEGV); /* past the point of no return: Linux kills the process */
	if (r < 0) {
		if (why)
			fprintf(stderr, "elfuse: %s: %s (%s)\n", l->path, strerror(-r), why);
		else
			fprintf(stderr, "elfuse: %s: %s\n", l->path, strerror(-r));
		return exit_status_for(r);
	}
	struct thread *t = thread_new(p);
	if (!t) {
		fprintf(stderr, "elfuse: out of memory\n");
		return 125;
	}
	t->slot = 0;
	p->slot_used[0] = 1;
	t->vcpu = p->slot_vcpu[0] = vcpu_create(vm, 0, p->mm->cr3);
	if (!t->vcpu) {
		fprintf(stderr, "elfuse: cannot create a vCPU: %s\n", strerror(errno));
		return 125;
	}
	struct cpu_regs *regs = vcpu_regs(t->vcpu);
	memset(regs, 0, sizeof *regs);
	regs->rip = img.entry;
	regs->rsp = img.sp;
	regs->rflags = 0x202;
	vcpu_regs_dirty(t->vcpu);
	if (vdso_vvar(p->mm))
		clock_publish_init(vdso_vvar(p->mm), t->vcpu);
	sig_init_process(p);
	sig_init_thread(t);
	run_thread(t);
}
