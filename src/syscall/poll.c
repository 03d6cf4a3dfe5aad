/* syscall/poll.c: readiness handlers: poll, ppoll, select, pselect6 and the epoll family. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "fs/fuse/fuse.h"
#include "kernel/hostwait.h"
#include "kernel/sigstate.h"
#include "platform/private_fd.h"
#include "syscall/fsio.h"

/* Linux's EP_MAX_EVENTS: INT_MAX / sizeof(struct epoll_event). */
#define EP_MAX_EVENTS (0x7fffffff / 12)
/* Events taken from the host per epoll_wait: fewer than asked is allowed,
 * the rest stay on the ready list for the next call, as on Linux. */
#define EP_BOUNCE 1024

struct k_epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));

_Static_assert(sizeof(struct k_epoll_event) == 12, "x86_64 epoll_event is packed");

/* Guest signals already taken from the host but not yet delivered, which
 * the temporary mask of a ppoll-style call unblocks: the host call cannot
 * see them, so it must not block. */
static int temp_mask_has_pending(struct thread *t)
{
	return (__atomic_load_n(&t->pending, __ATOMIC_ACQUIRE) & ~t->blocked) != 0;
}

/* Read the sigset argument of ppoll/epoll_pwait (size must be 8). Returns
 * 1 when a mask was given, 0 when not, or -errno. */
static int read_sigmask(struct thread *t, uint64_t gva, uint64_t size, guest_sigset_t *out)
{
	if (!gva)
		return 0;
	if (size != sizeof(guest_sigset_t))
		return -EINVAL;
	if (guest_read(t_mm(t), gva, out, sizeof *out) < 0)
		return -EFAULT;
	return 1;
}

/* The optional timeout of ppoll, pselect6 and epoll_pwait2: 0 without one,
 * 1 when read into *ts, or -EFAULT / -EINVAL. */
static int read_timeout(struct thread *t, uint64_t gva, struct timespec *ts)
{
	if (!gva)
		return 0;
	if (guest_read(t_mm(t), gva, ts, sizeof *ts) < 0)
		return -EFAULT;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L)
		return -EINVAL;
	return 1;
}

/* ---- poll, ppoll ---- */

static long poll_limit(struct thread *t)
{
	int lim = t->proc->nofile_cur;
	return lim > 0 ? lim : fd_limit(t->proc);
}

/* /dev/fuse fds are host sockets: a gone connection shows as RDHUP there
 * but as POLLERR alone on Linux. Marks them in devs (NULL: none) and asks
 * the host for RDHUP. */
static char *fuse_dev_mark(struct pollfd *pf, uint64_t nfds)
{
	char *devs = NULL;
	for (uint64_t i = 0; i < nfds; i++) {
		if (pf[i].fd < 0 || !fuse_dev_fd(pf[i].fd))
			continue;
		if (!devs && !(devs = calloc(nfds, 1)))
			return NULL;
		devs[i] = 1 | ((pf[i].events & POLLRDHUP) ? 2 : 0);
		pf[i].events |= POLLRDHUP;
	}
	return devs;
}

static void fuse_dev_fix(struct pollfd *pf, uint64_t nfds, const char *devs)
{
	for (uint64_t i = 0; devs && i < nfds; i++) {
		if (!devs[i])
			continue;
		if (pf[i].revents & (POLLRDHUP | POLLHUP))
			pf[i].revents = POLLERR;
		else if (!(devs[i] & 2))
			pf[i].revents &= (short)~POLLRDHUP;
		if (!(devs[i] & 2))
			pf[i].events &= (short)~POLLRDHUP;
	}
}

/* The core of poll and ppoll. use_ts: tsp is the timeout (ppoll; NULL
 * waits forever), else timeout_ms (poll); mask: a temporary signal mask or NULL. */
