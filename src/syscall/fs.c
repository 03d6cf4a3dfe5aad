/* syscall/fs.c: path-based and metadata handlers: open, stat family, directories, links, modes, times, cwd. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "fs/fuse/fuse.h"
#include "fs/procfs.h"
#include "kernel/fdtable.h"
#include "kernel/peerview.h"
#include "platform/private_fd.h"
#include "syscall/fsio.h"

_Static_assert(sizeof(struct stat) == 144, "x86_64 struct stat");
_Static_assert(sizeof(struct statfs) == 120, "x86_64 struct statfs");
_Static_assert(sizeof(struct statx) == 256, "struct statx");

#define AT_FLAGS_STAT (AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)

/* Copy the guest path at gva and resolve it. A NULL path with AT_EMPTY_PATH
 * means "" (Linux >= 6.11 accepts that for stat calls). */
static long resolve_arg(struct thread *t, int dirfd, uint64_t gva, int how, char *path, struct fs_res *r)
{
	if (gva == 0 && (how & FS_EMPTY)) {
		path[0] = 0;
	} else {
		long n = get_path(t, gva, path);
		if (n < 0)
			return n;
	}
	return fs_resolve(t->proc, dirfd, path, how, r);
}

/* The walk an *at call's AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH flags ask for. */
static int at_how(int flags)
{
	int how = (flags & AT_SYMLINK_NOFOLLOW) ? FS_NOFOLLOW : FS_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		how |= FS_EMPTY;
	return how;
}

/* ---- open ---- */

static long do_open(struct thread *t, int dirfd, uint64_t gpath, uint64_t flags, uint64_t mode)
{
	char path[PATH_MAX];
	long n = get_path(t, gpath, path);
	if (n < 0)
		return n;
	/* x86_64 Linux forces O_LARGEFILE on open/openat (visible in F_GETFL). */
	flags = (uint32_t)flags | K_O_LARGEFILE;
	return fd_result(t->proc, fs_open(t->proc, dirfd, path, flags, mode, 0, 0));
}

SYSCALL_DEFINE(open) { return do_open(t, AT_FDCWD, a[0], a[1], a[2]); }
SYSCALL_DEFINE(creat) { return do_open(t, AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, a[1]); }
SYSCALL_DEFINE(openat) { return do_open(t, (int)a[0], a[1], a[2], a[3]); }

SYSCALL_DEFINE(openat2)
{
	struct {
		uint64_t flags, mode, resolve;
	} how;
	uint64_t size = a[3];
	if (size < sizeof how)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	struct mm *mm = t_mm(t);
	if (guest_read(mm, a[2], &how, sizeof how) < 0)
		return -EFAULT;
	/* A larger (newer) struct is fine as long as the part we do not know is zero. */
	for (uint64_t off = sizeof how; off < size;) {
		uint8_t chunk[256];
		size_t n = size - off < sizeof chunk ? (size_t)(size - off) : sizeof chunk;
		if (guest_read(mm, a[2] + off, chunk, n) < 0)
			return -EFAULT;
		for (size_t i = 0; i < n; i++)
			if (chunk[i])
				return -E2BIG;
		off += n;
	}
	char path[PATH_MAX];
	long n = get_path(t, a[1], path);
	if (n < 0)
		return n;
	return fd_result(t->proc, fs_open(t->proc, (int)a[0], path, how.flags, how.mode, how.resolve, 1));
}

/* ---- stat family ---- */

/* A stat call's result, or -EFAULT where the guest's buffer is not writable. */
static long put_result(struct thread *t, long ret, uint64_t gva, const void *buf, size_t size)
{
	if (ret < 0)
		return ret;
	return guest_write(t_mm(t), gva, buf, size) < 0 ? -EFAULT : 0;
}

