/* fs/fuse/dev.c: /dev/fuse in the guest: open, read, write (replies), ioctl, stat; and mount(2)/umount2(2) of FUSE. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fs/fuse/dev.h"
#include "fs/fuse/fz.h"
#include "fs/path.h"
#include "kernel/hostwait.h"
#include "mm/mm.h"
#include "run/run.h"
#include "syscall/syscall.h"

#define FUSE_MIN_READ_BUFFER 8192

int fz_dev_open(int oflags)
{
	if (!fz_sh)
		return -ENODEV;
	uint64_t sess = fz_rand64();
	int fd = fz_obj_connect(FZK_DEV, fz_rand64(), sess, NULL, 0, 0);
	if (fd < 0)
		return fd;
	if (oflags & O_NONBLOCK)
		fcntl(fd, F_SETFL, O_NONBLOCK);
	if (!(oflags & O_CLOEXEC))
		fcntl(fd, F_SETFD, 0);
	return fd;
}

int fuse_dev_open(int oflags) { return fz_dev_open(oflags); }

int fuse_dev_fd(int fd) { return fuse_tree_active() && fz_fd_kind(fd, NULL, NULL) == FZK_DEV; }

void fz_dev_stat(struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_mode = S_IFCHR | 0666;
	st->st_rdev = makedev(10, 229);
	st->st_dev = makedev(0, 5);
	st->st_ino = 229;
	st->st_nlink = 1;
	st->st_blksize = 4096;
}

/* ---- requests this process read and has not answered ----
 * Their expected reply shape (from the server's fz_devhdr) lets a reply be
 * judged here exactly as the server would and sent without waiting. Any
 * other reply (another process read the request, a duplicate, an
 * interrupt's, a notification) goes the synchronous way. */
#define PENDING_MAX 1024
#define P_GONE UINT64_MAX
static struct {
	uint64_t unique;
	uint32_t outsize, flags;
	uint64_t t0; /* when it was read (--stats) */
} pending[PENDING_MAX];
static size_t npending; /* used slots, gone ones included */
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;

static void pending_add(uint64_t unique, const struct fz_devhdr *h)
{
	if (!unique || unique == P_GONE || pthread_mutex_trylock(&pending_lock) != 0)
		return;
	if (npending >= PENDING_MAX / 2) {
		/* Full of requests answered elsewhere: forget them all (their
		 * replies then simply take the synchronous way). */
		memset(pending, 0, sizeof pending);
		npending = 0;
	}
	size_t i = (size_t)(unique >> 1) & (PENDING_MAX - 1);
	while (pending[i].unique && pending[i].unique != P_GONE)
		i = (i + 1) & (PENDING_MAX - 1);
	if (!pending[i].unique)
		npending++;
	pending[i].unique = unique;
	pending[i].outsize = h->outsize;
	pending[i].flags = h->flags;
	pending[i].t0 = run_stats_on ? run_stats_now() : 0;
	pthread_mutex_unlock(&pending_lock);
}

static int pending_take(uint64_t unique, uint32_t *outsize, uint32_t *flags)
{
	if (!unique || unique == P_GONE || pthread_mutex_trylock(&pending_lock) != 0)
		return 0;
	int found = 0;
	for (size_t i = (size_t)(unique >> 1) & (PENDING_MAX - 1), k = 0; k < PENDING_MAX && pending[i].unique;
	     i = (i + 1) & (PENDING_MAX - 1), k++)
		if (pending[i].unique == unique) {
			*outsize = pending[i].outsize;
			*flags = pending[i].flags;
			pending[i].unique = P_GONE;
			run_stats_fuse(FSTAT_SERVED, pending[i].t0);
			found = 1;
			break;
		}
	pthread_mutex_unlock(&pending_lock);
	return found;
}

/* The transport server sends replies on the vCPU thread's connection. */
static void remember_ctl(struct thread *t)
{
	if (!__atomic_load_n(&t->fz_ctl, __ATOMIC_RELAXED) || t->fz_ctl_pid != t->proc->pid)
		fz_ctl_remember(t);
}

static int nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl >= 0 && (fl & O_NONBLOCK);
}

/* One message from the device socket: its fz_devhdr stripped, the request
 * into dst (count bytes). Returns the request's length, 0 at EOF or -errno. */
