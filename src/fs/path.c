/* fs/path.c: guest path resolution: sysroot confinement (openat2), /proc/self entries elfuse serves, opens. */
#include "fs/path.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "fs/fuse/fuse.h"
#include "fs/procfs.h"
#include "kernel/hostwait.h"
#include "platform/private_fd.h"

#define K_VALID_OPEN_FLAGS                                                                                             \
	(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC | O_ASYNC | O_DIRECT |    \
	 K_O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_PATH | O_TMPFILE | O_SYNC)
#define K_O_PATH_FLAGS (O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)

/* Sysroot state, one per host process (= one guest process). root_lock
 * protects the lazy set-up of root_host/root_len and p->root_fd; it is a
 * leaf lock. root_state is read without it once set (0 unknown, 1 active,
 * -1 host root). */
static pthread_mutex_t root_lock = PTHREAD_MUTEX_INITIALIZER;
static char root_host[PATH_MAX];
static size_t root_len;
static int root_state;

static int root_setup_locked(struct process *p)
{
	if (!p->sysroot || !p->sysroot[0] || strcmp(p->sysroot, "/") == 0) {
		__atomic_store_n(&root_state, -1, __ATOMIC_RELEASE);
		return 0;
	}
	char canon[PATH_MAX];
	if (!realpath(p->sysroot, canon))
		return -errno;
	if (strcmp(canon, "/") == 0) {
		__atomic_store_n(&root_state, -1, __ATOMIC_RELEASE);
		return 0;
	}
	if (p->root_fd < 0) {
		int fd = open(canon, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		fd = private_fd(fd);
		if (fd < 0)
			return fd;
		p->root_fd = fd;
	}
	root_len = strlen(canon);
	memcpy(root_host, canon, root_len + 1);
	__atomic_store_n(&root_state, 1, __ATOMIC_RELEASE);
	return 0;
}

int fs_init(struct process *p)
{
	pthread_mutex_lock(&root_lock);
	int r = __atomic_load_n(&root_state, __ATOMIC_ACQUIRE) ? 0 : root_setup_locked(p);
	pthread_mutex_unlock(&root_lock);
	return r;
}

int fs_sysroot_active(struct process *p)
{
	if (!p->sysroot)
		return 0;
	int s = __atomic_load_n(&root_state, __ATOMIC_ACQUIRE);
	if (!s) {
		if (fs_init(p) < 0)
			return 1; /* a sysroot was asked for: fail closed, the callers see the error */
		s = __atomic_load_n(&root_state, __ATOMIC_ACQUIRE);
	}
	return s > 0;
}

/* The sysroot's O_PATH fd, or -errno if it cannot be set up. */
static int root_fd(struct process *p)
{
	if (__atomic_load_n(&root_state, __ATOMIC_ACQUIRE) <= 0) {
		int r = fs_init(p);
		if (r < 0)
			return r;
	}
	return p->root_fd >= 0 ? p->root_fd : -EBADF;
}

static long own_pid(struct process *p) { return p && p->pid > 0 ? p->pid : (long)getpid(); }

/* The <n> of "/proc/<n>/...", or -1. */
static long proc_pid_of(const char *path)
{
	const char *s = path, *tok;
	size_t len = path_next_comp(&s, &tok);
	if (!path_comp_is(tok, len, "proc"))
		return -1;
	len = path_next_comp(&s, &tok);
	return path_parse_num(tok, len);
}

enum proc_kind fs_classify(struct process *p, const char *path, int *num, const char **rest, long *peer)
{
	*peer = 0;
	enum proc_kind k = path_proc_classify(path, own_pid(p), num, rest);
	if (k != PROC_NONE)
		return k;
	long pid = proc_pid_of(path);
	if (pid <= 0 || !procfs_peer(pid) || (k = path_proc_classify(path, pid, num, rest)) == PROC_NONE)
		return PROC_NONE;
	*peer = pid;
	return k;
}

int fs_host_to_guest(struct process *p, char *path)
{
	if (!fs_sysroot_active(p) || root_len == 0)
		return 1;
	return path_strip_prefix(path, root_host, root_len);
}

/* The host path of directory fd `base` (AT_FDCWD: the cwd), into buf. */
static int host_dir_path(int base, char *buf, size_t size)
{
	if (base == AT_FDCWD) {
		long n = syscall(SYS_getcwd, buf, size);
		return n < 0 ? -errno : 0;
	}
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", base);
	ssize_t n = readlink(link, buf, size - 1);
	if (n < 0)
		return -errno;
	if ((size_t)n >= size - 1)
		return -ENAMETOOLONG;
	buf[n] = 0;
	return buf[0] == '/' ? 0 : -ENOTDIR;
}

static long openat2_raw(int base, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve)
{
	struct open_how how = {.flags = flags, .mode = mode, .resolve = resolve};
	long fd;
	/* Scoped lookups fail with EAGAIN when a rename races with them. */
	for (int tries = 0;; tries++) {
		fd = syscall(SYS_openat2, base, path, &how, sizeof how);
		if (fd >= 0 || errno != EAGAIN || tries == 8)
			break;
	}
	return fd < 0 ? -errno : fd;
}

/* Open path inside the sysroot. An absolute path is taken from the root; a
 * relative one from base, first confined beneath base (cheap, and right
 * unless the walk leaves base), else re-rooted: base's guest path plus
 * path, from the root. Starting points outside the sysroot (fds inherited
 * from the host) walk as on the host, like a chrooted process's cwd does. */
static int scoped_open(struct process *p, int base, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve)
{
	int root = root_fd(p);
	if (root < 0)
		return root;
	if (path[0] == '/') {
		long fd = openat2_raw(root, path, flags, mode, resolve | RESOLVE_IN_ROOT);
		if (fd == -ENOSYS) {
			/* No openat2 (Linux < 5.6): plain prefixing, without confinement. */
			char joined[PATH_MAX];
			if ((size_t)snprintf(joined, sizeof joined, "%s%s", root_host, path) >= sizeof joined)
				return -ENAMETOOLONG;
			fd = openat(AT_FDCWD, joined, (int)flags, (mode_t)mode);
			fd = fd < 0 ? -errno : fd;
		}
		return (int)fd;
	}
	long fd = openat2_raw(base, path, flags, mode, resolve | RESOLVE_BENEATH);
	if (fd != -EXDEV && fd != -ENOSYS)
		return (int)fd;
	char abs[PATH_MAX];
	int r = host_dir_path(base, abs, sizeof abs);
	if (r == 0 && fd == -EXDEV && path_strip_prefix(abs, root_host, root_len)) {
		size_t n = strlen(abs);
		if (n + 1 + strlen(path) + 1 > sizeof abs)
			return -ENAMETOOLONG;
		abs[n] = '/';
		strcpy(abs + n + 1, path);
		return (int)openat2_raw(root, abs, flags, mode, resolve | RESOLVE_IN_ROOT);
	}
	/* Outside the sysroot (or no openat2): the host's walk. */
	if (resolve) {
		fd = openat2_raw(base, path, flags, mode, resolve);
		if (fd != -ENOSYS)
			return (int)fd;
	}
	fd = openat(base, path, (int)flags, (mode_t)mode);
	return fd < 0 ? -errno : (int)fd;
}

static int check_dirfd(int dirfd, const char *path)
{
	if (path[0] == '/' || dirfd == AT_FDCWD)
		return 0;
	return dirfd >= 0 && dirfd < private_fd_base ? 0 : -EBADF;
}

static int only_slashes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '/')
			return 0;
	return 1;
}