static long stat_at(struct thread *t, int dirfd, uint64_t gpath, uint64_t gbuf, int flags)
{
	char path[PATH_MAX];
	struct fs_res r;
	long e = resolve_arg(t, dirfd, gpath, at_how(flags), path, &r);
	if (e)
		return e;
	struct stat st;
	long ret = host_ret(fstatat(r.dirfd, r.name, &st, fs_res_atflags(&r, flags)));
	fs_release(&r);
	return put_result(t, ret, gbuf, &st, sizeof st);
}

SYSCALL_DEFINE(stat) { return stat_at(t, AT_FDCWD, a[0], a[1], 0); }
SYSCALL_DEFINE(lstat) { return stat_at(t, AT_FDCWD, a[0], a[1], AT_SYMLINK_NOFOLLOW); }

SYSCALL_DEFINE(newfstatat)
{
	int flags = (int)a[3];
	if (flags & ~AT_FLAGS_STAT)
		return -EINVAL;
	return stat_at(t, (int)a[0], a[1], a[2], flags);
}

SYSCALL_DEFINE(fstat)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	struct stat st;
	long r = host_ret(fstat(fd, &st));
	return put_result(t, r, a[1], &st, sizeof st);
}

SYSCALL_DEFINE(statx)
{
	int dirfd = (int)a[0];
	int flags = (int)a[2];
	unsigned mask = (unsigned)a[3];
	char path[PATH_MAX];
	struct fs_res r;
	long e = resolve_arg(t, dirfd, a[1], at_how(flags), path, &r);
	if (e)
		return e;
	struct statx stx;
	long ret = host_ret(syscall(SYS_statx, r.dirfd, r.name, fs_res_atflags(&r, flags), mask, &stx));
	fs_release(&r);
	return put_result(t, ret, a[4], &stx, sizeof stx);
}

SYSCALL_DEFINE(statfs)
{
	char path[PATH_MAX];
	struct fs_res r;
	long e = resolve_arg(t, AT_FDCWD, a[0], FS_FOLLOW, path, &r);
	if (e)
		return e;
	struct statfs sf;
	long ret = host_ret(statfs(fs_res_path(&r), &sf));
	fs_release(&r);
	return put_result(t, ret, a[1], &sf, sizeof sf);
}

SYSCALL_DEFINE(fstatfs)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	struct statfs sf;
	long r = host_ret(fstatfs(fd, &sf));
	return put_result(t, r, a[1], &sf, sizeof sf);
}

/* ---- access ---- */

static long access_at(struct thread *t, int dirfd, uint64_t gpath, unsigned mode, int flags)
{
	if (mode & ~7u)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char path[PATH_MAX];
	struct fs_res r;
	long e = resolve_arg(t, dirfd, gpath, at_how(flags), path, &r);
	if (e)
		return e;
	flags = fs_res_atflags(&r, flags);
	long ret = flags ? host_ret(syscall(SYS_faccessat2, r.dirfd, r.name, mode, flags))
			 : host_ret(syscall(SYS_faccessat, r.dirfd, r.name, mode));
	fs_release(&r);
	return ret;
}

SYSCALL_DEFINE(access) { return access_at(t, AT_FDCWD, a[0], (unsigned)a[1], 0); }
SYSCALL_DEFINE(faccessat) { return access_at(t, (int)a[0], a[1], (unsigned)a[2], 0); }
SYSCALL_DEFINE(faccessat2) { return access_at(t, (int)a[0], a[1], (unsigned)a[2], (int)a[3]); }

/* ---- directories ---- */

struct k_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

/* Drop the entries naming elfuse's fds from a /proc/<self>/fd listing
 * (kind 1), host threads that are no guest thread from a /proc/<self>/task
 * listing (kind 2) or a peer's (kind 4, its published threads in pv), or
 * the tree's FUSE server from /proc (kind 3). */