static long do_poll(struct thread *t, uint64_t ufds, uint64_t nfds, int timeout_ms, struct timespec *tsp, int use_ts,
		    const guest_sigset_t *mask)
{
	if (nfds > (uint64_t)poll_limit(t))
		return -EINVAL;
	struct pollfd small[64];
	struct pollfd *pf = small;
	if (nfds > 64) {
		pf = malloc(nfds * sizeof *pf);
		if (!pf)
			return -ENOMEM;
	}
	long ret;
	if (nfds && guest_read(t_mm(t), ufds, pf, nfds * sizeof *pf) < 0) {
		ret = -EFAULT;
		goto out;
	}
	/* elfuse's own fds look closed: the host ignores the entry (fd -1),
	 * it reports POLLNVAL, and the call must not block. */
	long nval = 0;
	for (uint64_t i = 0; i < nfds; i++)
		if (pf[i].fd >= 0 && fd_check(t->proc, pf[i].fd))
			nval++;
	struct timespec zero = {0, 0};
	int pend = 0;
	char *devs = fuse_tree_active() ? fuse_dev_mark(pf, nfds) : NULL;
	if (nval) {
		/* The host call is non-blocking: the mask need not be applied. */
		for (uint64_t i = 0; i < nfds; i++)
			if (pf[i].fd >= 0 && fd_check(t->proc, pf[i].fd))
				pf[i].fd = -1 - pf[i].fd; /* remember it (negative: ignored) */
		ret = host_ret(syscall(SYS_ppoll, pf, (unsigned long)nfds, &zero, NULL, 0UL));
	} else if (mask) {
		sigset_t hs;
		sig_host_mask(*mask, &hs);
		sig_temp_mask_begin(t, *mask);
		pend = temp_mask_has_pending(t);
		ret = pend ? host_ret(syscall(SYS_ppoll, pf, (unsigned long)nfds, &zero, &hs, (unsigned long)8))
			   : host_wait(SYS_ppoll, pf, (unsigned long)nfds, tsp, &hs, (unsigned long)8);
		if (ret == 0 && pend)
			ret = -EINTR;
		sig_temp_mask_end(t, ret);
	} else if (use_ts) {
		ret = host_wait(SYS_ppoll, pf, (unsigned long)nfds, tsp, NULL, 0UL);
	} else {
		ret = host_wait(SYS_poll, pf, (unsigned long)nfds, timeout_ms);
	}
	fuse_dev_fix(pf, nfds, devs);
	free(devs);
	if (ret < 0)
		goto out;
	for (uint64_t i = 0; nval && i < nfds; i++)
		if (pf[i].fd < -1 && fd_check(t->proc, -1 - pf[i].fd)) {
			pf[i].fd = -1 - pf[i].fd;
			pf[i].revents = POLLNVAL;
			ret++;
		}
	if (nfds && guest_write(t_mm(t), ufds, pf, nfds * sizeof *pf) < 0)
		ret = -EFAULT;
out:
	if (pf != small)
		free(pf);
	return ret;
}

SYSCALL_DEFINE(poll) { return do_poll(t, a[0], a[1], (int)a[2], NULL, 0, NULL); }

SYSCALL_DEFINE(ppoll)
{
	struct timespec ts;
	int ht = read_timeout(t, a[2], &ts);
	if (ht < 0)
		return ht;
	struct timespec *tsp = ht ? &ts : NULL;
	guest_sigset_t m;
	int hm = read_sigmask(t, a[3], a[4], &m);
	if (hm < 0)
		return hm;
	long ret = do_poll(t, a[0], a[1], 0, tsp, 1, hm ? &m : NULL);
	/* Linux writes back the time left (a failed write is ignored). */
	if (tsp && (ret >= 0 || ret == -EINTR))
		guest_write(t_mm(t), a[2], tsp, sizeof *tsp);
	return ret;
}

/* ---- select, pselect6 ---- */

#define FDS_BYTES(n) ((((uint64_t)(n) + 63) / 64) * 8)