/* A walk through a FUSE mount (or from a cwd inside one) that ends outside
 * it goes on from the absolute path fuse rewrites it to, put in buf. */
static int fuse_redirect(struct process *p, int *dirfd, const char **path, int nofollow, char *buf, size_t size)
{
	if (!fuse_tree_active())
		return 0;
	int e = fuse_path_rewrite(p, *dirfd, *path, nofollow, buf, size);
	if (e < 0)
		return e;
	if (e) {
		*path = buf;
		*dirfd = AT_FDCWD;
	}
	return 0;
}

/* Is path under /proc/<pid> of the tree's FUSE server (no guest process)? */
static int hidden_proc_path(const char *path) { return fuse_hidden_pid(proc_pid_of(path)); }

int fs_exe_path(struct process *p, long peer, char *buf, size_t size)
{
	if (peer) {
		int e = procfs_peer_exe(peer, buf, size);
		if (e == 0)
			fs_host_to_guest(p, buf);
		return e;
	}
	size_t n = strnlen(p->exe, sizeof p->exe);
	if (n == 0 || n >= sizeof p->exe || n >= size)
		return -ENOENT;
	memcpy(buf, p->exe, n);
	buf[n] = 0;
	return 0;
}

int fs_resolve(struct process *p, int dirfd, const char *path, int how_flags, struct fs_res *r)
{
	int how = how_flags & 3;
	r->dirfd = dirfd;
	r->name = path;
	r->tmpfd = -1;
	r->full = 0;
	if (path[0] == 0) {
		if (!(how_flags & FS_EMPTY))
			return -ENOENT;
		return check_dirfd(dirfd, path);
	}
	int e = check_dirfd(dirfd, path);
	if (e)
		return e;
	e = fuse_redirect(p, &dirfd, &path, how != FS_FOLLOW, r->fbuf, sizeof r->fbuf);
	if (e)
		return e;
	r->name = path;
	r->dirfd = dirfd;
	if (path[0] == '/' && path[1] == 'p') {
		int num;
		const char *rest;
		long peer;
		enum proc_kind k = fs_classify(p, path, &num, &rest, &peer);
		if ((k == PROC_FD && num >= private_fd_base) || hidden_proc_path(path))
			return -ENOENT;
		if (k == PROC_EXE && how == FS_FOLLOW) {
			e = fs_exe_path(p, peer, r->buf, sizeof r->buf);
			if (e)
				return e;
			path = r->name = r->buf;
			r->dirfd = dirfd = AT_FDCWD;
		}
	}
	if (!fs_sysroot_active(p))
		return 0;
	int abs = path[0] == '/';
	if (abs && path_is_host_bound(path))
		return 0;
	int root = root_fd(p);
	if (root < 0)
		return root;
	size_t dirlen, loff, llen;
	int ps = path_split(path, &dirlen, &loff, &llen);
	int full =
	    how == FS_FOLLOW || (ps & (PS_DOT | PS_DOTDOT | PS_ROOT)) || (how == FS_NOFOLLOW && (ps & PS_TRAILING));
	int base = abs ? root : dirfd;
	if (!full) {
		if (dirlen == 0)
			return 0; /* one relative component: the walk cannot leave dirfd */
		if (abs && only_slashes(path, dirlen)) {
			r->dirfd = root;
			r->name = path + loff;
			return 0;
		}
		if (dirlen >= sizeof r->buf)
			return -ENAMETOOLONG;
		memcpy(r->buf, path, dirlen);
		r->buf[dirlen] = 0;
		int fd = scoped_open(p, base, r->buf, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, 0);
		if (fd < 0)
			return fd;
		r->dirfd = r->tmpfd = fd;
		r->name = path + loff;
		return 0;
	}
	int fd = scoped_open(p, base, path, O_PATH | O_CLOEXEC, 0, 0);
	if (fd < 0)
		return fd;
	r->tmpfd = fd;
	if (how == FS_PARENT) {
		/* "." or "..": let the host give mkdir/unlink/rename their errors on "." */
		r->dirfd = fd;
		r->name = ".";
		return 0;
	}
	snprintf(r->buf, sizeof r->buf, "/proc/self/fd/%d", fd);
	r->dirfd = AT_FDCWD;
	r->name = r->buf;
	r->full = 1;
	return 0;
}