static ssize_t dev_recv(int fd, void *dst, size_t count, int flags)
{
	struct fz_devhdr h;
	struct iovec iov[2] = {{&h, sizeof h}, {dst, count}};
	struct msghdr mh = {.msg_iov = iov, .msg_iovlen = 2};
	ssize_t n = host_wait(SYS_recvmsg, fd, &mh, flags);
	if (n <= 0)
		return n; /* 0: EOF */
	if ((size_t)n < sizeof h + sizeof(struct fuse_in_header))
		return -EIO; /* never sent by the server */
	n -= (ssize_t)sizeof h;
	if (h.flags & FZD_REPLY) {
		uint64_t unique;
		uint32_t opcode;
		memcpy(&unique, (char *)dst + offsetof(struct fuse_in_header, unique), sizeof unique);
		memcpy(&opcode, (char *)dst + offsetof(struct fuse_in_header, opcode), sizeof opcode);
		if (opcode != FUSE_IOCTL) /* (its reply has a minimum size too: the server judges it) */
			pending_add(unique, &h);
	}
	return n;
}

long fz_dev_read(struct thread *t, int fd, uint64_t sess, uint64_t gva, uint64_t count, int nowait)
{
	struct fz_ment m;
	int mounted = fz_mount_by_sess(sess, &m);
	size_t need = FUSE_MIN_READ_BUFFER;
	if (mounted && sizeof(struct fuse_in_header) + sizeof(struct fuse_write_in) + m.max_write > need)
		need = sizeof(struct fuse_in_header) + sizeof(struct fuse_write_in) + m.max_write;
	if (nowait && !mounted)
		return SYSCALL_XPORT_REJECT;
	if (!nowait)
		remember_ctl(t);
	/* The transport server takes a queued request without blocking; an
	 * empty queue sends the call back to the vCPU thread to wait there. */
	int rflags = nowait ? MSG_DONTWAIT : 0;
	if (!mounted) {
		/* Never mounted: nothing was ever queued, EPERM. Unmounted: the
		 * server shut its side after the last requests (RELEASE, FORGET),
		 * which are still delivered; then EOF, ENODEV. The server shuts
		 * the socket before it drops the mount entry, so a live mount
		 * cannot look never-mounted here. */
		char c;
		ssize_t k = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
		if (k == 0 || (k < 0 && errno != EAGAIN))
			return -ENODEV;
		if (k < 0 && !fz_mount_by_sess(sess, &m))
			return -EPERM;
	}
	if (count < need)
		return -EINVAL;
	if (count > FZ_MAX_MSG)
		count = FZ_MAX_MSG;
	struct mm *mm = t->proc->mm;
	void *span = guest_span(mm, gva, count, GP_WRITE);
	ssize_t n;
	if (span) {
		n = dev_recv(fd, span, count, rflags);
		if (n < 0)
			return n == -EAGAIN && nowait && !nonblocking(fd) ? SYSCALL_XPORT_BLOCKS : n;
		if (n > 0 && !nowait)
			run_xport_prime(t, fd); /* the daemon's calls for this request follow */
		return n == 0 ? -ENODEV : n;
	}
	char *buf = malloc(count);
	if (!buf)
		return -ENOMEM;
	n = dev_recv(fd, buf, count, rflags);
	long r;
	if (n == -EAGAIN && nowait && !nonblocking(fd))
		r = SYSCALL_XPORT_BLOCKS;
	else if (n < 0)
		r = n;
	else if (n == 0)
		r = -ENODEV;
	else if (guest_write(mm, gva, buf, (size_t)n) < 0) {
		r = -EFAULT;
		/* The request is lost to the daemon: end it with EIO for its caller. */
		if ((size_t)n >= sizeof(struct fuse_in_header)) {
			struct fuse_out_header oh = {.len = sizeof oh, .error = -EIO};
			memcpy(&oh.unique, buf + offsetof(struct fuse_in_header, unique), sizeof oh.unique);
			struct fz_msg mm2 = {.type = FZ_REPLY, .arg = {(int64_t)sess}}, res;
			struct iovec iov = {&oh, sizeof oh};
			fz_call(t, &mm2, &iov, 1, &res, NULL, 0, NULL, 0);
		}
	} else {
		r = n;
		if (!nowait)
			run_xport_prime(t, fd);
	}
	free(buf);
	return r;
}