/* The core of select and pselect6; ts is the host timespec or NULL. */
static long do_select(struct thread *t, int64_t n, const uint64_t *sets, struct timespec *ts, const guest_sigset_t *mask)
{
	if (n < 0)
		return -EINVAL;
	/* The host's own table ends with elfuse's range: bits beyond it are
	 * ignored (Linux's max_fds clamp), bits inside it are not guest fds. */
	int64_t top = (int64_t)private_fd_base + 64;
	if (n > top)
		n = top;
	uint64_t bytes = FDS_BYTES(n);
	uint64_t *buf[3] = {NULL, NULL, NULL};
	long ret = 0;
	for (int i = 0; i < 3; i++) {
		if (!sets[i])
			continue;
		buf[i] = calloc(1, bytes ? bytes : 8);
		if (!buf[i]) {
			ret = -ENOMEM;
			goto out;
		}
		if (bytes && guest_read(t_mm(t), sets[i], buf[i], bytes) < 0) {
			ret = -EFAULT;
			goto out;
		}
	}
	/* Any bit for elfuse's fds (not below n's bound, which the host clamps): EBADF. */
	for (int i = 0; i < 3; i++)
		for (int64_t fd = private_fd_base; buf[i] && fd < n; fd++)
			if (buf[i][fd / 64] & (1ULL << (fd % 64))) {
				ret = -EBADF;
				goto out;
			}
	struct timespec zero = {0, 0};
	if (mask) {
		sigset_t hs;
		sig_host_mask(*mask, &hs);
		struct {
			const sigset_t *ss;
			size_t len;
		} sm = {&hs, 8};
		sig_temp_mask_begin(t, *mask);
		int pend = temp_mask_has_pending(t);
		ret = pend ? host_ret(syscall(SYS_pselect6, (int)n, buf[0], buf[1], buf[2], &zero, &sm))
			   : host_wait(SYS_pselect6, (int)n, buf[0], buf[1], buf[2], ts, &sm);
		if (ret == 0 && pend)
			ret = -EINTR;
		sig_temp_mask_end(t, ret);
	} else {
		ret = host_wait(SYS_pselect6, (int)n, buf[0], buf[1], buf[2], ts, NULL);
	}
	if (ret < 0)
		goto out;
	for (int i = 0; i < 3; i++)
		if (buf[i] && bytes && guest_write(t_mm(t), sets[i], buf[i], bytes) < 0) {
			ret = -EFAULT;
			break;
		}
out:
	for (int i = 0; i < 3; i++)
		free(buf[i]);
	return ret;
}

SYSCALL_DEFINE(select)
{
	struct timespec ts, *tsp = NULL;
	struct timeval tv;
	if (a[4]) {
		if (guest_read(t_mm(t), a[4], &tv, sizeof tv) < 0)
			return -EFAULT;
		/* Linux folds whole seconds out of tv_usec (its sum wraps, without
		 * C's undefined behaviour here), then refuses a negative result. */
		ts.tv_sec = (time_t)((uint64_t)tv.tv_sec + (uint64_t)(tv.tv_usec / 1000000));
		ts.tv_nsec = (tv.tv_usec % 1000000) * 1000;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0)
			return -EINVAL;
		tsp = &ts;
	}
	int was_zero = tsp && ts.tv_sec == 0 && ts.tv_nsec == 0;
	uint64_t sets[3] = {a[1], a[2], a[3]};
	long ret = do_select(t, (int64_t)(int)a[0], sets, tsp, NULL);
	/* select modifies the timeval: the time left (none for a zero timeout). */
	if (tsp && !was_zero && (ret >= 0 || ret == -EINTR)) {
		tv.tv_sec = ts.tv_sec;
		tv.tv_usec = ts.tv_nsec / 1000;
		guest_write(t_mm(t), a[4], &tv, sizeof tv);
	}
	return ret;
}

SYSCALL_DEFINE(pselect6)
{
	struct timespec ts;
	int ht = read_timeout(t, a[4], &ts);
	if (ht < 0)
		return ht;
	struct timespec *tsp = ht ? &ts : NULL;
	guest_sigset_t m;
	int hm = 0;
	if (a[5]) {
		struct {
			uint64_t ss, len;
		} sm;
		if (guest_read(t_mm(t), a[5], &sm, sizeof sm) < 0)
			return -EFAULT;
		hm = read_sigmask(t, sm.ss, sm.len, &m);
		if (hm < 0)
			return hm;
	}
	uint64_t sets[3] = {a[1], a[2], a[3]};
	long ret = do_select(t, (int64_t)(int)a[0], sets, tsp, hm ? &m : NULL);
	if (tsp && (ret >= 0 || ret == -EINTR))
		guest_write(t_mm(t), a[4], tsp, sizeof *tsp);
	return ret;
}

