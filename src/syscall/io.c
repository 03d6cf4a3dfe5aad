/* syscall/io.c: data transfer and fd handlers: read/write families, pipes, dup/close/fcntl, splice family, sync. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fs/procfs.h"
#include "kernel/fdtable.h"
#include "kernel/hostwait.h"
#include "platform/private_fd.h"
#include "syscall/fsio.h"

#define HOST_IOV 1024	   /* the host's IOV_MAX */
#define GUEST_IOV_MAX 1024 /* Linux's UIO_MAXIOV */
/* One host call moves at most this much; reads go on only for regular
 * files, writes go on (a blocking write would have waited anyway). */
#define IO_CHUNK (8UL << 20)

/* ---- guard: a PROT_NONE host range standing in for inaccessible guest memory ----
 * A guest buffer that is (partly) not accessible is handed to the host with
 * its accessible prefix followed by this range, so the host kernel itself
 * decides what Linux would: a short count, EFAULT, 0 at end of file, EISDIR,
 * or blocking on an empty pipe, in its usual order of checks. */
static void *guard_base;
static pthread_once_t guard_once = PTHREAD_ONCE_INIT;

static void guard_init(void)
{
	void *g = mmap(NULL, IO_CHUNK, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	/* Without it, the kernel half still gives EFAULT, only not 0-at-EOF. */
	guard_base = g == MAP_FAILED ? FSIO_KERNEL_PTR : g;
}

void *fsio_guard(void)
{
	pthread_once(&guard_once, guard_init);
	return guard_base;
}

/* ---- a guest I/O request as host iovecs ---- */
struct gseg {
	uint64_t base, len;
};

struct gio {
	struct mm *mm;
	const struct gseg *seg;
	size_t nseg;
	int prot;	  /* GP_WRITE: the host writes into guest memory (a read) */
	size_t idx;	  /* current segment */
	uint64_t done_in; /* bytes of seg[idx] already handed out */
	uint64_t left;	  /* bytes of the request not handed out yet (after Linux's cap) */
	int stop;	  /* a fault ended the request */
};

static void gio_init(struct gio *g, struct mm *mm, const struct gseg *seg, size_t nseg, int prot)
{
	g->mm = mm;
	g->seg = seg;
	g->nseg = nseg;
	g->prot = prot;
	g->idx = 0;
	g->done_in = 0;
	g->stop = 0;
	uint64_t total = 0;
	for (size_t i = 0; i < nseg; i++) {
		total += seg[i].len;
		if (total > (uint64_t)FSIO_MAX_RW_COUNT) {
			total = FSIO_MAX_RW_COUNT;
			break;
		}
	}
	g->left = total;
}

/* Fill iov with the next chunk of the request; returns the bytes described
 * (guard included) and the iovec count in *niov. */
static size_t gio_next(struct gio *g, struct iovec *iov, int *niov, size_t chunk)
{
	size_t bytes = 0;
	int n = 0;
	while (g->idx < g->nseg && !g->stop && g->left && bytes < chunk && n < HOST_IOV) {
		const struct gseg *s = &g->seg[g->idx];
		uint64_t rem = s->len - g->done_in;
		if (rem == 0) {
			g->idx++;
			g->done_in = 0;
			continue;
		}
		if (rem > g->left)
			rem = g->left;
		if (rem > chunk - bytes)
			rem = chunk - bytes;
		size_t covered = 0;
		int k = guest_iovec(g->mm, s->base + g->done_in, rem, g->prot, iov + n, HOST_IOV - n, &covered);
		size_t c = 0;
		for (int i = 0; k > 0 && i < k; i++)
			c += iov[n + i].iov_len;
		if (k > 0)
			n += k;
		bytes += c;
		g->done_in += c;
		g->left -= c;
		if (c < rem) {
			if (k >= 0 && n == HOST_IOV)
				break; /* out of host iovecs: the next chunk goes on from here */
			/* Inaccessible from here on: the guard makes the host stop there. */
			size_t gl = rem - c < IO_CHUNK ? rem - c : IO_CHUNK;
			if (n < HOST_IOV) {
				iov[n].iov_base = fsio_guard();
				iov[n].iov_len = gl;
				n++;
				bytes += gl;
			}
			g->stop = 1;
		}
	}
	*niov = n;
	return bytes;
}

enum posmode {
	POS_NONE, /* read/readv: the file position */
	POS_AT,	  /* pread/preadv: explicit offset, advanced per chunk */
	POS_V2,	  /* preadv2/pwritev2: offset (-1: the file position) and RWF flags */
};

static long host_xfer(int fd, const struct iovec *iov, int n, int is_write, enum posmode pm, int64_t pos, int rwf)
{
	static char zero_buf[1];
	long r;
	if (fsio_nowait == FSIO_NOWAIT_RWF && pm == POS_NONE && n > 0)
		return host_ret(syscall(is_write ? SYS_pwritev2 : SYS_preadv2, fd, iov, n, -1L, 0UL, RWF_NOWAIT));
	if (fsio_nowait > 0 && pm == POS_NONE && (n > 0 || is_write)) {
		/* The transport server on a socket: what read/write do, without waiting. */
		struct msghdr m = {.msg_iov = (struct iovec *)iov, .msg_iovlen = (size_t)n};
		return host_ret(is_write ? sendmsg(fd, &m, fsio_nowait) : recvmsg(fd, &m, fsio_nowait));
	}
	if (n == 0) {
		/* A zero-length request still gets the host's fd checks. */
		if (pm == POS_AT)
			r = is_write ? pwrite(fd, zero_buf, 0, pos) : pread(fd, zero_buf, 0, pos);
		else if (pm == POS_V2)
			r = syscall(is_write ? SYS_pwritev2 : SYS_preadv2, fd, NULL, 0, (unsigned long)pos, 0UL, rwf);
		else
			r = is_write ? write(fd, zero_buf, 0) : read(fd, zero_buf, 0);
		return host_ret(r);
	}
	/* Pipes, sockets and terminals block: host_wait. */
	switch (pm) {
	case POS_NONE:
		if (n == 1)
			return host_wait(is_write ? SYS_write : SYS_read, fd, iov[0].iov_base, iov[0].iov_len);
		return host_wait(is_write ? SYS_writev : SYS_readv, fd, iov, n);
	case POS_AT:
		if (n == 1)
			return host_wait(is_write ? SYS_pwrite64 : SYS_pread64, fd, iov[0].iov_base, iov[0].iov_len,
					 pos);
		return host_wait(is_write ? SYS_pwritev : SYS_preadv, fd, iov, n, pos, 0);
	default:
		return host_wait(is_write ? SYS_pwritev2 : SYS_preadv2, fd, iov, n, pos, 0, rwf);
	}
}

static int fd_is_regular(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode));
}