/* The server's verdict on a reply to a request this process read, judged
 * here: the result of the write, or 0 if only the server can tell. */
static long judge_locally(int fd, const char *buf, size_t total)
{
	struct fuse_out_header oh;
	if (total < sizeof oh)
		return 0;
	memcpy(&oh, buf, sizeof oh);
	if (oh.len != total || oh.unique == 0 || (oh.unique & FUSE_INT_REQ_BIT) || oh.error <= -512 || oh.error > 0)
		return 0;
	/* An ended connection finds no request (ENOENT): the server says so. */
	struct pollfd p = {fd, POLLRDHUP, 0};
	if (poll(&p, 1, 0) != 0)
		return 0;
	uint32_t outsize, flags;
	if (!pending_take(oh.unique, &outsize, &flags))
		return 0;
	size_t blen = total - sizeof oh;
	int valid = oh.error ? blen == 0 : (flags & FZD_ARGVAR) ? blen <= outsize : blen == outsize;
	return valid ? (long)total : -EINVAL;
}

/* A reply (total bytes in buf, which the caller keeps): validated exactly
 * as Linux does, here when this process read the request (the server gets
 * it without an answer), else by the server. */
long fz_dev_write_buf(struct thread *t, int fd, uint64_t sess, const char *buf, size_t total, int nowait)
{
	if (total > FZ_MAX_MSG)
		return -EINVAL;
	long r = judge_locally(fd, buf, total);
	if (r) {
		struct fz_msg am = {.type = FZ_REPLY, .arg = {(int64_t)sess, 1}};
		if (!nowait || fz_send_as(t, &am, buf, total) < 0)
			fz_send(&am, buf, total);
		return r;
	}
	if (nowait)
		return SYSCALL_XPORT_REJECT; /* only the server can judge it: the vCPU thread waits for that */
	remember_ctl(t);
	struct fz_msg m = {.type = FZ_REPLY, .arg = {(int64_t)sess}}, res;
	struct iovec iov = {(void *)buf, total};
	r = fz_call(t, &m, &iov, 1, &res, NULL, 0, NULL, 0);
	return r == -ENOTCONN ? -ENODEV : r;
}

/* write/writev: the guest's segments gathered into one reply. */
long fz_dev_writev(struct thread *t, int fd, uint64_t sess, const struct iovec *giov, int n, int nowait)
{
	size_t total = 0;
	for (int i = 0; i < n; i++) {
		if (giov[i].iov_len > FZ_MAX_MSG || total + giov[i].iov_len > FZ_MAX_MSG)
			return -EINVAL;
		total += giov[i].iov_len;
	}
	char *buf = malloc(total ? total : 1);
	if (!buf)
		return -ENOMEM;
	size_t off = 0;
	for (int i = 0; i < n; i++) {
		if (giov[i].iov_len &&
		    guest_read(t->proc->mm, (uint64_t)(uintptr_t)giov[i].iov_base, buf + off, giov[i].iov_len) < 0) {
			free(buf);
			return -EFAULT;
		}
		off += giov[i].iov_len;
	}
	long r = fz_dev_write_buf(t, fd, sess, buf, total, nowait);
	free(buf);
	return r;
}

/* splice(2) from a pipe into /dev/fuse (libfuse replies so with data it
 * spliced from a file): as Linux's fuse_dev_splice_write, the pipe must
 * already hold len bytes (else EINVAL, without waiting); exactly len bytes
 * are taken from it and written as one reply. */
long fz_dev_splice_in(struct thread *t, int pipe_fd, int fd, uint64_t sess, size_t len)
{
	struct stat st;
	int avail = 0;
	if (fstat(pipe_fd, &st) < 0 || !S_ISFIFO(st.st_mode))
		return -EINVAL;
	if (len == 0)
		return 0;
	if (ioctl(pipe_fd, FIONREAD, &avail) < 0 || (size_t)avail < len || len > FZ_MAX_MSG)
		return -EINVAL;
	char *buf = malloc(len);
	if (!buf)
		return -ENOMEM;
	size_t got = 0;
	while (got < len) {
		/* (another reader may have drained it meanwhile: never wait) */
		struct pollfd pf = {pipe_fd, POLLIN, 0};
		if (poll(&pf, 1, 0) != 1 || !(pf.revents & POLLIN))
			break;
		ssize_t k = read(pipe_fd, buf + got, len - got);
		if (k <= 0 && !(k < 0 && errno == EINTR))
			break;
		if (k > 0)
			got += (size_t)k;
	}
	long r = got == len ? fz_dev_write_buf(t, fd, sess, buf, len, 0) : -EIO;
	free(buf);
	return r;
}

