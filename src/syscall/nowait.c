/* syscall/nowait.c: socket and pipe transfers that may block, tried by the
 * transport server without blocking. What would block goes back to the vCPU
 * thread, which makes the call blocking as usual; a blocking stream send (or
 * MSG_WAITALL receive) that moved only part of its bytes is finished there,
 * so the guest sees the one result Linux gives. */
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "fs/fuse/fuse.h"
#include "syscall/fsio.h"

_Thread_local int fsio_nowait;

/* The buffer-and-length calls whose rest can be finished by moving the
 * buffer on (the vector calls cannot: no partial stream sends for them). */
static int single_buffer(uint64_t nr) { return nr == SYS_write || nr == SYS_sendto || nr == SYS_recvfrom; }

/* The guest's MSG_* flags of a socket call, 0 for read/write. */
static int guest_flags(uint64_t nr, const uint64_t *a)
{
	switch (nr) {
	case SYS_sendto:
	case SYS_recvfrom:
		return (int)a[3];
	case SYS_sendmsg:
	case SYS_recvmsg:
		return (int)a[2];
	default:
		return 0;
	}
}

static int sock_int(int fd, int opt)
{
	int v = -1;
	socklen_t l = sizeof v;
	return getsockopt(fd, SOL_SOCKET, opt, &v, &l) == 0 ? v : -1;
}

long syscall_server_try(struct thread *t, uint64_t nr, const uint64_t *a, uint64_t *done)
{
	int is_send;
	*done = 0;
	switch (nr) {
	case SYS_read:
	case SYS_readv:
	case SYS_recvfrom:
	case SYS_recvmsg:
		is_send = 0;
		break;
	case SYS_write:
	case SYS_writev:
	case SYS_sendto:
	case SYS_sendmsg:
		is_send = 1;
		break;
	default:
		return SYSCALL_XPORT_REJECT;
	}
	/* FUSE trees keep fd calls on the vCPU thread (see eligible.c), except
	 * a daemon's /dev/fuse reads and replies that need no wait. */
	if (fuse_tree_active())
		return fuse_server_try(t, nr, a);
	int fd = arg_fd(a[0]);
	struct stat st;
	if (fd_check(t->proc, fd) || fstat(fd, &st) < 0)
		return SYSCALL_XPORT_REJECT;
	int pipe = S_ISFIFO(st.st_mode) && (nr == SYS_read || nr == SYS_write || nr == SYS_readv || nr == SYS_writev);
	if (!S_ISSOCK(st.st_mode) && !pipe)
		return SYSCALL_XPORT_REJECT;
	int type = pipe ? SOCK_STREAM : sock_int(fd, SO_TYPE); /* a pipe is a byte stream */
	int fl = fcntl(fd, F_GETFL);
	if (type < 0 || fl < 0)
		return SYSCALL_XPORT_REJECT;
	int gflags = guest_flags(nr, a);
	int blocking = !(fl & O_NONBLOCK) && !(gflags & MSG_DONTWAIT);
	int stream = type == SOCK_STREAM;
	if (blocking && stream) {
		/* Only a plain MSG_WAITALL receive into one buffer can be finished
		 * by a second call (a peek would see the same bytes again). */
		if (!is_send && (gflags & MSG_WAITALL) && (!single_buffer(nr) || (gflags & MSG_PEEK)))
			return SYSCALL_XPORT_REJECT;
		/* A send split in two would mark urgent data twice. */
		if (is_send && (gflags & MSG_OOB))
			return SYSCALL_XPORT_REJECT;
		/* A blocking receive waits for SO_RCVLOWAT bytes; a nonblocking one
		 * takes what there is, and a rest call could not make up for it. */
		if (!pipe && !is_send && !(gflags & MSG_WAITALL) && sock_int(fd, SO_RCVLOWAT) != 1)
			return SYSCALL_XPORT_REJECT;
		if (is_send && !single_buffer(nr))
			return SYSCALL_XPORT_REJECT;
	}
	/* write() on a SOCK_SEQPACKET socket ends a record, as sock_write_iter does. */
	int eor = type == SOCK_SEQPACKET && (nr == SYS_write || nr == SYS_writev) ? MSG_EOR : 0;
	/* MSG_NOSIGNAL: a SIGPIPE raised here would be the server thread's; an
	 * EPIPE is redone on the vCPU thread, which raises it where Linux does.
	 * (A pipe raises it anyway: it stays pending on the server thread, which
	 * blocks every signal, and reaches nobody.) */
	fsio_nowait = pipe ? FSIO_NOWAIT_RWF : is_send ? MSG_DONTWAIT | MSG_NOSIGNAL | eor : MSG_DONTWAIT;
	long r = syscall_dispatch(t, nr, a);
	fsio_nowait = 0;
	if (pipe && r == -EOPNOTSUPP)
		return SYSCALL_XPORT_BLOCKS; /* a kernel without RWF_NOWAIT for pipes */
	if (r == -EPIPE && is_send && !(gflags & MSG_NOSIGNAL))
		return SYSCALL_XPORT_BLOCKS;
	if (!blocking)
		return r;
	if (r == -EAGAIN)
		return SYSCALL_XPORT_BLOCKS;
	/* Linux's blocking stream send (or MSG_WAITALL receive) goes on until
	 * all is moved: the vCPU thread moves the rest. */
	uint64_t want = a[2] > (uint64_t)FSIO_MAX_RW_COUNT ? (uint64_t)FSIO_MAX_RW_COUNT : a[2];
	if (stream && single_buffer(nr) && r > 0 && (uint64_t)r < want && (is_send || (gflags & MSG_WAITALL))) {
		*done = (uint64_t)r;
		return SYSCALL_XPORT_BLOCKS;
	}
	return r;
}

long syscall_finish_rest(struct thread *t, uint64_t nr, const uint64_t *a, uint64_t done)
{
	/* A signal that came meanwhile ends the call with what was moved, as
	 * it would have ended Linux's wait. */
	if (__atomic_load_n(&t->pending, __ATOMIC_ACQUIRE) & ~t->blocked)
		return (long)done;
	uint64_t b[6] = {a[0], a[1] + done, a[2] - done, a[3], a[4], a[5]};
	long r = syscall_dispatch(t, nr, b);
	return r >= 0 ? (long)done + r : (long)done;
}