void fs_release(struct fs_res *r)
{
	if (r->tmpfd >= 0)
		close(r->tmpfd);
	r->tmpfd = -1;
}

const char *fs_res_path(struct fs_res *r)
{
	if (r->dirfd == AT_FDCWD)
		return r->name;
	/* dirfd is a resolver fd or the guest's own dirfd; name never lies in r->buf here. */
	if (r->name[0])
		snprintf(r->buf, sizeof r->buf, "/proc/self/fd/%d/%s", r->dirfd, r->name);
	else
		snprintf(r->buf, sizeof r->buf, "/proc/self/fd/%d", r->dirfd);
	return r->buf;
}

int fs_res_atflags(const struct fs_res *r, int flags) { return r->full ? flags & ~AT_SYMLINK_NOFOLLOW : flags; }

/* Linux refuses write access to a program being run (ETXTBSY), after its
 * permission checks; elfuse runs programs without the host's execve, so it
 * says so itself for the calling process's program and interpreter. */
int fs_text_busy(struct process *p, int dirfd, const char *path, uint64_t flags)
{
	int writes = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
	if (!writes || (flags & O_PATH) || ((flags & O_CREAT) && (flags & O_EXCL)))
		return 0;
	struct stat st;
	if (fstatat(dirfd, path, &st, (flags & O_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0) < 0 || !S_ISREG(st.st_mode) ||
	    !proc_is_text(p, st.st_dev, st.st_ino))
		return 0;
	return faccessat(dirfd, path, W_OK, AT_EACCESS) == 0; /* else the open fails its own way */
}

int fs_open(struct process *p, int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve, int strict)
{
	char exe[PATH_MAX];
	if (!strict) {
		/* What the kernel's openat keeps (openat2 would reject the rest). */
		flags &= K_VALID_OPEN_FLAGS;
		mode = (flags & (O_CREAT | K_O_TMPFILE_BIT)) ? mode & 07777 : 0;
		if (flags & O_PATH)
			flags &= K_O_PATH_FLAGS;
	}
	if (path[0] == 0)
		return -ENOENT;
	int e = check_dirfd(dirfd, path);
	if (e)
		return e;
	if (!(flags & O_PATH) && strcmp(path, "/dev/fuse") == 0)
		return fuse_dev_open((int)flags); /* served by elfuse's FUSE server, never the host's */
	char fbuf[PATH_MAX];
	e = fuse_redirect(p, &dirfd, &path, (flags & (O_NOFOLLOW | O_CREAT)) != 0, fbuf, sizeof fbuf);
	if (e)
		return e;
	if (path[0] == '/' && path[1] == 'p') {
		int num;
		const char *rest;
		long peer;
		enum proc_kind k = fs_classify(p, path, &num, &rest, &peer);
		if ((k == PROC_FD && num >= private_fd_base) || hidden_proc_path(path))
			return -ENOENT;
		if (k == PROC_EXE && !(flags & O_NOFOLLOW)) {
			e = fs_exe_path(p, peer, exe, sizeof exe);
			if (e)
				return e;
			path = exe;
			dirfd = AT_FDCWD;
		} else if (k == PROC_EXE && !(flags & O_PATH)) {
			return -ELOOP;
		} else if (k == PROC_NONE) {
			int fd;
			if (procfs_open(p, path, flags, &fd))
				return fd; /* an entry elfuse generates (maps, status...) */
		}
	} else if (path[0] != '/') {
		int fd;
		if (procfs_open_at(p, dirfd, path, flags, &fd))
			return fd; /* the same, reached from a /proc directory */
	}
	int scoped = fs_sysroot_active(p) && !(resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) &&
		     !(path[0] == '/' && path_is_host_bound(path));
	if (scoped)
		return scoped_open(p, path[0] == '/' ? -1 : dirfd, path, flags, mode, resolve);
	if (fs_text_busy(p, dirfd, path, flags))
		return -ETXTBSY;
	/* (the open of a FIFO waits for its other end: host_wait) */
	if (strict) {
		struct open_how how = {.flags = flags, .mode = mode, .resolve = resolve};
		return (int)host_wait(SYS_openat2, dirfd, path, &how, sizeof how);
	}
	return (int)host_wait(SYS_openat, dirfd, path, (int)flags, (unsigned)mode);
}

int fs_dir_lists_fds(struct process *p, int fd, long *peer)
{
	*peer = 0;
	struct statfs sf;
	if (fstatfs(fd, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC)
		return 0;
	char link[64], target[256];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, target, sizeof target - 1);
	if (n <= 0)
		return 0;
	target[n] = 0;
	int num;
	const char *rest;
	long owner;
	if (fs_classify(p, target, &num, &rest, &owner) == PROC_FD_DIR)
		return 1;
	if (strcmp(target, "/proc") == 0 && fuse_tree_active())
		return 3;
	if (procfs_is_task_dir(p, target))
		return 2;
	/* Another guest process's task/: its guest threads only. */
	long pid = proc_pid_of(target);
	char want[48];
	snprintf(want, sizeof want, "/proc/%ld/task", pid);
	if (pid > 0 && strcmp(target, want) == 0 && procfs_peer(pid)) {
		*peer = pid;
		return 4;
	}
	return 0;
}

long fs_getcwd(struct process *p, char *buf, size_t size)
{
	char host[PATH_MAX + 1];
	if (fuse_getcwd(host, sizeof host)) {
		size_t len = strlen(host) + 1; /* a cwd inside a FUSE mount */
		if (len > size)
			return -ERANGE;
		memcpy(buf, host, len);
		return (long)len;
	}
	long n = syscall(SYS_getcwd, host, sizeof host);
	if (n < 0)
		return -errno;
	if (fs_sysroot_active(p) && host[0] == '/' && !fs_host_to_guest(p, host)) {
		/* Like a chrooted process whose cwd lies outside its root. */
		char tmp[PATH_MAX + 1];
		if ((size_t)snprintf(tmp, sizeof tmp, "(unreachable)%s", host) >= sizeof tmp)
			return -ENAMETOOLONG;
		memcpy(host, tmp, sizeof host);
	}
	n = (long)strlen(host) + 1;
	if ((size_t)n > size)
		return -ERANGE;
	memcpy(buf, host, (size_t)n);
	return n;
}
