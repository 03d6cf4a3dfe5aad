/* syscall/event.c: event fds: eventfd, timerfd, signalfd, inotify, and fanotify (refused). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "kernel/sigstate.h"
#include "syscall/fsio.h"

/* ---- eventfd ---- */

SYSCALL_DEFINE(eventfd) { return fd_result(t->proc, (int)host_ret(syscall(SYS_eventfd2, (unsigned)a[0], 0))); }

SYSCALL_DEFINE(eventfd2)
{
	return fd_result(t->proc, (int)host_ret(syscall(SYS_eventfd2, (unsigned)a[0], (int)a[1])));
}

/* ---- timerfd ---- */

SYSCALL_DEFINE(timerfd_create)
{
	return fd_result(t->proc, (int)host_ret(syscall(SYS_timerfd_create, (int)a[0], (int)a[1])));
}

SYSCALL_DEFINE(timerfd_settime)
{
	int fd = arg_fd(a[0]);
	struct itimerspec nv, ov;
	/* Linux copies the new value before it looks at the fd. */
	if (guest_read(t_mm(t), a[2], &nv, sizeof nv) < 0)
		return -EFAULT;
	FSIO_CHECK_FD(t, fd);
	long r = host_ret(syscall(SYS_timerfd_settime, fd, (int)a[1], &nv, a[3] ? &ov : NULL));
	if (r == 0 && a[3] && guest_write(t_mm(t), a[3], &ov, sizeof ov) < 0)
		return -EFAULT;
	return r;
}

SYSCALL_DEFINE(timerfd_gettime)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	struct itimerspec cur;
	long r = host_ret(syscall(SYS_timerfd_gettime, fd, &cur));
	if (r == 0 && guest_write(t_mm(t), a[1], &cur, sizeof cur) < 0)
		return -EFAULT;
	return r;
}

/* ---- signalfd ----
 * Signals the guest blocks are blocked on its host thread too, so a host
 * signalfd with the same mask reads them; the siginfo layout is the host's.
 * elfuse's kick signal is never part of the host mask. */

static long do_signalfd(struct thread *t, int fd, uint64_t gmask, uint64_t size, int flags)
{
	if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
		return -EINVAL;
	if (size != sizeof(guest_sigset_t))
		return -EINVAL;
	guest_sigset_t m;
	if (guest_read(t_mm(t), gmask, &m, sizeof m) < 0)
		return -EFAULT;
	if (fd != -1)
		FSIO_CHECK_FD(t, fd);
	sigset_t hs;
	sig_host_mask(m, &hs);
	long r = host_ret(syscall(SYS_signalfd4, fd, &hs, (size_t)8, flags));
	return fd == -1 ? fd_result(t->proc, (int)r) : r;
}

SYSCALL_DEFINE(signalfd) { return do_signalfd(t, (int)a[0], a[1], a[2], 0); }
SYSCALL_DEFINE(signalfd4) { return do_signalfd(t, (int)a[0], a[1], a[2], (int)a[3]); }

/* ---- inotify ---- */

SYSCALL_DEFINE(inotify_init) { return fd_result(t->proc, (int)host_ret(inotify_init1(0))); }
SYSCALL_DEFINE(inotify_init1) { return fd_result(t->proc, (int)host_ret(inotify_init1((int)a[0]))); }

SYSCALL_DEFINE(inotify_add_watch)
{
	int fd = arg_fd(a[0]);
	uint32_t mask = (uint32_t)a[2];
	FSIO_CHECK_FD(t, fd);
	char path[PATH_MAX];
	long n = get_path(t, a[1], path);
	if (n < 0)
		return n;
	/* The path goes through the guest's view (sysroot, /proc/self). */
	struct fs_res r;
	int e = fs_resolve(t->proc, AT_FDCWD, path, (mask & IN_DONT_FOLLOW) ? FS_NOFOLLOW : FS_FOLLOW, &r);
	if (e < 0)
		return e;
	long ret = host_ret(inotify_add_watch(fd, fs_res_path(&r), mask));
	fs_release(&r);
	return ret;
}

SYSCALL_DEFINE(inotify_rm_watch)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(inotify_rm_watch(fd, (int)a[1]));
}

/* ---- fanotify ----
 * Whole-mount or whole-filesystem monitoring reaches beyond what the guest
 * may see (and needs CAP_SYS_ADMIN); refused as an unprivileged Linux
 * process is refused. */

SYSCALL_DEFINE(fanotify_init) { return -EPERM; }

SYSCALL_DEFINE(fanotify_mark)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	if (fcntl(fd, F_GETFD) < 0)
		return -EBADF;
	return -EINVAL; /* no guest fd can be a fanotify group */
}