static long hide_private_fds(struct process *p, int kind, const struct peerview *pv, char *buf, long len)
{
	long in = 0, out = 0;
	while (in < len) {
		struct k_dirent64 *d = (struct k_dirent64 *)(buf + in);
		uint16_t rl = d->d_reclen;
		if (rl == 0 || in + rl > len)
			break;
		long fd = path_parse_num(d->d_name, strlen(d->d_name));
		int keep = kind == 3 ? !fuse_hidden_pid(fd) : kind == 2 ? procfs_task_visible(p, (pid_t)fd) : fd < private_fd_base;
		if (kind == 4) {
			keep = pv->ntids >= PEERVIEW_TIDS; /* (a list cut short: keep what is not known) */
			for (int i = 0; i < pv->ntids && !keep; i++)
				keep = pv->tids[i] == fd;
		}
		if (fd < 0 || keep) {
			if (out != in)
				memmove(buf + out, buf + in, rl);
			out += rl;
		}
		in += rl;
	}
	return out;
}

/* The old linux_dirent: name at 18, d_type in the record's last byte. The
 * record size works out the same as linux_dirent64's, so convert in place. */
static void to_old_dirents(char *buf, long len)
{
	for (long off = 0; off < len;) {
		struct k_dirent64 *d = (struct k_dirent64 *)(buf + off);
		uint16_t rl = d->d_reclen;
		if (rl < 20 || off + rl > len)
			break;
		uint8_t type = d->d_type;
		size_t nl = strnlen(d->d_name, rl - 19);
		char *rec = buf + off;
		memmove(rec + 18, rec + 19, nl);
		memset(rec + 18 + nl, 0, rl - 18 - nl);
		rec[rl - 1] = (char)type;
		off += rl;
	}
}

static long getdents_common(struct thread *t, const uint64_t *a, int old)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	struct mm *mm = t_mm(t);
	unsigned count = (unsigned)a[2];
	long peer;
	int hide = fs_dir_lists_fds(t->proc, fd, &peer);
	struct peerview pv;
	if (hide == 4 && peerview_read(peer, &pv) < 0)
		hide = 0; /* (no published view: the host's listing) */
	if (!old && !hide) {
		void *span = guest_span(mm, a[1], count, GP_WRITE);
		if (span)
			return host_ret(syscall(SYS_getdents64, fd, span, count));
	}
	/* Bounce through a buffer no larger than the accessible part of the
	 * guest's; if nothing is accessible, the guard lets the host answer
	 * (EFAULT, or 0 at the end of the directory, as Linux does). */
	struct iovec iov[16];
	size_t covered = 0;
	int k = count ? guest_iovec(mm, a[1], count, GP_WRITE, iov, 16, &covered) : 0;
	if (k <= 0 || covered == 0)
		return host_ret(syscall(SYS_getdents64, fd, count ? fsio_guard() : NULL, count));
	size_t size = covered < 65536 ? covered : 65536;
	char *buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	long n;
	for (;;) {
		n = host_ret(syscall(SYS_getdents64, fd, buf, size));
		if (n <= 0 || !hide)
			break;
		n = hide_private_fds(t->proc, hide, &pv, buf, n);
		if (n > 0)
			break; /* else everything was hidden: read on */
	}
	if (n > 0) {
		if (old)
			to_old_dirents(buf, n);
		if (guest_write(mm, a[1], buf, (size_t)n) < 0)
			n = -EFAULT;
	}
	free(buf);
	return n;
}

SYSCALL_DEFINE(getdents64) { return getdents_common(t, a, 0); }
SYSCALL_DEFINE(getdents) { return getdents_common(t, a, 1); }

SYSCALL_DEFINE(getcwd)
{
	char buf[PATH_MAX + 1];
	long n = fs_getcwd(t->proc, buf, a[1] < sizeof buf ? (size_t)a[1] : sizeof buf);
	if (n < 0)
		return n;
	return guest_write(t_mm(t), a[0], buf, (size_t)n) < 0 ? -EFAULT : n;
}