/* The one place guest buffers meet host I/O. `single`: the guest called
 * read/write/pread/pwrite (one buffer, no iovec rules). */
static long do_io(struct thread *t, int fd, const struct gseg *seg, size_t nseg, int is_write, enum posmode pm,
		  int64_t pos, int rwf, int single)
{
	/* Invalid segments: Linux rejects the whole call before any I/O
	 * (negative lengths first, then ranges outside user space). Give the
	 * host the same kind of argument so that its fd checks keep their place. */
	size_t bad = nseg;
	struct gseg one;
	if (!single && nseg == 1 && seg[0].len > (uint64_t)FSIO_MAX_RW_COUNT) {
		/* Linux takes a lone segment like a plain buffer: capped first,
		 * then range-checked (several segments: negative lengths fail). */
		one.base = seg[0].base;
		one.len = FSIO_MAX_RW_COUNT;
		seg = &one;
	}
	for (size_t i = 0; i < nseg && !single; i++)
		if ((int64_t)seg[i].len < 0) {
			struct iovec v[2] = {{fsio_guard(), seg[i].len}, {fsio_guard(), 0}};
			return host_xfer(fd, v, 2, is_write, pm, pos, rwf);
		}
	for (size_t i = 0; i < nseg && bad == nseg; i++)
		if (seg[i].base + seg[i].len < seg[i].base || seg[i].base + seg[i].len > TASK_SIZE)
			bad = i;
	if (bad < nseg) {
		struct iovec v = {FSIO_KERNEL_PTR, seg[bad].len};
		long r;
		if (single && pm == POS_AT)
			r = is_write ? pwrite(fd, v.iov_base, v.iov_len, pos) : pread(fd, v.iov_base, v.iov_len, pos);
		else if (single)
			r = is_write ? write(fd, v.iov_base, v.iov_len) : read(fd, v.iov_base, v.iov_len);
		else
			return host_xfer(fd, &v, 1, is_write, pm, pos, rwf);
		return host_ret(r);
	}

	if (is_write && procfs_write_armed()) {
		/* /proc/<self>/comm opened for writing: each segment sets the name. */
		long w = PROCFS_NOT_OURS, sum = 0;
		for (size_t i = 0; i < nseg || (i == 0 && nseg == 0); i++) {
			w = procfs_write(t, fd, nseg ? seg[i].base : 0, nseg ? seg[i].len : 0);
			if (w == PROCFS_NOT_OURS || w < 0)
				break;
			sum += w;
		}
		if (w != PROCFS_NOT_OURS)
			return w < 0 && sum == 0 ? w : sum;
	}
	struct gio g;
	gio_init(&g, t_mm(t), seg, nseg, is_write ? GP_READ : GP_WRITE);
	struct iovec iov[HOST_IOV];
	long total = 0;
	int regular = -1;
	for (;;) {
		int n;
		size_t bytes = gio_next(&g, iov, &n, IO_CHUNK);
		int64_t at = pm == POS_AT || (pm == POS_V2 && pos != -1) ? pos + total : pos;
		long r = host_xfer(fd, iov, n, is_write, pm, at, rwf);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((size_t)r < bytes || g.stop || g.left == 0 || n == 0)
			break;
		if (!is_write) {
			/* More than one call reads ahead only where that cannot block. */
			if (regular < 0)
				regular = fd_is_regular(fd);
			if (!regular)
				break;
		}
	}
	return total;
}

