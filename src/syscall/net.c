/* syscall/net.c: sockets: creation, addresses, connection set-up, data transfer with msghdr/cmsg marshalling, mmsg. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "fs/fuse/fuse.h"
#include "fs/path.h"
#include "kernel/hostwait.h"
#include "syscall/fsio.h"
#include "syscall/net.h"

#define GUEST_UIO_MAXIOV 1024 /* Linux's UIO_MAXIOV */
#define HOST_IOV 1024	 /* host iovecs per message */
#define MMSG_IOV 8192	 /* host iovecs for one sendmmsg/recvmmsg call */
#define CTL_MAX (256 << 10) /* control buffers beyond this: ENOBUFS (Linux's optmem limit is lower) */
#define GUARD_LEN (8UL << 20)

#ifndef AF_XDP
#define AF_XDP 44
#endif

/* x86_64 struct user_msghdr: the guest's layout (and the host's). */
struct k_msghdr {
	uint64_t name;
	int32_t namelen;
	int32_t pad;
	uint64_t iov;
	uint64_t iovlen;
	uint64_t control;
	uint64_t controllen;
	int32_t flags;
	int32_t pad2;
};
_Static_assert(sizeof(struct k_msghdr) == 56, "x86_64 msghdr");

struct k_mmsghdr {
	struct k_msghdr hdr;
	uint32_t len;
	uint32_t pad;
};
_Static_assert(sizeof(struct k_mmsghdr) == 64, "x86_64 mmsghdr");

struct gseg {
	uint64_t base, len;
};

/* ---- addresses ---- */

/* Linux's move_addr_to_kernel: a negative or oversized length is EINVAL
 * and an unreadable address EFAULT; both are produced by the host itself
 * (same kind of argument) so that its fd checks keep their place. Returns
 * the host pointer to hand over. */
static void *addr_in(struct thread *t, uint64_t gva, int len, struct sockaddr_storage *ss)
{
	if (len < 0 || len > (int)sizeof *ss || len == 0)
		return ss;
	if (guest_read(t_mm(t), gva, ss, (size_t)len) < 0)
		return FSIO_KERNEL_PTR;
	return ss;
}

/* Linux's move_addr_to_user: klen bytes of address, truncated to the
 * guest's buffer length read from ulen; the full length written back. */
static int addr_out(struct thread *t, const struct sockaddr_storage *ss, int klen, uint64_t uaddr, uint64_t ulen)
{
	struct sockaddr_storage named;
	if (klen > 0 && klen <= (int)sizeof named && ss->ss_family == AF_UNIX) {
		/* A socket bound in a FUSE directory goes by the name its guest gave. */
		memcpy(&named, ss, (size_t)klen);
		socklen_t nl = (socklen_t)klen;
		if (fuse_unix_name(&named, &nl)) {
			ss = &named;
			klen = (int)nl;
		}
	}
	int32_t len;
	if (guest_read(t_mm(t), ulen, &len, sizeof len) < 0)
		return -EFAULT;
	if (len > klen)
		len = klen;
	if (len < 0)
		return -EINVAL;
	if (len && guest_write(t_mm(t), uaddr, ss, (size_t)len) < 0)
		return -EFAULT;
	int32_t k = klen;
	if (guest_write(t_mm(t), ulen, &k, sizeof k) < 0)
		return -EFAULT;
	return 0;
}

/* ---- guest buffers as host iovecs ---- */

/* Linux's import_iovec checks, done before any I/O: a negative length is
 * EINVAL, a range outside user space EFAULT. On a bad segment, *bad gets
 * a host iovec of the same kind (the host then gives the errno in its own
 * order) and 1 is returned. Lengths are capped at MAX_RW_COUNT in total. */
static int segs_check(struct gseg *seg, size_t nseg, struct iovec *bad)
{
	for (size_t i = 0; i < nseg; i++)
		if ((int64_t)seg[i].len < 0) {
			bad->iov_base = fsio_guard();
			bad->iov_len = seg[i].len;
			return 1;
		}
	uint64_t total = 0;
	for (size_t i = 0; i < nseg; i++) {
		if (seg[i].base + seg[i].len < seg[i].base || seg[i].base + seg[i].len > TASK_SIZE) {
			bad->iov_base = FSIO_KERNEL_PTR;
			bad->iov_len = seg[i].len;
			return 1;
		}
		if (seg[i].len > (uint64_t)FSIO_MAX_RW_COUNT - total)
			seg[i].len = (uint64_t)FSIO_MAX_RW_COUNT - total;
		total += seg[i].len;
	}
	return 0;
}