SYSCALL_DEFINE(chdir)
{
	char path[PATH_MAX];
	struct fs_res r;
	long e = resolve_arg(t, AT_FDCWD, a[0], FS_FOLLOW, path, &r);
	if (e)
		return e;
	long ret = host_ret(chdir(fs_res_path(&r)));
	fs_release(&r);
	if (ret == 0)
		fuse_cwd_left();
	return ret;
}

SYSCALL_DEFINE(fchdir)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	long ret = host_ret(fchdir(fd));
	if (ret == 0)
		fuse_cwd_left();
	return ret;
}

/* chroot needs CAP_SYS_CHROOT, which a guest of elfuse never has; the
 * lookup errors still come first, as on Linux. */
SYSCALL_DEFINE(chroot)
{
	char path[PATH_MAX];
	struct fs_res r;
	long e = resolve_arg(t, AT_FDCWD, a[0], FS_FOLLOW, path, &r);
	if (e)
		return e;
	struct stat st;
	long ret = host_ret(fstatat(r.dirfd, r.name, &st, 0));
	if (ret == 0 && !S_ISDIR(st.st_mode))
		ret = -ENOTDIR;
	if (ret == 0)
		ret = host_ret(syscall(SYS_faccessat, r.dirfd, r.name, X_OK));
	fs_release(&r);
	return ret < 0 ? ret : -EPERM;
}

static long mkdir_at(struct thread *t, int dirfd, uint64_t gpath, unsigned mode)
{
	char path[PATH_MAX];
	struct fs_res r;
	long e = resolve_arg(t, dirfd, gpath, FS_PARENT, path, &r);
	if (e)
		return e;
	long ret = host_ret(mkdirat(r.dirfd, r.name, mode));
	fs_release(&r);
	return ret;
}

SYSCALL_DEFINE(mkdir) { return mkdir_at(t, AT_FDCWD, a[0], (unsigned)a[1]); }
SYSCALL_DEFINE(mkdirat) { return mkdir_at(t, (int)a[0], a[1], (unsigned)a[2]); }

static long mknod_at(struct thread *t, int dirfd, uint64_t gpath, unsigned mode, unsigned dev)
{
	char path[PATH_MAX];
	struct fs_res r;
	long e = resolve_arg(t, dirfd, gpath, FS_PARENT, path, &r);
	if (e)
		return e;
	long ret = host_ret(syscall(SYS_mknodat, r.dirfd, r.name, mode, dev));
	fs_release(&r);
	return ret;
}

SYSCALL_DEFINE(mknod) { return mknod_at(t, AT_FDCWD, a[0], (unsigned)a[1], (unsigned)a[2]); }
SYSCALL_DEFINE(mknodat) { return mknod_at(t, (int)a[0], a[1], (unsigned)a[2], (unsigned)a[3]); }

static long unlink_at(struct thread *t, int dirfd, uint64_t gpath, int flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	char path[PATH_MAX];
	struct fs_res r;
	long e = resolve_arg(t, dirfd, gpath, FS_PARENT, path, &r);
	if (e)
		return e;
	long ret;
	size_t dl, lo, ll;
	int ps = path_split(path, &dl, &lo, &ll);
	if ((flags & AT_REMOVEDIR) && (ps & (PS_DOT | PS_DOTDOT | PS_ROOT)))
		/* Linux's answers for rmdir of ".", ".." and "/" */
		ret = (ps & PS_DOTDOT) ? -ENOTEMPTY : (ps & PS_DOT) ? -EINVAL : -EBUSY;
	else
		ret = host_ret(unlinkat(r.dirfd, r.name, flags));
	fs_release(&r);
	return ret;
}

SYSCALL_DEFINE(unlink) { return unlink_at(t, AT_FDCWD, a[0], 0); }
SYSCALL_DEFINE(rmdir) { return unlink_at(t, AT_FDCWD, a[0], AT_REMOVEDIR); }
SYSCALL_DEFINE(unlinkat) { return unlink_at(t, (int)a[0], a[1], (int)a[2]); }