SYSCALL_DEFINE(read)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	struct gseg s = {a[1], a[2]};
	return do_io(t, fd, &s, 1, 0, POS_NONE, 0, 0, 1);
}

SYSCALL_DEFINE(write)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	struct gseg s = {a[1], a[2]};
	return do_io(t, fd, &s, 1, 1, POS_NONE, 0, 0, 1);
}

SYSCALL_DEFINE(pread64)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	struct gseg s = {a[1], a[2]};
	if (a[3] == 0)
		procfs_refresh(t->proc, fd);
	return do_io(t, fd, &s, 1, 0, POS_AT, (int64_t)a[3], 0, 1);
}

SYSCALL_DEFINE(pwrite64)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	struct gseg s = {a[1], a[2]};
	return do_io(t, fd, &s, 1, 1, POS_AT, (int64_t)a[3], 0, 1);
}

/* readv, writev, preadv(2), pwritev(2). On x86_64 the offset is pos_l
 * alone (the kernel's hi/lo join shifts pos_h out). */
static long vec_io(struct thread *t, const uint64_t *a, int is_write, enum posmode pm, int64_t pos, int rwf)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	struct gseg seg[GUEST_IOV_MAX];
	if (a[2] > GUEST_IOV_MAX || (a[2] && guest_read(t_mm(t), a[1], seg, a[2] * sizeof seg[0]) < 0)) {
		/* Too many segments (EINVAL) or an unreadable array (EFAULT): the
		 * host gets the same kind of argument, so its EBADF/ESPIPE checks
		 * keep their place before those. */
		void *p = a[2] > GUEST_IOV_MAX ? NULL : FSIO_KERNEL_PTR;
		long nr = pm == POS_NONE ? (is_write ? SYS_writev : SYS_readv)
			  : pm == POS_AT ? (is_write ? SYS_pwritev : SYS_preadv)
					 : (is_write ? SYS_pwritev2 : SYS_preadv2);
		return host_ret(syscall(nr, fd, p, (unsigned long)a[2], (unsigned long)pos, 0UL, rwf));
	}
	return do_io(t, fd, seg, (size_t)a[2], is_write, pm, pos, rwf, 0);
}

SYSCALL_DEFINE(readv) { return vec_io(t, a, 0, POS_NONE, 0, 0); }
SYSCALL_DEFINE(writev) { return vec_io(t, a, 1, POS_NONE, 0, 0); }
SYSCALL_DEFINE(preadv)
{
	if (a[3] == 0)
		procfs_refresh(t->proc, arg_fd(a[0]));
	return vec_io(t, a, 0, POS_AT, (int64_t)a[3], 0);
}
SYSCALL_DEFINE(pwritev) { return vec_io(t, a, 1, POS_AT, (int64_t)a[3], 0); }
SYSCALL_DEFINE(preadv2)
{
	if (a[3] == 0)
		procfs_refresh(t->proc, arg_fd(a[0]));
	return vec_io(t, a, 0, POS_V2, (int64_t)a[3], (int)a[5]);
}
SYSCALL_DEFINE(pwritev2) { return vec_io(t, a, 1, POS_V2, (int64_t)a[3], (int)a[5]); }