/* Describe the guest segments, from byte `from` on, as at most max host
 * iovecs. Inaccessible memory becomes the guard range, so the host stops
 * (short count or EFAULT) exactly where Linux would. *bytes: described;
 * *more: 1 when iovecs ran out before the end (another chunk follows). */
static int segs_iov(struct mm *mm, const struct gseg *seg, size_t nseg, uint64_t from, int prot, struct iovec *iov,
		    int max, uint64_t *bytes, int *more)
{
	int n = 0;
	uint64_t b = 0;
	*more = 0;
	for (size_t i = 0; i < nseg; i++) {
		uint64_t base = seg[i].base, len = seg[i].len;
		if (from >= len) {
			from -= len;
			continue;
		}
		base += from;
		len -= from;
		from = 0;
		if (n == max) {
			*more = 1;
			break;
		}
		size_t covered = 0;
		int k = guest_iovec(mm, base, len, prot, iov + n, max - n, &covered);
		if (k > 0)
			n += k;
		else
			covered = 0;
		b += covered;
		if (covered < len) {
			if (k > 0 && n == max) {
				*more = 1;
				break;
			}
			if (n < max) {
				iov[n].iov_base = fsio_guard();
				iov[n].iov_len = len - covered < GUARD_LEN ? len - covered : GUARD_LEN;
				b += iov[n].iov_len;
				n++;
			}
			break;
		}
	}
	*bytes = b;
	return n;
}

/* ---- one guest msghdr as a host msghdr ---- */

struct hmsg {
	struct msghdr m;
	struct sockaddr_storage name;
	struct iovec bad;   /* a replicated bad iovec (see segs_check) */
	struct gseg *seg;   /* the guest iovecs (capped), for chunked sends */
	size_t nseg;
	uint64_t total;	    /* bytes the guest asked for */
	uint64_t described; /* bytes the host iovecs describe */
	int more;	    /* iovecs ran out before the end */
	char *ctl;	    /* host control buffer (malloc), or NULL */
	uint64_t g_name, g_ctl, g_ctllen;
};

static void hmsg_free(struct hmsg *h)
{
	free(h->seg);
	free(h->ctl);
	h->seg = NULL;
	h->ctl = NULL;
}

/* SCM_RIGHTS the guest sends must name guest fds. */
static int cmsg_check_fds(struct thread *t, const char *ctl, size_t len)
{
	size_t off = 0;
	while (off + sizeof(struct cmsghdr) <= len) {
		const struct cmsghdr *c = (const struct cmsghdr *)(ctl + off);
		if (c->cmsg_len < sizeof(struct cmsghdr) || c->cmsg_len > len - off)
			return 0; /* malformed: the host says EINVAL */
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			size_t nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			const int *fds = (const int *)CMSG_DATA(c);
			for (size_t i = 0; i < nfd; i++) {
				int fd;
				memcpy(&fd, fds + i, sizeof fd);
				if (fd_check(t->proc, fd))
					return -EBADF;
			}
		}
		off += CMSG_ALIGN(c->cmsg_len);
	}
	return 0;
}

/* Build h from the guest msghdr g. is_send: name and control are read
 * (and SCM_RIGHTS checked); else buffers are set up for the host to fill.
 * Returns 0 or -errno for errors Linux gives whatever the fd is. */
static int hmsg_build(struct thread *t, const struct k_msghdr *g, int is_send, struct iovec *iov, int max_iov,
		      struct hmsg *h)
{
	memset(&h->m, 0, sizeof h->m);
	h->seg = NULL;
	h->ctl = NULL;
	h->nseg = 0;
	h->total = h->described = 0;
	h->more = 0;
	h->g_name = g->name;
	h->g_ctl = g->control;
	h->g_ctllen = g->controllen;
	h->m.msg_flags = g->flags;