long fz_dev_clone(struct thread *t, int fd, uint64_t gva)
{
	uint32_t oldfd;
	if (guest_read(t->proc->mm, gva, &oldfd, sizeof oldfd) < 0)
		return -EFAULT;
	uint64_t sess;
	if (fz_fd_kind((int)oldfd, NULL, &sess) != FZK_DEV || (int)oldfd >= fd_limit(t->proc))
		return -EINVAL;
	struct fz_ment m;
	if (!fz_mount_by_sess(sess, &m))
		return -EINVAL;
	int nfd = fz_obj_connect(FZK_DEV, fz_rand64(), sess, NULL, 0, 1);
	if (nfd < 0)
		return nfd;
	int fl = fcntl(fd, F_GETFL), fdf = fcntl(fd, F_GETFD);
	/* The clone takes the new fd's place: same number, now bound to the old session. */
	if (dup3(nfd, fd, (fdf & FD_CLOEXEC) ? O_CLOEXEC : 0) < 0) {
		int e = errno;
		close(nfd);
		return -e;
	}
	close(nfd);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & O_NONBLOCK);
	return 0;
}

/* ---- mount(2) / umount2(2) ---- */

int fuse_fstype(const char *fstype)
{
	return strcmp(fstype, "fuse") == 0 || strcmp(fstype, "fuseblk") == 0 || strncmp(fstype, "fuse.", 5) == 0 ||
	       strncmp(fstype, "fuseblk.", 8) == 0;
}

static int parse_num(const char *v, int base, uint64_t *out)
{
	if (!*v)
		return -EINVAL;
	char *end;
	errno = 0;
	unsigned long long x = strtoull(v, &end, base);
	if (*end || errno || v[0] == '-')
		return -EINVAL;
	*out = x;
	return 0;
}

/* The canonical guest path of a mount target (a directory). */
static long target_path(struct thread *t, const char *target, char *out, size_t size, struct stat *st)
{
	struct fz_walk *w = malloc(sizeof *w);
	if (!w)
		return -ENOMEM;
	int r = fz_walk(t, t->proc, AT_FDCWD, target, FZW_FOLLOW, w);
	if (r < 0) {
		free(w);
		return r;
	}
	if (r == 1) {
		/* Stacked on a FUSE directory. */
		memset(st, 0, sizeof *st);
		st->st_mode = w->have_attr ? w->attr.mode : S_IFDIR;
		size_t gl = strnlen(w->gpath, sizeof w->gpath);
		if (gl >= size) {
			fz_walk_done(w);
			free(w);
			return -ENAMETOOLONG;
		}
		memcpy(out, w->gpath, gl + 1);
		fz_walk_done(w);
		free(w);
		return 0;
	}
	const char *p = r == 2 ? w->gpath : target;
	struct fs_res res;
	long e = fs_resolve(t->proc, AT_FDCWD, p, FS_FOLLOW, &res);
	if (e == 0) {
		if (fstatat(res.dirfd, res.name, st, fs_res_atflags(&res, 0)) < 0)
			e = -errno;
		char *real = e ? NULL : realpath(fs_res_path(&res), NULL);
		if (!e && !real)
			e = -errno;
		if (real) {
			snprintf(out, size, "%s", real);
			fs_host_to_guest(t->proc, out);
			free(real);
		}
		fs_release(&res);
	}
	free(w);
	return e;
}