/* ---- epoll ---- */

SYSCALL_DEFINE(epoll_create)
{
	if ((int)a[0] <= 0)
		return -EINVAL;
	return fd_result(t->proc, (int)host_ret(epoll_create1(0)));
}

SYSCALL_DEFINE(epoll_create1) { return fd_result(t->proc, (int)host_ret(epoll_create1((int)a[0]))); }

/* /dev/fuse fds in epoll sets: Linux's device reports EPOLLERR alone once
 * the connection is gone, where the socket behind it shows a hang-up. Such
 * a registration carries a random tag as its host data; the wait puts the
 * guest's data back and turns the hang-up into EPOLLERR. */
#define DEV_TAGS 64
static struct dev_tag {
	int epfd, fd;
	uint64_t tag, data;
	uint32_t want_rdhup;
} dev_tags[DEV_TAGS];
static pthread_mutex_t dev_tags_lock = PTHREAD_MUTEX_INITIALIZER;

static struct dev_tag *dev_tag_find(int epfd, int fd)
{
	for (int i = 0; i < DEV_TAGS; i++)
		if (dev_tags[i].tag && dev_tags[i].epfd == epfd && dev_tags[i].fd == fd)
			return &dev_tags[i];
	return NULL;
}

/* epoll_ctl of a /dev/fuse fd: ev becomes the tagged host event. */
static void dev_tag_ctl(int epfd, int op, int fd, struct k_epoll_event *ev)
{
	pthread_mutex_lock(&dev_tags_lock);
	struct dev_tag *d = dev_tag_find(epfd, fd);
	if (op == EPOLL_CTL_DEL) {
		if (d)
			d->tag = 0;
	} else {
		for (int i = 0; !d && i < DEV_TAGS; i++)
			if (!dev_tags[i].tag)
				d = &dev_tags[i];
		if (d) { /* (a full table leaves the hang-up untranslated) */
			uint64_t tag = 0;
			while (!tag)
				if (getrandom(&tag, sizeof tag, 0) != sizeof tag)
					tag = (uint64_t)(uintptr_t)d ^ 0x5a5a5a5a5a5a5a5aULL;
			*d = (struct dev_tag){epfd, fd, tag, ev->data, (ev->events & EPOLLRDHUP) != 0};
			ev->data = tag;
			ev->events |= EPOLLRDHUP;
		}
	}
	pthread_mutex_unlock(&dev_tags_lock);
}

static void dev_tag_fix(int epfd, struct k_epoll_event *ev, long n)
{
	pthread_mutex_lock(&dev_tags_lock);
	for (long k = 0; k < n; k++)
		for (int i = 0; i < DEV_TAGS; i++) {
			struct dev_tag *d = &dev_tags[i];
			if (!d->tag || d->epfd != epfd || d->tag != ev[k].data)
				continue;
			ev[k].data = d->data;
			if (ev[k].events & (EPOLLRDHUP | EPOLLHUP))
				ev[k].events = EPOLLERR;
			else if (!d->want_rdhup)
				ev[k].events &= ~(uint32_t)EPOLLRDHUP;
			break;
		}
	pthread_mutex_unlock(&dev_tags_lock);
}

SYSCALL_DEFINE(epoll_ctl)
{
	int epfd = arg_fd(a[0]), op = (int)a[1], fd = arg_fd(a[2]);
	struct k_epoll_event ev;
	memset(&ev, 0, sizeof ev);
	/* Linux copies the event before looking at the fds. */
	if (op != EPOLL_CTL_DEL && guest_read(t_mm(t), a[3], &ev, sizeof ev) < 0)
		return -EFAULT;
	FSIO_CHECK_FD(t, epfd);
	FSIO_CHECK_FD(t, fd);
	int dev = fuse_tree_active() && fuse_dev_fd(fd);
	if (dev)
		dev_tag_ctl(epfd, op, fd, &ev);
	long r = host_ret(syscall(SYS_epoll_ctl, epfd, op, fd, op == EPOLL_CTL_DEL ? NULL : &ev));
	if (r < 0 && dev && op == EPOLL_CTL_ADD) {
		/* (the host refused: the registration was not made) */
		pthread_mutex_lock(&dev_tags_lock);
		struct dev_tag *d = dev_tag_find(epfd, fd);
		if (d && d->tag == ev.data)
			d->tag = 0;
		pthread_mutex_unlock(&dev_tags_lock);
	}
	return r;
}