	/* name: the host applies the < 0 and clamp rules to the length given. */
	int namelen = g->name ? g->namelen : 0;
	if (namelen > (int)sizeof h->name)
		namelen = (int)sizeof h->name;
	if (g->name && (namelen || !is_send)) {
		/* recv: the address goes to a buffer of the host's choosing and
		 * then to the guest, truncated to the guest's msg_namelen. */
		h->m.msg_name = &h->name;
		h->m.msg_namelen = is_send ? (socklen_t)namelen : (socklen_t)sizeof h->name;
		if (namelen < 0)
			h->m.msg_namelen = (socklen_t)g->namelen;
		else if (is_send && guest_read(t_mm(t), g->name, &h->name, (size_t)namelen) < 0)
			h->m.msg_name = FSIO_KERNEL_PTR;
	}
	if (namelen < 0)
		return 0; /* the host says EINVAL after its fd checks */

	/* iovecs */
	if (g->iovlen > GUEST_UIO_MAXIOV) {
		h->m.msg_iov = NULL;
		h->m.msg_iovlen = g->iovlen; /* EMSGSIZE from the host */
		return 0;
	}
	if (g->iovlen) {
		h->seg = malloc(g->iovlen * sizeof *h->seg);
		if (!h->seg)
			return -ENOMEM;
		if (guest_read(t_mm(t), g->iov, h->seg, g->iovlen * sizeof *h->seg) < 0) {
			h->m.msg_iov = FSIO_KERNEL_PTR;
			h->m.msg_iovlen = g->iovlen;
			return 0;
		}
		h->nseg = g->iovlen;
		for (size_t i = 0; i < h->nseg; i++)
			h->total += h->seg[i].len;
		if (segs_check(h->seg, h->nseg, &h->bad)) {
			h->m.msg_iov = &h->bad;
			h->m.msg_iovlen = 1;
			return 0;
		}
		h->m.msg_iov = iov;
		h->m.msg_iovlen =
		    (size_t)segs_iov(t_mm(t), h->seg, h->nseg, 0, is_send ? GP_READ : GP_WRITE, iov, max_iov, &h->described, &h->more);
	}

	/* control */
	if (g->controllen) {
		if (is_send && g->controllen > 0x7fffffffULL) {
			h->m.msg_control = NULL;
			h->m.msg_controllen = g->controllen; /* ENOBUFS from the host */
			return 0;
		}
		size_t cl = g->controllen > CTL_MAX ? CTL_MAX : g->controllen;
		if (is_send && g->controllen > CTL_MAX)
			return -ENOBUFS;
		h->ctl = calloc(1, cl);
		if (!h->ctl)
			return -ENOMEM;
		h->m.msg_control = h->ctl;
		h->m.msg_controllen = cl;
		if (is_send) {
			if (guest_read(t_mm(t), g->control, h->ctl, cl) < 0) {
				h->m.msg_control = FSIO_KERNEL_PTR;
				return 0;
			}
			int e = cmsg_check_fds(t, h->ctl, cl);
			if (e)
				return e;
		}
	}
	return 0;
}

/* Received SCM_RIGHTS fds become guest fds; those beyond the guest's limit
 * are closed and MSG_CTRUNC set, as Linux does when it cannot install them. */
static void cmsg_recv_fds(struct thread *t, struct msghdr *m)
{
	if (!m->msg_control || m->msg_controllen < sizeof(struct cmsghdr))
		return;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		size_t nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		int *fds = (int *)CMSG_DATA(c);
		size_t kept = 0;
		for (size_t i = 0; i < nfd; i++) {
			int fd;
			memcpy(&fd, fds + i, sizeof fd);
			if (fd_result(t->proc, fd) < 0) {
				m->msg_flags |= MSG_CTRUNC;
				continue;
			}
			memcpy(fds + kept++, &fd, sizeof fd);
		}
		if (kept < nfd)
			c->cmsg_len = CMSG_LEN(kept * sizeof(int));
	}
}

static void cmsg_close_fds(struct msghdr *m)
{
	if (!m->msg_control || m->msg_controllen < sizeof(struct cmsghdr))
		return;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			size_t nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			for (size_t i = 0; i < nfd; i++) {
				int fd;
				memcpy(&fd, (int *)CMSG_DATA(c) + i, sizeof fd);
				close(fd);
			}
		}
}

/* After a successful host recvmsg: name, control (fds translated), and the
 * namelen/controllen/flags fields of the guest msghdr at ghdr. */