SYSCALL_DEFINE(lseek)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	long r = host_ret(syscall(SYS_lseek, fd, (long)a[1], (unsigned)a[2]));
	if (r == 0)
		procfs_refresh(t->proc, fd); /* the next read starts over */
	return r;
}

/* ---- fd creation, duplication, closing ---- */

static long pipe_common(struct thread *t, uint64_t gva, int flags)
{
	int fds[2];
	if (pipe2(fds, flags) < 0)
		return -errno;
	int r0 = fd_result(t->proc, fds[0]);
	int r1 = fd_result(t->proc, fds[1]);
	if (r0 < 0 || r1 < 0) {
		if (r0 >= 0)
			close(r0);
		if (r1 >= 0)
			close(r1);
		return -EMFILE;
	}
	int32_t out[2] = {fds[0], fds[1]};
	if (guest_write(t_mm(t), gva, out, sizeof out) < 0) {
		close(fds[0]);
		close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE(pipe) { return pipe_common(t, a[0], 0); }
SYSCALL_DEFINE(pipe2) { return pipe_common(t, a[0], (int)a[1]); }

SYSCALL_DEFINE(dup)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return fd_result(t->proc, (int)host_ret(dup(fd)));
}

SYSCALL_DEFINE(dup2)
{
	int oldfd = arg_fd(a[0]), newfd = arg_fd(a[1]);
	FSIO_CHECK_FD(t, oldfd);
	if (oldfd == newfd)
		return host_ret(fcntl(oldfd, F_GETFD)) < 0 ? -EBADF : newfd;
	if (newfd < 0 || newfd >= fd_limit(t->proc))
		return -EBADF;
	return host_ret(dup2(oldfd, newfd));
}

SYSCALL_DEFINE(dup3)
{
	int oldfd = arg_fd(a[0]), newfd = arg_fd(a[1]);
	int flags = (int)a[2];
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd < 0 || newfd >= fd_limit(t->proc))
		return -EBADF;
	FSIO_CHECK_FD(t, oldfd);
	return host_ret(dup3(oldfd, newfd, flags));
}

SYSCALL_DEFINE(close)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(close(fd));
}

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

SYSCALL_DEFINE(close_range)
{
	unsigned first = (unsigned)a[0], last = (unsigned)a[1], flags = (unsigned)a[2];
	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	/* elfuse's own fds sit above the guest's: never touch them. */
	if (first >= (unsigned)private_fd_base)
		return 0;
	if (last >= (unsigned)private_fd_base)
		last = (unsigned)private_fd_base - 1;
	/* UNSHARE would give this host thread its own fd table, apart from
	 * elfuse's other threads; the guest cannot tell the difference when
	 * it shares nothing, so the range is simply closed in the shared one. */
	return host_ret(syscall(SYS_close_range, first, last, flags & CLOSE_RANGE_CLOEXEC));
}

/* ---- fcntl ---- */

#ifndef F_DUPFD_QUERY
#define F_DUPFD_QUERY 1027
#endif
#ifndef F_CREATED_QUERY
#define F_CREATED_QUERY 1028
#endif
#ifndef F_GET_RW_HINT
#define F_GET_RW_HINT 1035
#define F_SET_RW_HINT 1036
#define F_GET_FILE_RW_HINT 1037
#define F_SET_FILE_RW_HINT 1038
#endif

/* struct flock on x86_64 (same as the host's). */
struct k_flock {
	int16_t l_type, l_whence;
	int64_t l_start, l_len;
	int32_t l_pid;
	int32_t pad;
};
_Static_assert(sizeof(struct k_flock) == 32, "struct flock is 32 bytes on x86_64");

