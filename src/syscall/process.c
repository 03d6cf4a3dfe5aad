/* syscall/process.c: exit, exit_group, arch_prctl, TID and robust-list registration, rseq. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <asm/prctl.h>
#include <linux/sched.h>

#include "kernel/children.h"
#include "kernel/hostwait.h"
#include "fs/fuse/fuse.h"
#include "fs/path.h"
#include "loader/loader.h"
#include "platform/vm.h"
#include "run/run.h"
#include "syscall/syscall.h"

SYSCALL_DEFINE(exit_group)
{
	run_vfork_writeback(t->proc);
	fuse_exit_flush(t);
	run_exit((int)a[0]);
}

SYSCALL_DEFINE(exit)
{
	if (__atomic_load_n(&t->proc->nthreads, __ATOMIC_ACQUIRE) == 1) {
		run_vfork_writeback(t->proc);
		fuse_exit_flush(t);
	}
	run_thread_exit(t, (int)a[0]);
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

/* ---- processes: clone/fork/exec/wait ---- */

#define CLONE_NAMESPACES                                                                                             \
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET |   \
	 CLONE_NEWTIME)

struct clone_req {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, tls;
};

static long do_clone(struct thread *t, const struct clone_req *c)
{
	uint64_t f = c->flags;
	if ((f & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS) ||
	    (f & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	if ((f & CLONE_THREAD) && !(f & CLONE_SIGHAND))
		return -EINVAL;
	if ((f & CLONE_SIGHAND) && !(f & CLONE_VM))
		return -EINVAL;
	if ((f & CLONE_PIDFD) && (f & CLONE_DETACHED))
		return -EINVAL;
	if (c->exit_signal > GUEST_NSIG)
		return -EINVAL;
	if ((f & CLONE_THREAD) && (f & (CLONE_NEWUSER | CLONE_NEWPID)))
		return -EINVAL;
	if (f & CLONE_NAMESPACES)
		return -EPERM; /* elfuse does not create namespaces */
	if (f & CLONE_THREAD)
		return run_clone_thread(t, c->flags, c->stack, c->parent_tid, c->child_tid, c->tls);
	if ((f & CLONE_VM) && !(f & CLONE_VFORK))
		return -ENOSYS; /* a separate process sharing this memory (not vfork): not supported */
	struct fork_request req = {
		.exit_signal = (int)c->exit_signal,
		.vfork = (f & CLONE_VFORK) != 0,
		.stack = c->stack,
		.set_tls = (f & CLONE_SETTLS) != 0,
		.tls = c->tls,
		.child_settid = (f & CLONE_CHILD_SETTID) != 0,
		.child_cleartid = (f & CLONE_CHILD_CLEARTID) != 0,
		.child_tid = c->child_tid,
		.share_vm = (f & CLONE_VM) != 0,
	};
	/* CLONE_VM without CLONE_THREAD (posix_spawn's vfork child): the child
	 * gets a copy of memory, not the same memory, until it execs. */
	long pid = run_fork(t, &req);
	if (pid == FORK_CHILD)
		return 0;
	if (pid < 0)
		return pid;
	if (f & CLONE_PIDFD) {
		int pfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
		pfd = pfd < 0 ? pfd : fd_result(t->proc, pfd);
		if (pfd >= 0)
			guest_write(t_mm(t), c->pidfd, &pfd, sizeof pfd);
	}
	if (f & CLONE_PARENT_SETTID) {
		int32_t v = (int32_t)pid;
		guest_write(t_mm(t), c->parent_tid, &v, sizeof v);
	}
	return pid;
}

SYSCALL_DEFINE(clone)
{
	struct clone_req c = {
		.flags = a[0] & ~0xffULL,
		.exit_signal = a[0] & 0xff,
		.stack = a[1],
		.parent_tid = a[2],
		.child_tid = a[3],
		.tls = a[4],
		.pidfd = a[2],
	};
	if ((c.flags & CLONE_PIDFD) && (c.flags & CLONE_PARENT_SETTID))
		return -EINVAL; /* both use the parent_tid slot */
	return do_clone(t, &c);
}

SYSCALL_DEFINE(clone3)
{
	uint64_t args[11] = {0};
	uint64_t size = a[1];
	if (size < 64 || size > 4096)
		return -EINVAL;
	uint64_t n = size < sizeof args ? size : sizeof args;
	if (guest_read(t_mm(t), a[0], args, n) < 0)
		return -EFAULT;
	for (uint64_t off = sizeof args; off < size; off += 8) {
		uint64_t extra = 0;
		if (guest_read(t_mm(t), a[0] + off, &extra, size - off < 8 ? size - off : 8) < 0)
			return -EFAULT;
		if (extra)
			return -E2BIG;
	}
	struct clone_req c = {
		.flags = args[0],
		.pidfd = args[1],
		.child_tid = args[2],
		.parent_tid = args[3],
		.exit_signal = args[4],
		.stack = args[5] ? args[5] + args[6] : 0,
		.tls = args[7],
	};
	if (args[8] || args[9])
		return -EPERM; /* set_tid needs CAP_SYS_ADMIN in the pid namespace */
	if ((c.flags & 0xff) || (args[5] && !args[6]) || (!args[5] && args[6]))
		return -EINVAL;
	if (args[10] || (c.flags & CLONE_INTO_CGROUP))
		return -EPERM;
	return do_clone(t, &c);
}

SYSCALL_DEFINE(fork)
{
	struct clone_req c = {.exit_signal = SIGCHLD};
	return do_clone(t, &c);
}

SYSCALL_DEFINE(vfork)
{
	struct clone_req c = {.flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD};
	return do_clone(t, &c);
}

/* Copy a NULL-terminated guest array of strings (argv/envp) to the host. */
static char **copy_strv(struct mm *mm, uint64_t gv, long *err, size_t *total)
{
	size_t cap = 16, n = 0;
	char **v = calloc(cap, sizeof *v);
	if (!v) {
		*err = -ENOMEM;
		return NULL;
	}
	for (; gv;) {
		uint64_t ptr;
		if (guest_read(mm, gv + n * 8, &ptr, 8) < 0) {
			*err = -EFAULT;
			goto fail;
		}
		if (!ptr)
			break;
		char buf[131072 + 1];
		long len = guest_strncpy(mm, buf, ptr, sizeof buf);
		if (len < 0) {
			*err = len == -ENAMETOOLONG ? -E2BIG : len;
			goto fail;
		}
		*total += (size_t)len + 1 + 8;
		if (*total > (2u << 20) || n > 1000000) {
			*err = -E2BIG;
			goto fail;
		}
		if (n + 2 > cap) {
			cap *= 2;
			char **nv = realloc(v, cap * sizeof *nv);
			if (!nv) {
				*err = -ENOMEM;
				goto fail;
			}
			v = nv;
		}
		v[n] = strdup(buf);
		if (!v[n++]) {
			*err = -ENOMEM;
			goto fail;
		}
	}
	v[n] = NULL;
	return v;
fail:
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return NULL;
}

static void free_strv(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static long do_execve(struct thread *t, const char *path, const char *open_path, int xflags, uint64_t gargv,
		      uint64_t genvp)
{
	long err = 0;
	size_t total = 0;
	char **argv = copy_strv(t_mm(t), gargv, &err, &total);
	if (!argv)
		return err;
	char **envp = copy_strv(t_mm(t), genvp, &err, &total);
	if (!envp) {
		free_strv(argv);
		return err;
	}
	long r = run_execat(t, path, open_path, xflags, argv, envp);
	free_strv(argv);
	free_strv(envp);
	return r;
}

SYSCALL_DEFINE(execve)
{
	char path[4096];
	long n = guest_strncpy(t_mm(t), path, a[0], sizeof path);
	if (n < 0)
		return n;
	return do_execve(t, path, NULL, 0, a[1], a[2]);
}

SYSCALL_DEFINE(execveat)
{
	char path[4096], full[4096 + 64], name[4096 + 64];
	int dirfd = (int)a[0], flags = (int)a[4], xflags = 0;
	long n = guest_strncpy(t_mm(t), path, a[1], sizeof path);
	if (n < 0)
		return n;
	if (!path[0] && !(flags & AT_EMPTY_PATH))
		return -ENOENT; /* getname, before the flags are looked at */
	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	if (path[0] == '/' || dirfd == AT_FDCWD) {
		snprintf(full, sizeof full, "%s", path[0] ? path : ".");
		snprintf(name, sizeof name, "%s", full);
	} else {
		int fdfl = fd_check(t->proc, dirfd) < 0 ? -1 : fcntl(dirfd, F_GETFD);
		if (fdfl < 0)
			return -EBADF;
		/* Linux names the program /dev/fd/N[/path] (argv of a script,
		 * AT_EXECFN); a script behind a close-on-exec fd cannot run. */
		if (path[0]) {
			snprintf(full, sizeof full, "/proc/self/fd/%d/%s", dirfd, path);
			snprintf(name, sizeof name, "/dev/fd/%d/%s", dirfd, path);
		} else {
			snprintf(full, sizeof full, "/proc/self/fd/%d", dirfd);
			snprintf(name, sizeof name, "/dev/fd/%d", dirfd);
			xflags |= EXEC_COMM_FROM_FILE;
		}
		if (fdfl & FD_CLOEXEC)
			xflags |= EXEC_PATH_INACCESSIBLE;
	}
	if ((flags & AT_SYMLINK_NOFOLLOW) && path[0]) {
		/* The last component must not be a symlink. */
		int fd = fs_open(t->proc, dirfd, path, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0, 0, 0);
		if (fd >= 0) {
			struct stat st;
			int lnk = fstat(fd, &st) == 0 && S_ISLNK(st.st_mode);
			close(fd);
			if (lnk)
				return -ELOOP;
		}
	}
	return do_execve(t, name, strcmp(name, full) ? full : NULL, xflags, a[2], a[3]);
}

SYSCALL_DEFINE(wait4)
{
	int status = 0;
	struct rusage ru;
	long r = host_wait(SYS_wait4, (pid_t)a[0], a[1] ? &status : NULL, (int)a[2], a[3] ? &ru : NULL);
	if (r < 0)
		return r;
	if (r > 0 && a[1] && guest_write(t_mm(t), a[1], &status, sizeof status) < 0)
		return -EFAULT;
	if (r > 0 && a[3] && guest_write(t_mm(t), a[3], &ru, sizeof ru) < 0)
		return -EFAULT;
	return r;
}

SYSCALL_DEFINE(waitid)
{
	siginfo_t si;
	struct rusage ru;
	memset(&si, 0, sizeof si);
	long r = host_wait(SYS_waitid, (int)a[0], (id_t)a[1], a[2] ? &si : NULL, (int)a[3], a[4] ? &ru : NULL);
	/* Linux writes infop even when there is nothing to report (and a bad
	 * infop then turns ECHILD into EFAULT). */
	if (a[2] && guest_write(t_mm(t), a[2], &si, sizeof si) < 0)
		return -EFAULT;
	if (r < 0)
		return r;
	if (a[4] && guest_write(t_mm(t), a[4], &ru, sizeof ru) < 0)
		return -EFAULT;
	return r;
}

SYSCALL_DEFINE(setpgid)
{
	pid_t pid = (pid_t)a[0], pgid = (pid_t)a[1];
	/* A child that has exec'd: Linux refuses (EACCES, after its session
	 * check); the host cannot tell, elfuse's exec being no host execve. */
	if (pgid >= 0 && pid > 0 && pid != getpid() && children_execed(pid))
		return getsid(pid) != getsid(0) ? -EPERM : -EACCES;
	return host_ret(setpgid(pid, pgid));
}
SYSCALL_DEFINE(getpgid) { return host_ret(getpgid((pid_t)a[0])); }
SYSCALL_DEFINE(getpgrp) { return host_ret(getpgrp()); }
SYSCALL_DEFINE(setsid) { return host_ret(setsid()); }
SYSCALL_DEFINE(getsid) { return host_ret(getsid((pid_t)a[0])); }

SYSCALL_DEFINE(pidfd_open)
{
	long r = syscall(SYS_pidfd_open, (pid_t)a[0], (unsigned)a[1]);
	return r < 0 ? -errno : fd_result(t->proc, (int)r);
}

SYSCALL_DEFINE(pidfd_send_signal)
{
	if (fd_check(t->proc, (int)a[0]) < 0)
		return -EBADF;
	siginfo_t si, *sip = NULL;
	if (a[2]) {
		if (guest_read(t_mm(t), a[2], &si, sizeof si) < 0)
			return -EFAULT;
		sip = &si;
	}
	return host_ret(syscall(SYS_pidfd_send_signal, (int)a[0], (int)a[1], sip, (unsigned)a[3]));
}

SYSCALL_DEFINE(pidfd_getfd)
{
	if (fd_check(t->proc, (int)a[0]) < 0)
		return -EBADF;
	long r = syscall(SYS_pidfd_getfd, (int)a[0], (int)a[1], (unsigned)a[2]);
	return r < 0 ? -errno : fd_result(t->proc, (int)r);
}