static int hmsg_finish_recv(struct thread *t, struct hmsg *h, uint64_t ghdr)
{
	struct mm *mm = t_mm(t);
	int err = 0;
	uint64_t clen = 0;
	if (h->ctl && h->m.msg_control == h->ctl) {
		cmsg_recv_fds(t, &h->m);
		clen = h->m.msg_controllen;
		if (clen && guest_write(mm, h->g_ctl, h->ctl, clen) < 0) {
			cmsg_close_fds(&h->m);
			clen = 0;
			err = -EFAULT;
		}
	}
	if (h->g_name && h->m.msg_name == &h->name) {
		int e = addr_out(t, &h->name, (int)h->m.msg_namelen, h->g_name, ghdr + offsetof(struct k_msghdr, namelen));
		if (e && !err)
			err = e;
	}
	int32_t fl = h->m.msg_flags;
	if (guest_write(mm, ghdr + offsetof(struct k_msghdr, flags), &fl, sizeof fl) < 0 ||
	    guest_write(mm, ghdr + offsetof(struct k_msghdr, controllen), &clen, sizeof clen) < 0)
		err = -EFAULT;
	return err;
}

static int is_stream(int fd)
{
	int type = 0;
	socklen_t l = sizeof type;
	return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &l) == 0 && type == SOCK_STREAM;
}

/* A stream send whose buffers needed more host iovecs than one call takes
 * goes on from where the host stopped, as one Linux send would. */
static long send_rest(struct thread *t, int fd, struct hmsg *h, int flags, long sent, struct iovec *iov)
{
	if (sent < 0 || (uint64_t)sent < h->described || !h->more || !is_stream(fd))
		return sent;
	long total = sent;
	for (;;) {
		struct msghdr m;
		memset(&m, 0, sizeof m);
		uint64_t bytes;
		int more;
		m.msg_iov = iov;
		m.msg_iovlen = (size_t)segs_iov(t_mm(t), h->seg, h->nseg, (uint64_t)total, GP_READ, iov, HOST_IOV, &bytes, &more);
		if (!m.msg_iovlen)
			return total;
		long r = host_wait(SYS_sendmsg, fd, &m, flags);
		if (r < 0)
			return total;
		total += r;
		if ((uint64_t)r < bytes || !more)
			return total;
	}
}

/* ---- creation ---- */

SYSCALL_DEFINE(socket)
{
	int domain = (int)a[0];
	/* AF_XDP shares rings by address with the kernel: no way to give it guest memory. */
	if (domain == AF_XDP)
		return -EAFNOSUPPORT;
	return fd_result(t->proc, (int)host_ret(socket(domain, (int)a[1], (int)a[2])));
}

SYSCALL_DEFINE(socketpair)
{
	int domain = (int)a[0];
	if (domain == AF_XDP)
		return -EAFNOSUPPORT;
	int sv[2];
	if (socketpair(domain, (int)a[1], (int)a[2], sv) < 0)
		return -errno;
	int r0 = fd_result(t->proc, sv[0]);
	int r1 = fd_result(t->proc, sv[1]);
	if (r0 < 0 || r1 < 0) {
		if (r0 >= 0)
			close(r0);
		if (r1 >= 0)
			close(r1);
		return -EMFILE;
	}
	int32_t out[2] = {sv[0], sv[1]};
	if (guest_write(t_mm(t), a[3], out, sizeof out) < 0) {
		close(sv[0]);
		close(sv[1]);
		return -EFAULT;
	}
	return 0;
}

/* ---- AF_UNIX names under a sysroot ----
 * A path name is the guest's: resolve it in the guest's view and hand the
 * host the host path (it must fit sun_path, as on Linux). */
struct unix_res {
	struct fs_res r;
	int held;
	int fuse; /* the name is a socket node of a FUSE mount (fs/fuse/usock.c) */
};