static long rename_at(struct thread *t, int olddir, uint64_t gold, int newdir, uint64_t gnew, unsigned flags)
{
	char oldp[PATH_MAX], newp[PATH_MAX];
	struct fs_res ro, rn;
	long e = resolve_arg(t, olddir, gold, FS_PARENT, oldp, &ro);
	if (e)
		return e;
	e = resolve_arg(t, newdir, gnew, FS_PARENT, newp, &rn);
	if (e) {
		fs_release(&ro);
		return e;
	}
	long ret = host_ret(syscall(SYS_renameat2, ro.dirfd, ro.name, rn.dirfd, rn.name, flags));
	fs_release(&rn);
	fs_release(&ro);
	return ret;
}

SYSCALL_DEFINE(rename) { return rename_at(t, AT_FDCWD, a[0], AT_FDCWD, a[1], 0); }
SYSCALL_DEFINE(renameat) { return rename_at(t, (int)a[0], a[1], (int)a[2], a[3], 0); }
SYSCALL_DEFINE(renameat2) { return rename_at(t, (int)a[0], a[1], (int)a[2], a[3], (unsigned)a[4]); }

static long link_at(struct thread *t, int olddir, uint64_t gold, int newdir, uint64_t gnew, int flags)
{
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char oldp[PATH_MAX], newp[PATH_MAX];
	struct fs_res ro, rn;
	int how = (flags & AT_SYMLINK_FOLLOW) ? FS_FOLLOW : FS_NOFOLLOW;
	if (flags & AT_EMPTY_PATH)
		how |= FS_EMPTY;
	long e = resolve_arg(t, olddir, gold, how, oldp, &ro);
	if (e)
		return e;
	e = resolve_arg(t, newdir, gnew, FS_PARENT, newp, &rn);
	if (e) {
		fs_release(&ro);
		return e;
	}
	/* A magic-link name must be followed to reach the object it stands for. */
	if (ro.full)
		flags |= AT_SYMLINK_FOLLOW;
	long ret = host_ret(linkat(ro.dirfd, ro.name, rn.dirfd, rn.name, flags));
	fs_release(&rn);
	fs_release(&ro);
	return ret;
}

SYSCALL_DEFINE(link) { return link_at(t, AT_FDCWD, a[0], AT_FDCWD, a[1], 0); }
SYSCALL_DEFINE(linkat) { return link_at(t, (int)a[0], a[1], (int)a[2], a[3], (int)a[4]); }

static long symlink_at(struct thread *t, uint64_t gtarget, int dirfd, uint64_t gpath)
{
	char target[PATH_MAX], path[PATH_MAX];
	long n = get_path(t, gtarget, target);
	if (n < 0)
		return n;
	struct fs_res r;
	long e = resolve_arg(t, dirfd, gpath, FS_PARENT, path, &r);
	if (e)
		return e;
	/* The target is stored verbatim: it is resolved (in the sysroot) when followed. */
	long ret = host_ret(symlinkat(target, r.dirfd, r.name));
	fs_release(&r);
	return ret;
}

SYSCALL_DEFINE(symlink) { return symlink_at(t, a[0], AT_FDCWD, a[1]); }
SYSCALL_DEFINE(symlinkat) { return symlink_at(t, a[0], (int)a[1], a[2]); }

/* readlink: elfuse answers /proc/self/exe itself and shows /proc/self/{fd/N,
 * cwd,root} targets in the guest's view of the file system. */
