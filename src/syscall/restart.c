/* syscall/restart.c: which interrupted syscalls Linux restarts (signal(7)). */
#include <linux/futex.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>

#include "kernel/sigdeliver.h"
#include "syscall/syscall.h"

/* A socket with a SO_RCVTIMEO/SO_SNDTIMEO timeout: Linux's sock_intr_errno
 * gives -EINTR, never restarted, not even after a stop and SIGCONT. */
static int sock_timeout_set(struct thread *t, uint64_t fd, int opt)
{
	struct timeval tv;
	socklen_t len = sizeof tv;
	if (fd > 0x7fffffff || fd_check(t->proc, (int)fd) < 0 || getsockopt((int)fd, SOL_SOCKET, opt, &tv, &len) < 0)
		return 0;
	return tv.tv_sec != 0 || tv.tv_usec != 0;
}

int syscall_restart_class(struct thread *t, uint64_t nr, const uint64_t *a)
{
	switch (nr) {
	/* -EINTR in Linux: never restarted, not even when no handler ran
	 * (a stop and SIGCONT interrupt them, signal(7)). */
	case SYS_epoll_wait: case SYS_epoll_pwait: case SYS_epoll_pwait2:
	case SYS_rt_sigtimedwait: case SYS_semop: case SYS_semtimedop: case SYS_io_getevents:
		return RESTART_NEVER;
	/* Never restarted after a handler, whatever SA_RESTART says; restarted
	 * transparently when no handler ran. */
	case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6:
	case SYS_pause: case SYS_rt_sigsuspend:
	case SYS_nanosleep: case SYS_clock_nanosleep:
	case SYS_msgrcv: case SYS_msgsnd:
		return RESTART_NOHAND;
	case SYS_futex: {
		/* A wait with a timeout goes through the restart block. */
		int cmd = (int)a[1] & FUTEX_CMD_MASK;
		if ((cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && a[3])
			return RESTART_NOHAND;
		return RESTART_SA;
	}
	case SYS_recvmmsg:
		if (a[4])
			return RESTART_NEVER;
		/* fall through */
	case SYS_read: case SYS_readv: case SYS_recvfrom: case SYS_recvmsg:
	case SYS_accept: case SYS_accept4:
		return sock_timeout_set(t, a[0], SO_RCVTIMEO) ? RESTART_NEVER : RESTART_SA;
	case SYS_write: case SYS_writev: case SYS_sendto: case SYS_sendmsg: case SYS_sendmmsg:
	case SYS_connect:
		return sock_timeout_set(t, a[0], SO_SNDTIMEO) ? RESTART_NEVER : RESTART_SA;
	default:
		return RESTART_SA;
	}
}