SYSCALL_DEFINE(fcntl)
{
	int fd = arg_fd(a[0]);
	unsigned cmd = (unsigned)a[1];
	uint64_t arg = a[2];
	FSIO_CHECK_FD(t, fd);
	struct mm *mm = t_mm(t);
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		int lim = t->proc->nofile_cur > 0 ? t->proc->nofile_cur : private_fd_base;
		if (arg >= (uint64_t)lim)
			return -EINVAL;
		if (arg >= (uint64_t)private_fd_base)
			return -EMFILE; /* every slot the guest may still use is taken by elfuse */
		return fd_result(t->proc, (int)host_ret(syscall(SYS_fcntl, fd, cmd, (unsigned long)arg)));
	}
	case F_GETFD:
	case F_SETFD:
	case F_GETFL:
	case F_SETFL:
	case F_GETOWN:
	case F_SETOWN:
	case F_GETSIG:
	case F_SETSIG:
	case F_GETLEASE:
	case F_SETLEASE:
	case F_NOTIFY:
	case F_SETPIPE_SZ:
	case F_GETPIPE_SZ:
	case F_ADD_SEALS:
	case F_GET_SEALS:
	case F_CREATED_QUERY:
		return host_ret(syscall(SYS_fcntl, fd, cmd, (unsigned long)arg));
	case F_DUPFD_QUERY: {
		int other = arg_fd(arg);
		FSIO_CHECK_FD(t, other);
		return host_ret(syscall(SYS_fcntl, fd, cmd, (unsigned long)other));
	}
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW: {
		struct k_flock fl;
		if (guest_read(mm, arg, &fl, sizeof fl) < 0)
			return -EFAULT;
		long r = host_wait(SYS_fcntl, fd, cmd, &fl);
		if (r >= 0 && (cmd == F_GETLK || cmd == F_OFD_GETLK) && guest_write(mm, arg, &fl, sizeof fl) < 0)
			return -EFAULT;
		return r;
	}
	case F_GETOWN_EX:
	case F_SETOWN_EX: {
		struct {
			int32_t type, pid;
		} own;
		if (cmd == F_SETOWN_EX && guest_read(mm, arg, &own, sizeof own) < 0)
			return -EFAULT;
		long r = host_ret(syscall(SYS_fcntl, fd, cmd, &own));
		if (r >= 0 && cmd == F_GETOWN_EX && guest_write(mm, arg, &own, sizeof own) < 0)
			return -EFAULT;
		return r;
	}
	case F_GET_RW_HINT:
	case F_SET_RW_HINT:
	case F_GET_FILE_RW_HINT:
	case F_SET_FILE_RW_HINT: {
		uint64_t hint = 0;
		int set = cmd == F_SET_RW_HINT || cmd == F_SET_FILE_RW_HINT;
		if (set && guest_read(mm, arg, &hint, sizeof hint) < 0)
			return -EFAULT;
		long r = host_ret(syscall(SYS_fcntl, fd, cmd, &hint));
		if (r >= 0 && !set && guest_write(mm, arg, &hint, sizeof hint) < 0)
			return -EFAULT;
		return r;
	}
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE(flock)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_wait(SYS_flock, fd, (int)a[1]);
}

/* ---- sync, size, hints ---- */

SYSCALL_DEFINE(fsync)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(fsync(fd));
}

SYSCALL_DEFINE(fdatasync)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(fdatasync(fd));
}

SYSCALL_DEFINE(sync)
{
	(void)t;
	(void)a;
	sync();
	return 0;
}

SYSCALL_DEFINE(syncfs)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(syncfs(fd));
}

SYSCALL_DEFINE(ftruncate)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(syscall(SYS_ftruncate, fd, (long)a[1]));
}

SYSCALL_DEFINE(fallocate)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(syscall(SYS_fallocate, fd, (int)a[1], (long)a[2], (long)a[3]));
}

SYSCALL_DEFINE(fadvise64)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(syscall(SYS_fadvise64, fd, (long)a[1], (unsigned long)a[2], (int)a[3]));
}

SYSCALL_DEFINE(readahead)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(syscall(SYS_readahead, fd, (long)a[1], (unsigned long)a[2]));
}

SYSCALL_DEFINE(sync_file_range)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(syscall(SYS_sync_file_range, fd, (long)a[1], (long)a[2], (unsigned)a[3]));
}

SYSCALL_DEFINE(umask)
{
	(void)t;
	return (long)umask((mode_t)(a[0] & 0777));
}

/* ---- fd-to-fd transfers; loff_t offsets live in guest memory ---- */