/* fd: the socket; how: FS_PARENT for bind. */
static int unix_addr(struct thread *t, int fd, void *p, socklen_t *len, int how, struct unix_res *u)
{
	u->held = 0;
	u->fuse = 0;
	if (p == FSIO_KERNEL_PTR)
		return 0;
	int f = fuse_unix_addr(t, p, len, how == FS_PARENT ? fd : -1);
	if (f != 0) {
		u->fuse = f > 0;
		return f < 0 ? f : 0;
	}
	if (!fs_sysroot_active(t->proc))
		return 0;
	struct sockaddr_un *sun = p;
	size_t off = offsetof(struct sockaddr_un, sun_path);
	if (*len <= off || *len > sizeof *sun || sun->sun_family != AF_UNIX || sun->sun_path[0] == 0)
		return 0;
	char path[sizeof sun->sun_path + 1];
	size_t n = *len - off;
	memcpy(path, sun->sun_path, n);
	path[n] = 0;
	int e = fs_resolve(t->proc, AT_FDCWD, path, how, &u->r);
	if (e < 0)
		return e;
	u->held = 1;
	const char *hp = fs_res_path(&u->r);
	size_t hl = strlen(hp);
	if (hl >= sizeof sun->sun_path) {
		fs_release(&u->r);
		u->held = 0;
		return -ENAMETOOLONG;
	}
	memcpy(sun->sun_path, hp, hl + 1);
	*len = (socklen_t)(off + hl + 1);
	return 0;
}

/* The host call's result r: a FUSE socket node nobody listens on is
 * ECONNREFUSED (the host has no socket at its name). */
static long unix_release(struct unix_res *u, long r)
{
	if (u->held)
		fs_release(&u->r);
	return u->fuse && r == -ENOENT ? -ECONNREFUSED : r;
}

/* ---- addresses and connection set-up ---- */

static long bind_connect(struct thread *t, const uint64_t *a, int is_bind)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	struct sockaddr_storage ss;
	int len = (int)a[2];
	void *p = addr_in(t, a[1], len, &ss);
	socklen_t sl = (socklen_t)len;
	struct unix_res u;
	int e = unix_addr(t, fd, p, &sl, is_bind ? FS_PARENT : FS_FOLLOW, &u);
	if (e < 0)
		return e;
	long r = is_bind ? host_ret(bind(fd, p, sl)) : host_wait(SYS_connect, fd, p, sl);
	return unix_release(&u, r);
}

SYSCALL_DEFINE(bind) { return bind_connect(t, a, 1); }
SYSCALL_DEFINE(connect) { return bind_connect(t, a, 0); }

SYSCALL_DEFINE(listen)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(listen(fd, (int)a[1]));
}

static long do_accept(struct thread *t, const uint64_t *a, int flags)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	int nfd = (int)host_wait(SYS_accept4, fd, a[1] ? (struct sockaddr *)&ss : NULL, a[1] ? &sl : NULL, flags);
	nfd = fd_result(t->proc, nfd);
	if (nfd < 0)
		return nfd;
	if (a[1]) {
		int e = addr_out(t, &ss, (int)sl, a[1], a[2]);
		if (e < 0) {
			close(nfd); /* Linux drops the connection too */
			return e;
		}
	}
	return nfd;
}

SYSCALL_DEFINE(accept) { return do_accept(t, a, 0); }
SYSCALL_DEFINE(accept4) { return do_accept(t, a, (int)a[3]); }

static long sock_name(struct thread *t, const uint64_t *a, int peer)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	long r = host_ret(peer ? getpeername(fd, (struct sockaddr *)&ss, &sl) : getsockname(fd, (struct sockaddr *)&ss, &sl));
	if (r < 0)
		return r;
	if (sl > sizeof ss)
		sl = sizeof ss;
	/* A path name under a sysroot goes back into the guest's view. */
	struct sockaddr_un *sun = (struct sockaddr_un *)&ss;
	size_t off = offsetof(struct sockaddr_un, sun_path);
	if (ss.ss_family == AF_UNIX && sl > off + 1 && sun->sun_path[0] && fs_sysroot_active(t->proc)) {
		char path[PATH_MAX];
		size_t n = sl - off;
		memcpy(path, sun->sun_path, n);
		path[n] = 0;
		if (fs_host_to_guest(t->proc, path) == 1 && strlen(path) < sizeof sun->sun_path) {
			strcpy(sun->sun_path, path);
			sl = (socklen_t)(off + strlen(path) + 1);
		}
	}
	return addr_out(t, &ss, (int)sl, a[1], a[2]);
}

SYSCALL_DEFINE(getsockname) { return sock_name(t, a, 0); }
SYSCALL_DEFINE(getpeername) { return sock_name(t, a, 1); }

SYSCALL_DEFINE(shutdown)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(shutdown(fd, (int)a[1]));
}

/* ---- data transfer ---- */

