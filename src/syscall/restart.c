/* syscall/restart.c: which interrupted syscalls Linux restarts (signal(7)). */
#include <linux/futex.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>

#include "kernel/sigdeliver.h"
#include "syscall/syscall.h"

/* A blocking socket call with a timeout set for its direction ends with
 * EINTR after a handler whatever SA_RESTART says: the kernel returns EINTR,
 * not ERESTARTSYS, once the wait had a finite timeout (sock_intr_errno). */
static int socket_timeout_set(struct thread *t, uint64_t fd, int opt)
{
	struct timeval tv;
	socklen_t len = sizeof tv;
	if (fd_check(t->proc, (int)fd) < 0 || getsockopt((int)fd, SOL_SOCKET, opt, &tv, &len) < 0)
		return 0; /* not a socket */
	return tv.tv_sec != 0 || tv.tv_usec != 0;
}

static int socket_class(struct thread *t, uint64_t fd, int opt)
{
	return socket_timeout_set(t, fd, opt) ? RESTART_NEVER : RESTART_SA;
}

int syscall_restart_class(struct thread *t, uint64_t nr, const uint64_t *a)
{
	switch (nr) {
	/* Never restarted after a handler, whatever SA_RESTART says; restarted
	 * transparently when no handler ran. */
	case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6:
	case SYS_epoll_wait: case SYS_epoll_pwait: case SYS_epoll_pwait2:
	case SYS_pause: case SYS_rt_sigsuspend: case SYS_rt_sigtimedwait:
	case SYS_nanosleep: case SYS_clock_nanosleep: case SYS_io_getevents:
	case SYS_semop: case SYS_semtimedop: case SYS_msgrcv: case SYS_msgsnd:
		return RESTART_NOHAND;
	case SYS_futex: {
		/* A wait with a timeout goes through the restart block: EINTR after a handler. */
		int cmd = (int)(a[1] & FUTEX_CMD_MASK);
		if ((cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && a[3])
			return RESTART_NOHAND;
		return RESTART_SA;
	}
	case SYS_accept: case SYS_accept4: case SYS_recvfrom: case SYS_recvmsg: case SYS_read: case SYS_readv:
		return socket_class(t, a[0], SO_RCVTIMEO);
	case SYS_recvmmsg:
		return a[4] ? RESTART_NEVER : socket_class(t, a[0], SO_RCVTIMEO);
	case SYS_connect: case SYS_sendto: case SYS_sendmsg: case SYS_sendmmsg: case SYS_write: case SYS_writev:
		return socket_class(t, a[0], SO_SNDTIMEO);
	default:
		return RESTART_SA;
	}
}