long fuse_mount(struct thread *t, const char *source, const char *target, const char *fstype, unsigned long flags,
		const char *data)
{
	char gpath[PATH_MAX];
	struct stat st;
	long e = target_path(t, target, gpath, sizeof gpath, &st);
	if (e)
		return e;
	if (!fuse_fstype(fstype))
		return -ENODEV;
	int have_fd = 0, have_mode = 0, have_uid = 0, have_gid = 0;
	uint64_t fd = 0, rootmode = 0, uid = geteuid(), gid = getegid(), max_read = ~0u, v;
	uint32_t mflags = strncmp(fstype, "fuseblk", 7) == 0 ? FZM_BLK : 0;
	mflags |= ((flags & MS_RDONLY) ? FZM_RDONLY : 0) | ((flags & MS_NOSUID) ? FZM_NOSUID : 0) |
		  ((flags & MS_NODEV) ? FZM_NODEV : 0) | ((flags & MS_NOEXEC) ? FZM_NOEXEC : 0);
	char opts[4096];
	snprintf(opts, sizeof opts, "%s", data ? data : "");
	char *save = NULL;
	for (char *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(o, '=');
		const char *val = eq ? eq + 1 : NULL;
		if (eq)
			*eq = 0;
		if (strcmp(o, "fd") == 0 && val) {
			if (parse_num(val, 10, &fd) < 0 || fd > 0x7fffffff)
				return -EINVAL;
			have_fd = 1;
		} else if (strcmp(o, "rootmode") == 0 && val) {
			if (parse_num(val, 8, &rootmode) < 0)
				return -EINVAL;
			have_mode = 1;
		} else if (strcmp(o, "user_id") == 0 && val) {
			if (parse_num(val, 10, &uid) < 0)
				return -EINVAL;
			have_uid = 1;
		} else if (strcmp(o, "group_id") == 0 && val) {
			if (parse_num(val, 10, &gid) < 0)
				return -EINVAL;
			have_gid = 1;
		} else if (strcmp(o, "max_read") == 0 && val) {
			if (parse_num(val, 10, &max_read) < 0)
				return -EINVAL;
		} else if (strcmp(o, "blksize") == 0 && val) {
			if (parse_num(val, 10, &v) < 0 || !(mflags & FZM_BLK))
				return -EINVAL;
		} else if (strcmp(o, "allow_other") == 0 && !val) {
			mflags |= FZM_ALLOW_OTHER;
		} else if (strcmp(o, "default_permissions") == 0 && !val) {
			mflags |= FZM_DEFAULT_PERMS;
		} else if (strcmp(o, "subtype") == 0 && val) {
			/* accepted, as Linux does */
		} else {
			return -EINVAL;
		}
	}
	if (mflags & FZM_BLK) {
		/* fuseblk: Linux looks the block device up first (get_tree_bdev). */
		char dev[PATH_MAX];
		struct stat bst;
		if (!source)
			return -EINVAL;
		e = target_path(t, source, dev, sizeof dev, &bst);
		if (e)
			return e;
		if (!S_ISBLK(bst.st_mode))
			return -ENOTBLK;
	}
	if (!have_fd || !have_mode || !have_uid || !have_gid)
		return -EINVAL;
	uint64_t sess;
	if ((int)fd >= fd_limit(t->proc) || fz_fd_kind((int)fd, NULL, &sess) != FZK_DEV)
		return -EINVAL;
	if (S_ISDIR(st.st_mode) != S_ISDIR((mode_t)rootmode))
		return -ENOTDIR;
	const char *src = source ? source : "none";
	size_t a = strlen(gpath) + 1, b = strlen(fstype) + 1, c = strlen(src) + 1;
	char *pl = malloc(a + b + c);
	if (!pl)
		return -ENOMEM;
	memcpy(pl, gpath, a);
	memcpy(pl + a, fstype, b);
	memcpy(pl + a + b, src, c);
	struct fz_msg m = {.type = FZ_MOUNT,
			   .arg = {(int64_t)sess, (int64_t)rootmode, (int64_t)(uid | gid << 32), (int64_t)max_read,
				   mflags}},
		      res;
	struct iovec iov = {pl, a + b + c};
	long r = fz_call(t, &m, &iov, 1, &res, NULL, 0, NULL, 0);
	free(pl);
	return r;
}