/* A timeout in whole milliseconds, rounded up (-1: none), for hosts without epoll_pwait2. */
static int ms_of(const struct timespec *ts)
{
	return !ts ? -1 : (int)(ts->tv_sec * 1000 + (ts->tv_nsec + 999999) / 1000000);
}

/* The core of the epoll_wait family; exactly one of ts (epoll_pwait2) and
 * timeout_ms is used (ts_given). */
static long do_epoll_wait(struct thread *t, const uint64_t *a, int timeout_ms, struct timespec *ts, int ts_given,
			  const guest_sigset_t *mask)
{
	int epfd = arg_fd(a[0]);
	int maxevents = (int)a[2];
	if (maxevents <= 0 || maxevents > EP_MAX_EVENTS)
		return -EINVAL;
	uint64_t len = (uint64_t)maxevents * sizeof(struct k_epoll_event);
	if (a[1] + len < a[1] || a[1] + len > TASK_SIZE)
		return -EFAULT;
	FSIO_CHECK_FD(t, epfd);
	int n = maxevents < EP_BOUNCE ? maxevents : EP_BOUNCE;
	struct k_epoll_event *ev = malloc((size_t)n * sizeof *ev);
	if (!ev)
		return -ENOMEM;
	long ret;
	if (mask) {
		sigset_t hs;
		sig_host_mask(*mask, &hs);
		sig_temp_mask_begin(t, *mask);
		int pend = temp_mask_has_pending(t);
		if (pend)
			ret = host_ret(syscall(SYS_epoll_pwait, epfd, ev, n, 0, &hs, (unsigned long)8));
		else if (ts_given)
			ret = host_wait(SYS_epoll_pwait2, epfd, ev, n, ts, &hs, (unsigned long)8);
		else
			ret = host_wait(SYS_epoll_pwait, epfd, ev, n, timeout_ms, &hs, (unsigned long)8);
		if (ret == -ENOSYS) /* host before 5.11: millisecond timeout */
			ret = host_wait(SYS_epoll_pwait, epfd, ev, n, ms_of(ts), &hs, (unsigned long)8);
		if (ret == 0 && pend)
			ret = -EINTR;
		sig_temp_mask_end(t, ret);
	} else if (ts_given) {
		ret = host_wait(SYS_epoll_pwait2, epfd, ev, n, ts, NULL, 0UL);
		if (ret == -ENOSYS)
			ret = host_wait(SYS_epoll_pwait, epfd, ev, n, ms_of(ts), NULL, 0UL);
	} else {
		ret = host_wait(SYS_epoll_wait, epfd, ev, n, timeout_ms);
	}
	if (ret > 0 && fuse_tree_active())
		dev_tag_fix(epfd, ev, ret);
	if (ret > 0 && guest_write(t_mm(t), a[1], ev, (size_t)ret * sizeof *ev) < 0)
		ret = -EFAULT;
	free(ev);
	return ret;
}

SYSCALL_DEFINE(epoll_wait) { return do_epoll_wait(t, a, (int)a[3], NULL, 0, NULL); }

SYSCALL_DEFINE(epoll_pwait)
{
	guest_sigset_t m;
	int hm = read_sigmask(t, a[4], a[5], &m);
	if (hm < 0)
		return hm;
	return do_epoll_wait(t, a, (int)a[3], NULL, 0, hm ? &m : NULL);
}

SYSCALL_DEFINE(epoll_pwait2)
{
	struct timespec ts;
	int ht = read_timeout(t, a[3], &ts);
	if (ht < 0)
		return ht;
	struct timespec *tsp = ht ? &ts : NULL;
	guest_sigset_t m;
	int hm = read_sigmask(t, a[4], a[5], &m);
	if (hm < 0)
		return hm;
	return do_epoll_wait(t, a, 0, tsp, 1, hm ? &m : NULL);
}
