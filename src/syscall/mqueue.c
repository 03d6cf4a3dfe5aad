/* syscall/mqueue.c: POSIX message queues: the host's queues (an mqd_t is an
 * fd), with names, messages, attributes and notifications copied across. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kernel/hostwait.h"
#include "syscall/syscall.h"

/* struct mq_attr as the kernel has it (x86_64). */
struct k_mq_attr {
	int64_t mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs, reserved[4];
};

/* struct sigevent as the kernel reads it for mq_notify (x86_64). */
struct k_sigevent {
	uint64_t value;
	int32_t signo, notify;
	int32_t tid;
	int32_t pad[11];
};
_Static_assert(sizeof(struct k_sigevent) == 64, "struct sigevent is 64 bytes");

#define NOTIFY_COOKIE_LEN 32

static long copy_name(struct thread *t, uint64_t gva, char *name, size_t size)
{
	long n = guest_strncpy(t_mm(t), name, gva, size);
	return n < 0 ? n : 0;
}

SYSCALL_DEFINE(mq_open)
{
	char name[NAME_MAX + 2];
	long e = copy_name(t, a[0], name, sizeof name);
	if (e)
		return e;
	struct k_mq_attr attr;
	if (a[3] && guest_read(t_mm(t), a[3], &attr, sizeof attr) < 0)
		return -EFAULT;
	long fd = host_ret(syscall(SYS_mq_open, name, (int)a[1], (mode_t)a[2], a[3] ? &attr : NULL));
	return fd < 0 ? fd : fd_result(t->proc, (int)fd);
}

SYSCALL_DEFINE(mq_unlink)
{
	char name[NAME_MAX + 2];
	long e = copy_name(t, a[0], name, sizeof name);
	if (e)
		return e;
	return host_ret(syscall(SYS_mq_unlink, name));
}

/* The queue's message size, or -errno (EBADF for what is no queue). */
static long queue_msgsize(struct thread *t, int mqd)
{
	if (fd_check(t->proc, mqd) < 0)
		return -EBADF;
	struct k_mq_attr attr;
	long r = host_ret(syscall(SYS_mq_getsetattr, mqd, NULL, &attr));
	return r < 0 ? r : attr.mq_msgsize;
}

static long read_timeout(struct thread *t, uint64_t gva, struct timespec *ts)
{
	return gva && guest_read(t_mm(t), gva, ts, sizeof *ts) < 0 ? -EFAULT : 0;
}

/* The message travels in a host buffer. When it cannot (no queue, too
 * long, unreadable), the host gets no buffer and answers with its own
 * checks, in Linux's order (priority, fd, size, then EFAULT). */
/* What send and receive start with: the timeout (a[4]) and the queue's
 * message size (-1: no queue; the host answers). 0 or -EFAULT. */
static long mq_begin(struct thread *t, const uint64_t *a, struct timespec *ts, long *msgsize)
{
	long r = read_timeout(t, a[4], ts);
	if (r == 0)
		*msgsize = queue_msgsize(t, (int)a[0]);
	return r;
}

SYSCALL_DEFINE(mq_timedsend)
{
	int mqd = (int)a[0];
	size_t len = (size_t)a[2];
	struct timespec ts;
	long msgsize, r = mq_begin(t, a, &ts, &msgsize);
	if (r)
		return r;
	char *buf = NULL;
	if (msgsize >= 0 && len <= (size_t)msgsize) {
		buf = malloc(len ? len : 1);
		if (!buf)
			return -ENOMEM;
		if (guest_read(t_mm(t), a[1], buf, len) < 0) {
			free(buf);
			buf = NULL;
		}
	}
	r = host_wait(SYS_mq_timedsend, mqd, buf, len, (unsigned)a[3], a[4] ? &ts : NULL);
	free(buf);
	return r;
}

SYSCALL_DEFINE(mq_timedreceive)
{
	int mqd = (int)a[0];
	size_t len = (size_t)a[2];
	struct timespec ts;
	long msgsize, r = mq_begin(t, a, &ts, &msgsize);
	if (r)
		return r;
	if (msgsize < 0 || len < (size_t)msgsize)
		return host_ret(syscall(SYS_mq_timedreceive, mqd, NULL, len, NULL, a[4] ? &ts : NULL));
	/* A longer buffer than the message size only needs the message size. */
	char *buf = malloc(msgsize ? (size_t)msgsize : 1);
	if (!buf)
		return -ENOMEM;
	unsigned prio = 0;
	r = host_wait(SYS_mq_timedreceive, mqd, buf, (size_t)msgsize, &prio, a[4] ? &ts : NULL);
	if (r >= 0 && (guest_write(t_mm(t), a[1], buf, (size_t)r) < 0 ||
		       (a[3] && guest_write(t_mm(t), a[3], &prio, sizeof prio) < 0)))
		r = -EFAULT; /* the message is gone, as on Linux */
	free(buf);
	return r;
}

SYSCALL_DEFINE(mq_notify)
{
	struct k_sigevent ev;
	char cookie[NOTIFY_COOKIE_LEN];
	if (!a[1])
		return host_ret(syscall(SYS_mq_notify, (int)a[0], NULL));
	if (guest_read(t_mm(t), a[1], &ev, sizeof ev) < 0)
		return -EFAULT;
	if (ev.notify == SIGEV_THREAD) {
		/* glibc's helper thread: signo is a netlink socket and the value
		 * points to the cookie the kernel copies now. */
		if (guest_read(t_mm(t), ev.value, cookie, sizeof cookie) < 0)
			return -EFAULT;
		ev.value = (uint64_t)(uintptr_t)cookie;
	}
	return host_ret(syscall(SYS_mq_notify, (int)a[0], &ev));
}

SYSCALL_DEFINE(mq_getsetattr)
{
	struct k_mq_attr nw, old;
	if (a[1] && guest_read(t_mm(t), a[1], &nw, sizeof nw) < 0)
		return -EFAULT;
	long r = host_ret(syscall(SYS_mq_getsetattr, (int)a[0], a[1] ? &nw : NULL, a[2] ? &old : NULL));
	if (r == 0 && a[2] && guest_write(t_mm(t), a[2], &old, sizeof old) < 0)
		return -EFAULT;
	return r;
}