long fuse_umount(struct thread *t, const char *target, int flags)
{
	char gpath[PATH_MAX];
	struct stat st;
	/* A dead mount's root cannot be looked up: match the path as written first. */
	struct fz_ment m;
	char lex[PATH_MAX];
	int found = 0;
	if (target[0] == '/') {
		snprintf(lex, sizeof lex, "%s", target);
		size_t l = strlen(lex);
		while (l > 1 && lex[l - 1] == '/')
			lex[--l] = 0;
		found = fz_mount_at(lex, &m);
	}
	if (!found) {
		struct fz_walk *w = malloc(sizeof *w);
		if (!w)
			return -ENOMEM;
		int r = fz_walk(t, t->proc, AT_FDCWD, target, FZW_PARENT, w);
		if (r == 1) {
			found = fz_mount_at(w->gpath, &m);
			fz_walk_done(w);
		} else if (r == 2) {
			found = fz_mount_at(w->gpath, &m);
		} else if (r == 0 && target[0] != '/') {
			char base[PATH_MAX];
			if (fz_base_path(t, AT_FDCWD, base, sizeof base, NULL, NULL) >= 0) {
				if (strlen(base) + strlen(target) + 2 < sizeof lex) {
					strcpy(lex, strcmp(base, "/") ? base : "");
					strcat(lex, "/");
					strcat(lex, target);
					found = fz_mount_at(lex, &m);
				}
			}
		}
		free(w);
	}
	if (!found) {
		long e = target_path(t, target, gpath, sizeof gpath, &st);
		if (e)
			return e;
		if (!fz_mount_at(gpath, &m))
			return NOT_FUSE_MOUNT;
	}
	struct fz_msg msg = {.type = FZ_UMOUNT, .arg = {(int64_t)m.id, flags}}, res;
	return fz_call(t, &msg, NULL, 0, &res, NULL, 0, NULL, 0);
}

/* The per-mount options /proc/mounts shows first: "rw,nosuid,nodev,relatime" and the like. */
static const char *mount_opts(uint32_t mflags, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s,relatime", (mflags & FZM_RDONLY) ? "ro" : "rw",
		 (mflags & FZM_NOSUID) ? ",nosuid" : "", (mflags & FZM_NODEV) ? ",nodev" : "",
		 (mflags & FZM_NOEXEC) ? ",noexec" : "");
	return buf;
}

char *fuse_mount_lines(int mountinfo)
{
	if (!fz_nmounts())
		return NULL;
	size_t cap = 1024, len = 0;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	out[0] = 0;
	for (int i = 0; i < FZ_MAX_MOUNTS; i++) {
		struct fz_ment m;
		uint64_t id = __atomic_load_n(&fz_sh->m[i].id, __ATOMIC_ACQUIRE);
		if (!id || !fz_mount_by_id(id, &m) || (m.mflags & FZM_DETACHED))
			continue;
		char line[4096 + 512], mo[64];
		int n;
		const char *ty = strncmp(m.fstype, "fuse.", 5) == 0 ? m.fstype : m.fstype;
		if (mountinfo)
			n = snprintf(line, sizeof line, "%d 1 0:%d / %s %s - %s %s %s,user_id=%u,group_id=%u%s%s\n",
				     1000 + (int)m.id, 200 + i, m.path, mount_opts(m.mflags, mo, sizeof mo), ty, m.source,
				     (m.mflags & FZM_RDONLY) ? "ro" : "rw", m.user_id, m.group_id,
				     (m.mflags & FZM_DEFAULT_PERMS) ? ",default_permissions" : "",
				     (m.mflags & FZM_ALLOW_OTHER) ? ",allow_other" : "");
		else
			n = snprintf(line, sizeof line, "%s %s %s %s,user_id=%u,group_id=%u%s%s 0 0\n", m.source, m.path,
				     ty, mount_opts(m.mflags, mo, sizeof mo), m.user_id, m.group_id,
				     (m.mflags & FZM_DEFAULT_PERMS) ? ",default_permissions" : "",
				     (m.mflags & FZM_ALLOW_OTHER) ? ",allow_other" : "");
		if (n < 0)
			continue;
		if (len + (size_t)n + 1 > cap) {
			cap = (len + (size_t)n + 1) * 2;
			char *o2 = realloc(out, cap);
			if (!o2) {
				free(out);
				return NULL;
			}
			out = o2;
		}
		memcpy(out + len, line, (size_t)n + 1);
		len += (size_t)n;
	}
	if (!len) {
		free(out);
		return NULL;
	}
	return out;
}