SYSCALL_DEFINE(sendto)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	int flags = (int)a[3];
	struct gseg seg = {a[1], a[2]};
	struct iovec iov[HOST_IOV];
	struct hmsg h;
	memset(&h, 0, sizeof h);
	h.seg = &seg;
	h.nseg = 1;
	h.total = seg.len;
	/* A lone buffer: Linux caps it first, then checks the range. */
	if (seg.len > (uint64_t)FSIO_MAX_RW_COUNT)
		seg.len = FSIO_MAX_RW_COUNT;
	struct msghdr *m = &h.m;
	if (seg.base + seg.len < seg.base || seg.base + seg.len > TASK_SIZE) {
		h.bad.iov_base = FSIO_KERNEL_PTR;
		h.bad.iov_len = seg.len;
		m->msg_iov = &h.bad;
		m->msg_iovlen = 1;
	} else {
		m->msg_iov = iov;
		m->msg_iovlen = (size_t)segs_iov(t_mm(t), &seg, 1, 0, GP_READ, iov, HOST_IOV, &h.described, &h.more);
	}
	struct unix_res u = {.held = 0};
	if (a[4]) {
		int len = (int)a[5];
		m->msg_name = addr_in(t, a[4], len, &h.name);
		socklen_t sl = (socklen_t)len;
		int e = unix_addr(t, fd, m->msg_name, &sl, FS_FOLLOW, &u);
		if (e < 0)
			return e;
		m->msg_namelen = sl;
	}
	long r = unix_release(&u, host_wait(SYS_sendmsg, fd, m, flags | fsio_nowait));
	return send_rest(t, fd, &h, flags | fsio_nowait, r, iov);
}

SYSCALL_DEFINE(recvfrom)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	int flags = (int)a[3];
	struct gseg seg = {a[1], a[2]};
	if (seg.len > (uint64_t)FSIO_MAX_RW_COUNT)
		seg.len = FSIO_MAX_RW_COUNT;
	struct iovec iov[HOST_IOV];
	struct iovec bad;
	struct msghdr m;
	memset(&m, 0, sizeof m);
	if (seg.base + seg.len < seg.base || seg.base + seg.len > TASK_SIZE) {
		bad.iov_base = FSIO_KERNEL_PTR;
		bad.iov_len = seg.len;
		m.msg_iov = &bad;
		m.msg_iovlen = 1;
	} else {
		uint64_t bytes;
		int more;
		m.msg_iov = iov;
		m.msg_iovlen = (size_t)segs_iov(t_mm(t), &seg, 1, 0, GP_WRITE, iov, HOST_IOV, &bytes, &more);
	}
	struct sockaddr_storage ss;
	if (a[4]) {
		m.msg_name = &ss;
		m.msg_namelen = sizeof ss;
	}
	long r = host_wait(SYS_recvmsg, fd, &m, flags | fsio_nowait);
	if (r >= 0 && a[4]) {
		int e = addr_out(t, &ss, (int)m.msg_namelen, a[4], a[5]);
		if (e < 0)
			return e;
	}
	return r;
}

SYSCALL_DEFINE(sendmsg)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	int flags = (int)a[2];
	struct k_msghdr g;
	if (guest_read(t_mm(t), a[1], &g, sizeof g) < 0)
		return host_ret(syscall(SYS_sendmsg, fd, FSIO_KERNEL_PTR, flags | fsio_nowait));
	struct iovec iov[HOST_IOV];
	struct hmsg h;
	long r = hmsg_build(t, &g, 1, iov, HOST_IOV, &h);
	struct unix_res u = {.held = 0};
	if (r == 0 && h.m.msg_name == &h.name)
		r = unix_addr(t, fd, &h.name, &h.m.msg_namelen, FS_FOLLOW, &u);
	if (r == 0) {
		r = unix_release(&u, host_wait(SYS_sendmsg, fd, &h.m, flags | fsio_nowait));
		r = send_rest(t, fd, &h, (flags & ~MSG_MORE) | fsio_nowait, r, iov);
	}
	hmsg_free(&h);
	return r;
}

SYSCALL_DEFINE(recvmsg)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	int flags = (int)a[2];
	struct k_msghdr g;
	if (guest_read(t_mm(t), a[1], &g, sizeof g) < 0)
		return host_ret(syscall(SYS_recvmsg, fd, FSIO_KERNEL_PTR, flags | fsio_nowait));
	struct iovec iov[HOST_IOV];
	struct hmsg h;
	long r = hmsg_build(t, &g, 0, iov, HOST_IOV, &h);
	if (r == 0) {
		r = host_wait(SYS_recvmsg, fd, &h.m, flags | fsio_nowait);
		if (r >= 0) {
			int e = hmsg_finish_recv(t, &h, a[1]);
			if (e < 0)
				r = e;
		}
	}
	hmsg_free(&h);
	return r;
}