SYSCALL_DEFINE(sendfile)
{
	int out = arg_fd(a[0]), in = arg_fd(a[1]);
	FSIO_CHECK_FD(t, out);
	FSIO_CHECK_FD(t, in);
	struct mm *mm = t_mm(t);
	off_t off;
	if (a[2] && guest_read(mm, a[2], &off, sizeof off) < 0)
		return -EFAULT;
	long r = host_wait(SYS_sendfile, out, in, a[2] ? &off : NULL, (size_t)a[3]);
	/* Linux writes the offset back whatever the outcome. */
	if (a[2] && guest_write(mm, a[2], &off, sizeof off) < 0)
		return -EFAULT;
	return r;
}

/* copy_file_range and splice: fds in a[0] and a[2], each with an optional
 * loff_t in guest memory (a[1], a[3]), written back once the result is at
 * least `least`. */
static long offsets_xfer(struct thread *t, const uint64_t *a, long nr, long least)
{
	int in = arg_fd(a[0]), out = arg_fd(a[2]);
	FSIO_CHECK_FD(t, in);
	FSIO_CHECK_FD(t, out);
	struct mm *mm = t_mm(t);
	int64_t off_in, off_out;
	if (a[1] && guest_read(mm, a[1], &off_in, sizeof off_in) < 0)
		return -EFAULT;
	if (a[3] && guest_read(mm, a[3], &off_out, sizeof off_out) < 0)
		return -EFAULT;
	long r = host_wait(nr, in, a[1] ? &off_in : NULL, out, a[3] ? &off_out : NULL, (size_t)a[4], (unsigned)a[5]);
	if (r < least)
		return r;
	if (a[1] && guest_write(mm, a[1], &off_in, sizeof off_in) < 0)
		return -EFAULT;
	if (a[3] && guest_write(mm, a[3], &off_out, sizeof off_out) < 0)
		return -EFAULT;
	return r;
}

SYSCALL_DEFINE(copy_file_range) { return offsets_xfer(t, a, SYS_copy_file_range, 1); }

SYSCALL_DEFINE(splice)
{
	if (a[4] == 0)
		return 0; /* Linux answers a zero length before looking at anything */
	return offsets_xfer(t, a, SYS_splice, 0);
}

SYSCALL_DEFINE(tee)
{
	int in = arg_fd(a[0]), out = arg_fd(a[1]);
	if (a[2] == 0)
		return 0;
	FSIO_CHECK_FD(t, in);
	FSIO_CHECK_FD(t, out);
	return host_wait(SYS_tee, in, out, (size_t)a[2], (unsigned)a[3]);
}

/* vmsplice: the guest pages are host pages, so the host call gets them
 * directly (gift or not, the pipe then references guest memory as on Linux). */
SYSCALL_DEFINE(vmsplice)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	if (a[2] > GUEST_IOV_MAX)
		return -EINVAL;
	struct gseg seg[GUEST_IOV_MAX];
	if (a[2] && guest_read(t_mm(t), a[1], seg, a[2] * sizeof seg[0]) < 0)
		return -EFAULT;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return -errno;
	/* Into a pipe's write end the guest memory is read; from its read end, written. */
	int prot = (fl & O_ACCMODE) == O_RDONLY ? GP_WRITE : GP_READ;
	for (size_t i = 0; i < a[2]; i++)
		if ((int64_t)seg[i].len < 0)
			return -EINVAL;
	for (size_t i = 0; i < a[2]; i++)
		if (seg[i].base + seg[i].len < seg[i].base || seg[i].base + seg[i].len > TASK_SIZE)
			return -EFAULT;
	struct gio g;
	gio_init(&g, t_mm(t), seg, (size_t)a[2], prot);
	struct iovec iov[HOST_IOV];
	int n;
	gio_next(&g, iov, &n, (size_t)FSIO_MAX_RW_COUNT);
	return host_wait(SYS_vmsplice, fd, iov, (unsigned long)n, (unsigned)a[3]);
}

SYSCALL_DEFINE(memfd_create)
{
	char name[256];
	/* Linux: at most 249 bytes (NAME_MAX minus "memfd:"), longer is EINVAL. */
	long n = guest_strncpy(t_mm(t), name, a[0], 250);
	if (n == -ENAMETOOLONG)
		return -EINVAL;
	if (n < 0)
		return n;
	return fd_result(t->proc, (int)host_ret(syscall(SYS_memfd_create, name, (unsigned)a[1])));
}