static long readlink_at(struct thread *t, int dirfd, uint64_t gpath, uint64_t gbuf, uint64_t bufsiz)
{
	if ((int)bufsiz <= 0)
		return -EINVAL;
	struct process *p = t->proc;
	char path[PATH_MAX], out[PATH_MAX];
	long n = get_path(t, gpath, path);
	if (n < 0)
		return n;
	long len;
	int num = -1;
	const char *rest = "";
	long peer = 0;
	enum proc_kind k = path[0] == '/' ? fs_classify(p, path, &num, &rest, &peer) : PROC_NONE;
	if (k == PROC_EXE) {
		long e = fs_exe_path(p, peer, out, sizeof out);
		if (e)
			return e;
		len = (long)strlen(out);
	} else if (k == PROC_ROOT && fs_sysroot_active(p)) {
		out[0] = '/';
		len = 1;
	} else {
		struct fs_res r;
		long e = fs_resolve(p, dirfd, path, FS_NOFOLLOW | FS_EMPTY, &r);
		if (e)
			return e;
		/* A name that had to be resolved whole ("dir/.", "x/") is no symlink. */
		len = r.full ? -EINVAL : host_ret(readlinkat(r.dirfd, r.name, out, sizeof out - 1));
		fs_release(&r);
		if (len < 0)
			return len;
		if ((k == PROC_CWD || (k == PROC_FD && !rest[0])) && out[0] == '/') {
			out[len] = 0;
			/* A file elfuse generated shows the /proc path it was opened by. */
			if (k != PROC_FD || peer || procfs_fd_link(num, out, sizeof out) < 0)
				fs_host_to_guest(p, out);
			len = (long)strlen(out);
		}
	}
	if ((uint64_t)len > (unsigned)bufsiz)
		len = (long)(unsigned)bufsiz; /* truncated, and no NUL: as Linux */
	return guest_write(t_mm(t), gbuf, out, (size_t)len) < 0 ? -EFAULT : len;
}

SYSCALL_DEFINE(readlink) { return readlink_at(t, AT_FDCWD, a[0], a[1], a[2]); }
SYSCALL_DEFINE(readlinkat) { return readlink_at(t, (int)a[0], a[1], a[2], a[3]); }

/* ---- modes and owners ---- */

/* fchmodat2 (Linux 6.6) adds the flags fchmodat never had: AT_SYMLINK_NOFOLLOW
 * (a symlink itself: EOPNOTSUPP on the file systems that cannot) and
 * AT_EMPTY_PATH; anything else is EINVAL before the path is looked at. */
static long chmod_at(struct thread *t, int dirfd, uint64_t gpath, unsigned mode, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char path[PATH_MAX];
	struct fs_res r;
	long e = resolve_arg(t, dirfd, gpath, at_how(flags), path, &r);
	if (e)
		return e;
	int hflags = fs_res_atflags(&r, flags);
	long ret = hflags ? host_ret(syscall(SYS_fchmodat2, r.dirfd, r.name, mode, hflags))
			  : host_ret(syscall(SYS_fchmodat, r.dirfd, r.name, mode));
	fs_release(&r);
	return ret;
}

SYSCALL_DEFINE(chmod) { return chmod_at(t, AT_FDCWD, a[0], (unsigned)a[1], 0); }
SYSCALL_DEFINE(fchmodat) { return chmod_at(t, (int)a[0], a[1], (unsigned)a[2], 0); }
SYSCALL_DEFINE(fchmodat2) { return chmod_at(t, (int)a[0], a[1], (unsigned)a[2], (int)a[3]); }

SYSCALL_DEFINE(fchmod)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(fchmod(fd, (mode_t)a[1]));
}

static long chown_at(struct thread *t, int dirfd, uint64_t gpath, uint64_t uid, uint64_t gid, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char path[PATH_MAX];
	struct fs_res r;
	long e = resolve_arg(t, dirfd, gpath, at_how(flags), path, &r);
	if (e)
		return e;
	long ret = host_ret(fchownat(r.dirfd, r.name, (uid_t)uid, (gid_t)gid, fs_res_atflags(&r, flags)));
	fs_release(&r);
	return ret;
}

SYSCALL_DEFINE(chown) { return chown_at(t, AT_FDCWD, a[0], a[1], a[2], 0); }
SYSCALL_DEFINE(lchown) { return chown_at(t, AT_FDCWD, a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW); }
SYSCALL_DEFINE(fchownat) { return chown_at(t, (int)a[0], a[1], a[2], a[3], (int)a[4]); }