/* sendmmsg/recvmmsg: one host call over bounce msghdrs, so that batching,
 * MSG_WAITFORONE, the timeout and the error rules are the host's own. */
static long do_mmsg(struct thread *t, const uint64_t *a, int is_send)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	unsigned vlen = (unsigned)a[2];
	int flags = (int)a[3];
	struct timespec ts, *tsp = NULL;
	if (!is_send && a[4]) {
		if (guest_read(t_mm(t), a[4], &ts, sizeof ts) < 0)
			return -EFAULT;
		tsp = &ts;
	}
	if (vlen > GUEST_UIO_MAXIOV)
		vlen = GUEST_UIO_MAXIOV;
	if (vlen == 0)
		return host_ret(is_send ? sendmmsg(fd, NULL, 0, flags)
					: syscall(SYS_recvmmsg, fd, NULL, 0, flags, tsp));
	struct k_mmsghdr *gm = malloc(vlen * sizeof *gm);
	struct mmsghdr *hm = calloc(vlen, sizeof *hm);
	struct hmsg *h = calloc(vlen, sizeof *h);
	struct iovec *pool = malloc(MMSG_IOV * sizeof *pool);
	long ret = 0;
	unsigned n = 0;
	if (!gm || !hm || !h || !pool) {
		ret = -ENOMEM;
		goto out;
	}
	/* Copy what is readable; Linux faults at the first unreadable entry,
	 * which the host reproduces through a kernel pointer there. */
	int pooled = 0;
	int fault_at = -1;
	for (n = 0; n < vlen; n++) {
		if (MMSG_IOV - pooled < HOST_IOV && n > 0)
			break;
		if (guest_read(t_mm(t), a[1] + (uint64_t)n * sizeof *gm, &gm[n], sizeof gm[n]) < 0) {
			fault_at = (int)n;
			break;
		}
		int max = MMSG_IOV - pooled < HOST_IOV ? MMSG_IOV - pooled : HOST_IOV;
		int e = hmsg_build(t, &gm[n].hdr, is_send, pool + pooled, max, &h[n]);
		if (e < 0) {
			hmsg_free(&h[n]);
			if (n == 0) {
				ret = e;
				goto out;
			}
			break;
		}
		if (h[n].m.msg_iov == pool + pooled)
			pooled += (int)h[n].m.msg_iovlen;
		hm[n].msg_hdr = h[n].m;
	}
	if (n == 0 && fault_at == 0) {
		ret = host_ret(is_send ? syscall(SYS_sendmmsg, fd, FSIO_KERNEL_PTR, vlen, flags)
				       : syscall(SYS_recvmmsg, fd, FSIO_KERNEL_PTR, vlen, flags, tsp));
		goto out;
	}
	ret = is_send ? host_wait(SYS_sendmmsg, fd, hm, n, flags) : host_wait(SYS_recvmmsg, fd, hm, n, flags, tsp);
	for (long i = 0; i < ret; i++) {
		uint64_t ge = a[1] + (uint64_t)i * sizeof *gm;
		if (!is_send) {
			h[i].m = hm[i].msg_hdr;
			hmsg_finish_recv(t, &h[i], ge);
		}
		uint32_t l = hm[i].msg_len;
		if (guest_write(t_mm(t), ge + offsetof(struct k_mmsghdr, len), &l, sizeof l) < 0 && i == 0) {
			ret = -EFAULT;
			break;
		}
	}
	/* Linux writes the time left back after receiving something. */
	if (tsp && ret > 0 && guest_write(t_mm(t), a[4], tsp, sizeof *tsp) < 0)
		ret = -EFAULT;
out:
	for (unsigned i = 0; h && i < n; i++)
		hmsg_free(&h[i]);
	free(gm);
	free(hm);
	free(h);
	free(pool);
	return ret;
}

SYSCALL_DEFINE(sendmmsg) { return do_mmsg(t, a, 1); }
SYSCALL_DEFINE(recvmmsg) { return do_mmsg(t, a, 0); }