SYSCALL_DEFINE(fchown)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	return host_ret(fchown(fd, (uid_t)a[1], (gid_t)a[2]));
}

/* ---- times ---- */

/* times == NULL: now. A NULL path means dirfd itself (Linux's utimensat
 * extension, also reached through futimesat). */
static long utimens_at(struct thread *t, int dirfd, uint64_t gpath, const struct timespec *ts, int flags)
{
	if (gpath == 0) {
		if (dirfd == AT_FDCWD)
			return -EFAULT;
		FSIO_CHECK_FD(t, dirfd);
		if (flags)
			return -EINVAL;
		return host_ret(syscall(SYS_utimensat, dirfd, NULL, ts, 0));
	}
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char path[PATH_MAX];
	struct fs_res r;
	long e = resolve_arg(t, dirfd, gpath, at_how(flags), path, &r);
	if (e)
		return e;
	long ret = host_ret(syscall(SYS_utimensat, r.dirfd, r.name, ts, fs_res_atflags(&r, flags)));
	fs_release(&r);
	return ret;
}

SYSCALL_DEFINE(utimensat)
{
	struct timespec ts[2];
	if (a[2] && guest_read(t_mm(t), a[2], ts, sizeof ts) < 0)
		return -EFAULT;
	return utimens_at(t, (int)a[0], a[1], a[2] ? ts : NULL, (int)a[3]);
}

static long utimes_at(struct thread *t, int dirfd, uint64_t gpath, uint64_t gtv)
{
	struct timeval tv[2];
	struct timespec ts[2];
	if (gtv) {
		if (guest_read(t_mm(t), gtv, tv, sizeof tv) < 0)
			return -EFAULT;
		for (int i = 0; i < 2; i++) {
			if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
				return -EINVAL;
			ts[i].tv_sec = tv[i].tv_sec;
			ts[i].tv_nsec = tv[i].tv_usec * 1000;
		}
	}
	return utimens_at(t, dirfd, gpath, gtv ? ts : NULL, 0);
}

SYSCALL_DEFINE(futimesat) { return utimes_at(t, (int)a[0], a[1], a[2]); }
SYSCALL_DEFINE(utimes) { return utimes_at(t, AT_FDCWD, a[0], a[1]); }

SYSCALL_DEFINE(utime)
{
	struct {
		int64_t actime, modtime;
	} ub;
	struct timespec ts[2];
	if (a[1]) {
		if (guest_read(t_mm(t), a[1], &ub, sizeof ub) < 0)
			return -EFAULT;
		ts[0].tv_sec = ub.actime;
		ts[0].tv_nsec = 0;
		ts[1].tv_sec = ub.modtime;
		ts[1].tv_nsec = 0;
	}
	if (a[0] == 0)
		return -EFAULT;
	return utimens_at(t, AT_FDCWD, a[0], a[1] ? ts : NULL, 0);
}

/* ---- size ---- */

SYSCALL_DEFINE(truncate)
{
	if ((int64_t)a[1] < 0)
		return -EINVAL;
	char path[PATH_MAX];
	struct fs_res r;
	long e = resolve_arg(t, AT_FDCWD, a[0], FS_FOLLOW, path, &r);
	if (e)
		return e;
	if (fs_text_busy(t->proc, AT_FDCWD, fs_res_path(&r), O_WRONLY)) {
		fs_release(&r);
		return -ETXTBSY;
	}
	long ret = host_ret(truncate(fs_res_path(&r), (off_t)a[1]));
	fs_release(&r);
	return ret;
}

/* ---- file handles: not offered (a guest has no CAP_DAC_READ_SEARCH to open them) ---- */

SYSCALL_DEFINE(name_to_handle_at)
{
	(void)t;
	(void)a;
	return -EOPNOTSUPP;
}

SYSCALL_DEFINE(open_by_handle_at)
{
	(void)t;
	(void)a;
	return -EPERM;
}
