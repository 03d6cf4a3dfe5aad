/* fs/fuse/ops.c: file syscalls on FUSE paths and fds, turned into FUSE requests (the syscall-level entry fuse_syscall). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fs/fuse/dev.h"
#include "syscall/syscall.h"
#include "fs/fuse/fz.h"
#include "fs/path.h"
#include "mm/mm.h"
#include "platform/private_fd.h"

#define FUSE_SUPER_MAGIC 0x65735546
#define IO_MAX (1u << 20)

long fz_req(struct thread *t, uint64_t mount, uint32_t opcode, uint64_t nodeid, const struct iovec *in, int nin,
	    void *out, size_t outsize, int argvar, size_t *got)
{
	return fz_req_aux(t, mount, opcode, nodeid, in, nin, out, outsize, argvar, got, NULL);
}

long fz_req_aux(struct thread *t, uint64_t mount, uint32_t opcode, uint64_t nodeid, const struct iovec *in, int nin,
		void *out, size_t outsize, int argvar, size_t *got, struct fz_aux *x)
{
	uint64_t guard = (x && x->guard ? x->guard : fz_walk_guard(mount, nodeid)) << FZ_GUARD_SHIFT;
	struct fz_msg m = {.type = FZ_REQ,
			   .arg = {(int64_t)mount, opcode, (int64_t)nodeid,
				   (int64_t)((uint64_t)outsize | (argvar ? FZ_ARGVAR : 0) | guard),
				   (int64_t)((uint64_t)geteuid() | (uint64_t)getegid() << 32),
				   (int64_t)((uint64_t)(uint32_t)(t ? t->tid : getpid()) |
					     (x && x->peek ? FZ_REQ_PEEK : 0))}},
		      res;
	size_t g = 0;
	memset(&res, 0, sizeof res);
	long r = fz_call(t, &m, in, nin, &res, out, outsize, &g, t != NULL);
	if (opcode == FUSE_READ && r == 0 && nin >= 1 && in[0].iov_len >= sizeof(struct fuse_read_in)) {
		/* Linux reads through the page cache, which holds what shared mappings stored. */
		const struct fuse_read_in *ri = in[0].iov_base;
		fz_map_overlay(mount, nodeid, ri->offset, out, g);
	}
	if (got)
		*got = g;
	if (x) {
		x->flags = res.arg[1];
		x->egen = res.arg[2];
		x->eexp = res.arg[3];
		x->aexp = res.arg[4];
		x->agen = res.arg[5];
	}
	if (r == -ESTALE && (res.arg[1] & FZ_RETRY))
		fz_walk_guard_failed();
	if (r == 0 && !argvar && g != outsize)
		return -EIO;
	return r;
}

void fz_forget(uint64_t mount, uint64_t nodeid)
{
	if (!nodeid)
		return;
	struct fz_msg m = {.type = FZ_FORGET, .arg = {(int64_t)mount, (int64_t)nodeid, 1}};
	fz_send(&m, NULL, 0);
}

/* ---- open files ---- */
struct finfo {
	uint64_t id, mount, nodeid, fh;
	uint32_t oflags, kind;
	uint32_t fopen; /* the daemon's FOPEN_* flags (file_info only) */
	int gone;	/* its path was unlinked since (file_info only) */
	int64_t pos;
	struct fz_ment m;
	char path[PATH_MAX];
};

/* 1: fd is an open FUSE file (fi filled); 0: not; -errno. */
static int file_info(struct thread *t, int fd, struct finfo *fi)
{
	if (fz_fd_kind(fd, &fi->id, NULL) != FZK_FILE)
		return 0;
	struct fz_msg m = {.type = FZ_FILEINFO, .arg = {(int64_t)fi->id}}, res;
	size_t got = 0;
	long r = fz_call(t, &m, NULL, 0, &res, fi->path, sizeof fi->path - 1, &got, 0);
	if (r < 0)
		return (int)r;
	fi->path[got] = 0;
	fi->mount = (uint64_t)res.arg[1];
	fi->nodeid = (uint64_t)res.arg[2];
	fi->fh = (uint64_t)res.arg[3];
	fi->oflags = (uint32_t)res.arg[4];
	fi->kind = (uint32_t)((uint64_t)res.arg[4] >> 32) & 0xff;
	fi->fopen = (uint32_t)((uint64_t)res.arg[4] >> 40) & 0xffff;
	fi->gone = (int)((uint64_t)res.arg[4] >> 63);
	fi->pos = res.arg[5];
	if (!fz_mount_by_id(fi->mount, &fi->m)) {
		memset(&fi->m, 0, sizeof fi->m);
		fi->m.id = fi->mount;
		fi->m.max_write = 4096;
		fi->m.max_pages = 32;
		fi->m.max_read = ~0u;
	}
	return 1;
}

/* What never changes about a file this process opened (its id is random
 * and never reused): enough for close (FLUSH) without asking the server. */
#define KNOWN_SLOTS 256
static struct {
	uint64_t id, mount, nodeid, fh;
	uint32_t kind;
} known[KNOWN_SLOTS];
static pthread_mutex_t known_lock = PTHREAD_MUTEX_INITIALIZER;

static void known_put(uint64_t id, uint64_t mount, uint64_t nodeid, uint64_t fh, uint32_t kind)
{
	if (pthread_mutex_trylock(&known_lock) != 0)
		return;
	size_t i = (size_t)(id % KNOWN_SLOTS);
	known[i].id = id;
	known[i].mount = mount;
	known[i].nodeid = nodeid;
	known[i].fh = fh;
	known[i].kind = kind;
	pthread_mutex_unlock(&known_lock);
}

/* 1: fd is a FUSE file this process opened: fi's id, mount, nodeid, fh and
 * kind filled (not its position, flags or path). */
static int known_file(int fd, struct finfo *fi)
{
	if (fz_fd_kind(fd, &fi->id, NULL) != FZK_FILE || pthread_mutex_trylock(&known_lock) != 0)
		return 0;
	size_t i = (size_t)(fi->id % KNOWN_SLOTS);
	int hit = known[i].id == fi->id;
	if (hit) {
		fi->mount = known[i].mount;
		fi->nodeid = known[i].nodeid;
		fi->fh = known[i].fh;
		fi->kind = known[i].kind;
	}
	pthread_mutex_unlock(&known_lock);
	return hit;
}

static void set_pos(struct finfo *fi, int64_t pos)
{
	struct fz_msg m = {.type = FZ_SETPOS, .arg = {(int64_t)fi->id, pos}};
	fz_send(&m, NULL, 0);
	fi->pos = pos;
}

static int new_file(struct fz_walk *w, uint64_t fh, uint32_t oflags, uint32_t kind, uint32_t fopen)
{
	size_t pl = strlen(w->gpath);
	struct fz_file *f = calloc(1, sizeof *f + pl + 1);
	if (!f)
		return -ENOMEM;
	f->mount = w->m.id;
	f->nodeid = w->nodeid;
	f->fh = fh;
	f->oflags = oflags;
	f->fkind = kind;
	f->held = (uint32_t)w->held;
	f->fopen = fopen;
	memcpy(f->path, w->gpath, pl + 1);
	uint64_t id = fz_rand64();
	int fd = fz_obj_connect(FZK_FILE, id, 0, f, sizeof *f + pl + 1, 0);
	free(f);
	if (fd < 0)
		return fd;
	known_put(id, w->m.id, w->nodeid, fh, kind);
	w->held = 0; /* the connection owns the reference now; the server forgets it at the last close */
	if (fd >= fd_limit(current_process)) {
		close(fd);
		return -EMFILE;
	}
	if (!(oflags & O_CLOEXEC))
		fcntl(fd, F_SETFD, 0);
	return fd;
}

/* ---- attributes ---- */
static void to_stat(const struct fuse_attr *a, const struct fz_ment *m, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_dev = makedev(0, 200 + (unsigned)(m->id % 50));
	st->st_ino = a->ino;
	st->st_mode = a->mode;
	st->st_nlink = a->nlink;
	st->st_uid = a->uid;
	st->st_gid = a->gid;
	st->st_rdev = a->rdev;
	st->st_size = (off_t)a->size;
	st->st_blksize = a->blksize ? a->blksize : 4096;
	st->st_blocks = (blkcnt_t)a->blocks;
	st->st_atim.tv_sec = (time_t)a->atime;
	st->st_atim.tv_nsec = a->atimensec;
	st->st_mtim.tv_sec = (time_t)a->mtime;
	st->st_mtim.tv_nsec = a->mtimensec;
	st->st_ctim.tv_sec = (time_t)a->ctime;
	st->st_ctim.tv_nsec = a->ctimensec;
}

static long getattr(struct thread *t, uint64_t mount, uint64_t nodeid, const uint64_t *fh, struct fuse_attr *out)
{
	struct fuse_getattr_in gi = {0};
	if (fh) {
		gi.getattr_flags = FUSE_GETATTR_FH;
		gi.fh = *fh;
	}
	struct fuse_attr_out ao;
	struct iovec iov = {&gi, sizeof gi};
	long r = fz_req(t, mount, FUSE_GETATTR, nodeid, &iov, 1, &ao, sizeof ao, 0, NULL);
	if (r == 0)
		*out = ao.attr;
	return r;
}

static long walk_attr(struct thread *t, struct fz_walk *w, struct fuse_attr *a)
{
	if (w->have_attr && !w->attr_stale) {
		*a = w->attr;
		return 0;
	}
	return getattr(t, w->m.id, w->nodeid, NULL, a);
}


/* A mount with default_permissions: the kernel decides access from the
 * attributes (Linux's generic_permission), without asking the daemon.
 * access() checks with the real ids, AT_EACCESS with the effective ones;
 * uid 0 may do anything but execute a file no one may execute. */
long fz_default_permission(const struct fuse_attr *at, unsigned mask, int effective)
{
	uid_t uid = effective ? geteuid() : getuid();
	gid_t gid = effective ? getegid() : getgid();
	if (uid == 0)
		return (mask & 1) && !S_ISDIR(at->mode) && !(at->mode & 0111) ? -EACCES : 0;
	unsigned bits = at->mode & 7;
	if (at->uid == uid) {
		bits = (at->mode >> 6) & 7;
	} else {
		int member = at->gid == gid;
		gid_t groups[256];
		int n = getgroups(256, groups);
		for (int k = 0; k < n && !member; k++)
			member = groups[k] == at->gid;
		if (member)
			bits = (at->mode >> 3) & 7;
	}
	return (mask & ~bits) ? -EACCES : 0;
}

static int in_group(gid_t g)
{
	if (g == getegid())
		return 1;
	gid_t groups[256];
	int n = getgroups(256, groups);
	for (int i = 0; i < n; i++)
		if (groups[i] == g)
			return 1;
	return 0;
}

/* default_permissions: Linux's setattr checks. Only the owner (or root)
 * changes mode, group (to one of its groups) or explicit times; only root
 * changes the owner; setting the times to now also needs write permission
 * otherwise; truncating by path needs write permission. */
static long setattr_permitted(const struct fuse_attr *a, const struct fuse_setattr_in *si)
{
	uid_t uid = geteuid();
	if (uid == 0)
		return 0;
	int owner = a->uid == uid;
	if ((si->valid & FATTR_UID) && (!owner || si->uid != a->uid))
		return -EPERM;
	if ((si->valid & FATTR_GID) && (!owner || (si->gid != a->gid && !in_group(si->gid))))
		return -EPERM;
	if ((si->valid & FATTR_MODE) && !owner)
		return -EPERM;
	uint32_t times = si->valid & (FATTR_ATIME | FATTR_MTIME);
	if (times && !owner) {
		uint32_t now = si->valid & (FATTR_ATIME_NOW | FATTR_MTIME_NOW);
		int all_now = (!(times & FATTR_ATIME) || (now & FATTR_ATIME_NOW)) &&
			      (!(times & FATTR_MTIME) || (now & FATTR_MTIME_NOW));
		if (!all_now)
			return -EPERM;
		if (fz_default_permission(a, 2, 1) < 0)
			return -EACCES;
	}
	if ((si->valid & FATTR_SIZE) && !(si->valid & FATTR_FH) && fz_default_permission(a, 2, 1) < 0)
		return -EACCES;
	return 0;
}

static int mount_rdonly(uint64_t mount)
{
	struct fz_ment m;
	return fz_mount_by_id(mount, &m) && (m.mflags & FZM_RDONLY);
}

static long setattr(struct thread *t, uint64_t mount, uint64_t nodeid, struct fuse_setattr_in *si)
{
	if (mount_rdonly(mount))
		return -EROFS;
	struct fz_ment m;
	if (fz_mount_by_id(mount, &m) && (m.mflags & FZM_DEFAULT_PERMS)) {
		struct fuse_attr cur;
		long e = getattr(t, mount, nodeid, NULL, &cur);
		if (e < 0 || (e = setattr_permitted(&cur, si)) < 0)
			return e;
	}
	struct fuse_attr_out ao;
	struct iovec iov = {si, sizeof *si};
	long r = fz_req(t, mount, FUSE_SETATTR, nodeid, &iov, 1, &ao, sizeof ao, 0, NULL);
	if (r == 0 && (si->valid & FATTR_SIZE))
		fz_map_resized(mount, nodeid, si->size);
	return r;
}

static int cur_umask(void)
{
	mode_t m = umask(0);
	umask(m);
	return (int)m;
}

/* ---- the path helper ----
 * Returns 1 with w (in FUSE), 0 for the ordinary handler, -1 with *ret set. */
/* /proc/self/fd/N (or /dev/fd/N, /proc/thread-self/fd/N, /proc/PID/fd/N
 * of this process): N, or -1 for any other path. */
static int magic_fd(struct thread *t, const char *path)
{
	const char *p = NULL;
	char own[64];
	snprintf(own, sizeof own, "/proc/%d/fd/", (int)t->proc->pid);
	if (strncmp(path, "/proc/self/fd/", 14) == 0)
		p = path + 14;
	else if (strncmp(path, "/dev/fd/", 8) == 0)
		p = path + 8;
	else if (strncmp(path, "/proc/thread-self/fd/", 21) == 0)
		p = path + 21;
	else if (strncmp(path, own, strlen(own)) == 0)
		p = path + strlen(own);
	if (!p || *p < '0' || *p > '9' || fs_sysroot_active(t->proc))
		return -1;
	char *end;
	long n = strtol(p, &end, 10);
	return *end || n < 0 || n > 1 << 30 ? -1 : (int)n;
}

/* A followed magic link to an open FUSE file names its node (w, not held;
 * the open file holds it): 1, else 0. */
static int magic_fd_walk(struct thread *t, const char *path, struct fz_walk *w)
{
	int fd = magic_fd(t, path);
	struct finfo *fi = fd >= 0 && fd < fd_limit(t->proc) ? malloc(sizeof *fi) : NULL;
	int r = fi && file_info(t, fd, fi) == 1;
	if (r) {
		memset(w, 0, sizeof *w);
		w->m = fi->m;
		w->nodeid = fi->nodeid;
		w->gone = fi->gone;
		snprintf(w->gpath, sizeof w->gpath, "%s", fi->path);
	}
	free(fi);
	return r;
}

static int walk_arg(struct thread *t, int dirfd, uint64_t gva, int how, int empty, struct fz_walk *w, long *ret)
{
	char path[PATH_MAX];
	long n = guest_strncpy(t->proc->mm, path, gva, PATH_MAX);
	if (n < 0)
		return gva == 0 && empty ? (path[0] = 0, 0) : 0;
	if (!path[0]) {
		struct finfo fi;
		if (!empty || file_info(t, dirfd, &fi) != 1)
			return 0;
		memset(w, 0, sizeof *w);
		w->m = fi.m;
		w->nodeid = fi.nodeid;
		w->held = 0;
		snprintf(w->gpath, sizeof w->gpath, "%s", fi.path);
		return 1;
	}
	if ((how & ~FZW_PEEK) == FZW_FOLLOW && magic_fd_walk(t, path, w))
		return 1;
	int r = fz_walk(t, t->proc, dirfd, path, how, w);
	if (r == 0 || r == 2)
		return 0;
	if (r < 0) {
		*ret = r;
		return -1;
	}
	return 1;
}

static void walk_pair_done(struct fz_walk *w, struct fz_walk *w2, int k1, int k2)
{
	if (k1 == 1)
		fz_walk_done(w);
	if (k2 == 1)
		fz_walk_done(w2);
	free(w);
	free(w2);
}

/* A guest path outside FUSE resolved on the host (how: FS_*) into *out,
 * to fs_release and free; 0 or -errno. */
static long host_resolve(struct thread *t, int dirfd, uint64_t gva, int how, struct fs_res **out)
{
	char path[PATH_MAX];
	if (guest_strncpy(t->proc->mm, path, gva, PATH_MAX) < 0)
		return -EFAULT;
	struct fs_res *res = malloc(sizeof *res);
	if (!res)
		return -ENOMEM;
	long e = fs_resolve(t->proc, dirfd, path, how, res);
	if (e < 0)
		free(res);
	else
		*out = res;
	return e;
}

/* The host's verdict on the directory a path outside FUSE names its last
 * component in: 0 or -errno. */
static long host_parent(struct thread *t, int dirfd, uint64_t gva)
{
	struct fs_res *res;
	long e = host_resolve(t, dirfd, gva, FS_PARENT, &res);
	if (e < 0)
		return e;
	/* (the resolver need not have opened the directory: look at it) */
	char *dir = strdup(fs_res_path(res));
	char *slash = dir ? strrchr(dir, '/') : NULL;
	struct stat st;
	if (!dir)
		e = -ENOMEM;
	else if (slash && slash != dir) {
		*slash = 0;
		e = stat(dir, &st) < 0 ? -errno : S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
	}
	free(dir);
	fs_release(res);
	free(res);
	return e;
}

/* The guest path at gva ends in a name (not "." or ".."). */
static int last_is_name(struct thread *t, uint64_t gva)
{
	char path[PATH_MAX];
	if (guest_strncpy(t->proc->mm, path, gva, PATH_MAX) < 0)
		return 0;
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t b = n;
	while (b > 0 && path[b - 1] != '/')
		b--;
	size_t len = n - b;
	return len > 0 && path[b] != '/' && !(len == 1 && path[b] == '.') &&
	       !(len == 2 && path[b] == '.' && path[b + 1] == '.');
}

/* lstat of a guest path outside FUSE: 0 or -errno. */
static long host_lstat(struct thread *t, int dirfd, uint64_t gva, struct stat *st)
{
	struct fs_res *res;
	long e = host_resolve(t, dirfd, gva, FS_NOFOLLOW, &res);
	if (e < 0)
		return e;
	e = fstatat(res->dirfd, res->name, st, fs_res_atflags(res, AT_SYMLINK_NOFOLLOW)) < 0 ? -errno : 0;
	fs_release(res);
	free(res);
	return e;
}

/* A rename (how1 FZW_PARENT, with its flags) or link between a host name
 * and a mount point's own name: both names are in the host's filesystem (a
 * mount point's name is in its parent's), so Linux gets past its EXDEV
 * check to the operation's own. A link's target exists (EEXIST). A rename
 * checks the two kinds (ENOENT, EEXIST for RENAME_NOREPLACE, EISDIR,
 * ENOTDIR) and then finds the mount point busy (EBUSY). -EXDEV for any
 * other pair (and not for these: mv would copy the tree and empty the
 * mount). */
static long mount_point_pair(struct thread *t, int od, uint64_t op, int how1, uint32_t flags, struct fz_walk *w, int k1,
			     int nd, uint64_t np, struct fz_walk *w2, int k2)
{
	int old_mp = how1 == FZW_PARENT && k1 == 1 && w->dot == 3 && last_is_name(t, op);
	int new_mp = k2 == 1 && w2->dot == 3 && last_is_name(t, np);
	if (!((old_mp && k2 == 0) || (new_mp && k1 == 0)))
		return -EXDEV;
	struct stat st;
	if (how1 != FZW_PARENT) { /* link(2) of an existing name onto the mount point */
		long e = host_lstat(t, od, op, &st);
		return e < 0 ? e : -EEXIST;
	}
	long e = new_mp ? host_lstat(t, od, op, &st) : host_lstat(t, nd, np, &st);
	if (new_mp) { /* the source is a host name; the target exists */
		if (e < 0)
			return e;
		if (flags & RENAME_NOREPLACE)
			return -EEXIST;
		return S_ISDIR(st.st_mode) || (flags & RENAME_EXCHANGE) ? -EBUSY : -EISDIR;
	}
	if (e == -ENOENT) /* the source is the mount point; no target */
		return flags & RENAME_EXCHANGE ? -ENOENT : -EBUSY;
	if (e < 0)
		return e;
	if (flags & RENAME_NOREPLACE)
		return -EEXIST;
	return S_ISDIR(st.st_mode) || (flags & RENAME_EXCHANGE) ? -EBUSY : -ENOTDIR;
}

/* The two walks of rename and link (rflags: rename's flags, 0 for link).
 * Returns 0 when neither path is under a FUSE mount (the host does it), 1
 * when *ret already holds the answer (an error, or the paths are in
 * different file systems: EXDEV), 2 when both are in one mount and the
 * operation goes on; then walk_pair_done. */
static int walk_pair(struct thread *t, int od, uint64_t op, int how1, int empty1, int nd, uint64_t np, uint32_t rflags,
		     struct fz_walk **pw, struct fz_walk **pw2, int *k1, int *k2, long *ret)
{
	struct fz_walk *w = malloc(sizeof *w), *w2 = malloc(sizeof *w2);
	if (!w || !w2) {
		free(w);
		free(w2);
		*ret = -ENOMEM;
		return 1;
	}
	long e1 = 0, e2 = 0;
	fz_walk_hold_always(1); /* (the second directory is not the request's node) */
	*k1 = walk_arg(t, od, op, how1, empty1, w, &e1);
	*k2 = walk_arg(t, nd, np, FZW_PARENT, 0, w2, &e2);
	fz_walk_hold_always(0);
	*pw = w;
	*pw2 = w2;
	if (*k1 == 0 && *k2 == 0) {
		free(w);
		free(w2);
		return 0;
	}
	if (*k1 < 0 || *k2 < 0 || *k1 != *k2 || w->m.id != w2->m.id) {
		/* Both parents are looked up before the mounts are compared. */
		long h1 = *k1 == 0 ? host_parent(t, od, op) : 0, h2 = *k2 == 0 ? host_parent(t, nd, np) : 0;
		*ret = *k1 < 0 ? e1 : h1 < 0 ? h1 : *k2 < 0 ? e2 : h2 < 0 ? h2 : -EXDEV;
		if (*ret == -EXDEV)
			*ret = mount_point_pair(t, od, op, how1, rflags, w, *k1, nd, np, w2, *k2);
		walk_pair_done(w, w2, *k1, *k2);
		return 1;
	}
	return 2;
}

/* ---- open ---- */
static long open_path(struct thread *t, int dirfd, const char *path, uint64_t flags, uint64_t mode, long *ret,
		      int hops);

static long do_open(struct thread *t, int dirfd, uint64_t gpath, uint64_t flags, uint64_t mode, long *ret)
{
	char path[PATH_MAX];
	if (guest_strncpy(t->proc->mm, path, gpath, PATH_MAX) < 0)
		return 0;
	if (strcmp(path, "/dev/fuse") == 0 && !(flags & O_PATH)) {
		*ret = fz_dev_open((int)flags);
		if (*ret >= 0 && *ret >= fd_limit(t->proc)) {
			close((int)*ret);
			*ret = -EMFILE;
		}
		return 1;
	}
	if (!path[0])
		return 0;
	return open_path(t, dirfd, path, flags, mode, ret, 0);
}

/* O_CREAT met a symlink (w: its walk): Linux follows it and opens, or
 * creates, its target, which may lie outside the mount. */
static long create_through_link(struct thread *t, struct fz_walk *w, uint64_t flags, uint64_t mode, long *ret,
				int hops)
{
	char target[PATH_MAX + 1];
	size_t tl = 0;
	long e = fz_req(t, w->m.id, FUSE_READLINK, w->nodeid, NULL, 0, target, PATH_MAX, 1, &tl);
	if (e == 0 && (tl == 0 || memchr(target, 0, tl)))
		e = tl == 0 ? -ENOENT : -EIO;
	if (e == 0 && hops >= 40)
		e = -ELOOP;
	char *np = e == 0 ? malloc(2 * PATH_MAX + 2) : NULL;
	if (e == 0 && !np)
		e = -ENOMEM;
	if (e < 0) {
		*ret = e;
		return 1;
	}
	target[tl] = 0;
	if (target[0] == '/') {
		strcpy(np, target);
	} else {
		/* relative to the link's directory (w->gpath names the link) */
		strcpy(np, w->gpath);
		char *slash = strrchr(np, '/');
		size_t dl = slash ? (size_t)(slash - np) : 0;
		np[dl] = '/';
		strcpy(np + dl + 1, target);
	}
	if (strlen(np) >= PATH_MAX) {
		*ret = -ENAMETOOLONG;
	} else if (!open_path(t, AT_FDCWD, np, flags, mode, ret, hops + 1)) {
		/* the target lies outside every FUSE mount: the host opens it */
		*ret = fd_result(t->proc, fs_open(t->proc, AT_FDCWD, np, flags, mode, 0, 0));
	}
	free(np);
	return 1;
}

static long open_path(struct thread *t, int dirfd, const char *path, uint64_t flags, uint64_t mode, long *ret,
		      int hops)
{
	struct fz_walk *w = malloc(sizeof *w);
	if (!w) {
		*ret = -ENOMEM;
		return 1;
	}
	int acc = (int)(flags & O_ACCMODE);
	if ((flags & K_O_TMPFILE_BIT) &&
	    ((flags & (K_O_TMPFILE_BIT | O_DIRECTORY | O_CREAT)) != (K_O_TMPFILE_BIT | O_DIRECTORY) ||
	     acc == O_RDONLY)) {
		*ret = -EINVAL; /* (Linux's build_open_flags, before any lookup) */
		free(w);
		return 1;
	}
	int r;
	if (!(flags & O_NOFOLLOW) && magic_fd_walk(t, path, w)) {
		/* Reopening an open FUSE file through its magic link. */
		if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
			*ret = -EEXIST;
			free(w);
			return 1;
		}
		flags &= ~(uint64_t)(O_CREAT | O_EXCL);
		r = 1;
	} else {
		int how = (flags & O_CREAT) ? FZW_PARENT : (flags & O_NOFOLLOW) ? FZW_NOFOLLOW : FZW_FOLLOW;
		r = fz_walk(t, t->proc, dirfd, path, how, w);
	}
	if (r == 0 || r == 2) {
		free(w);
		return 0;
	}
	if (r < 0) {
		*ret = r;
		free(w);
		return 1;
	}
	long e = 0;
	if (flags & K_O_TMPFILE_BIT) {
		/* An unnamed file in the directory: this FUSE has no TMPFILE. */
		struct fuse_attr d;
		if ((e = walk_attr(t, w, &d)) == 0)
			e = !S_ISDIR(d.mode) ? -ENOTDIR : (w->m.mflags & FZM_RDONLY) ? -EROFS : -EOPNOTSUPP;
		goto done;
	}
	uint32_t oflags = (uint32_t)(flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC));
	struct fuse_attr attr;
	int have = 0;
	if ((flags & O_CREAT) && w->dot) {
		/* An existing name: "." and ".." are directories; the mount
		 * root (a mount on a file, like libfuse's null) opens as is. */
		if (flags & O_EXCL) {
			e = -EEXIST;
			goto done;
		}
		if (w->dot != 3 || (e = walk_attr(t, w, &attr)) < 0 || S_ISDIR(attr.mode)) {
			if (e == 0)
				e = -EISDIR;
			goto done;
		}
		have = 1;
	} else if (flags & O_CREAT) {
		uint64_t parent = w->nodeid;
		int pheld = w->held;
		struct fuse_entry_out eo;
		struct iovec iov = {w->name, strlen(w->name) + 1};
		e = fz_req(t, w->m.id, FUSE_LOOKUP, parent, &iov, 1, &eo, sizeof eo, 0, NULL);
		if (e == 0 && eo.nodeid == 0)
			e = -ENOENT;
		if (e == 0) {
			if (pheld)
				fz_forget(w->m.id, parent);
			w->nodeid = eo.nodeid;
			w->held = 1;
			if (flags & O_EXCL) {
				e = -EEXIST;
				goto done;
			}
			if (S_ISLNK(eo.attr.mode)) {
				if (flags & O_NOFOLLOW) {
					e = -ELOOP;
					goto done;
				}
				create_through_link(t, w, flags, mode, ret, hops);
				fz_walk_done(w);
				free(w);
				return 1;
			} else {
				attr = eo.attr;
			}
			have = 1;
		} else if (e == -ENOENT) {
			struct fuse_attr dir;
			if (w->m.mflags & FZM_RDONLY) {
				e = -EROFS;
				goto done;
			}
			if ((w->m.mflags & FZM_DEFAULT_PERMS) &&
			    ((e = walk_attr(t, w, &dir)) < 0 || (e = fz_default_permission(&dir, 3, 1)) < 0))
				goto done; /* default_permissions: creating needs write and search on the directory */
			/* CREATE; without it (ENOSYS, remembered) MKNOD + OPEN */
			/* CREATE carries O_CREAT (and O_EXCL) as Linux sends them; OPEN does not. */
			struct fuse_create_in ci = {.flags = (uint32_t)(flags & ~(uint64_t)(O_NOCTTY | O_CLOEXEC)), .mode = (uint32_t)(mode & 07777) | S_IFREG,
						    .umask = (uint32_t)cur_umask()};
			ci.mode &= ~ci.umask | S_IFMT;
			struct iovec civ[2] = {{&ci, sizeof ci}, {w->name, strlen(w->name) + 1}};
			struct {
				struct fuse_entry_out e;
				struct fuse_open_out o;
			} co;
			e = fz_req(t, w->m.id, FUSE_CREATE, parent, civ, 2, &co, sizeof co, 0, NULL);
			if (e == 0) {
				if (pheld)
					fz_forget(w->m.id, parent);
				if (!co.e.nodeid) {
					e = -EIO;
					goto done;
				}
				w->nodeid = co.e.nodeid;
				w->held = 1;
				size_t gl = strlen(w->gpath);
				(void)gl;
				int fd = new_file(w, co.o.fh, oflags, FZF_FILE, co.o.open_flags);
				e = fd;
				goto done;
			}
			if (e != -ENOSYS)
				goto done;
			struct fuse_mknod_in mi = {.mode = ci.mode, .rdev = 0, .umask = ci.umask};
			struct iovec miv[2] = {{&mi, sizeof mi}, {w->name, strlen(w->name) + 1}};
			e = fz_req(t, w->m.id, FUSE_MKNOD, parent, miv, 2, &eo, sizeof eo, 0, NULL);
			if (e < 0)
				goto done;
			if (pheld)
				fz_forget(w->m.id, parent);
			w->nodeid = eo.nodeid;
			w->held = 1;
			attr = eo.attr;
			have = 2; /* created now: Linux checks no permission on it */
			oflags &= ~(uint32_t)O_TRUNC;
		} else {
			goto done;
		}
	} else {
		if ((e = walk_attr(t, w, &attr)) < 0)
			goto done;
		have = 1;
	}
	(void)have;
	/* Linux: O_DIRECTORY is checked first (O_PATH too), then a symlink
	 * left unfollowed refuses to open unless only its path is wanted. */
	if ((flags & O_DIRECTORY) && !S_ISDIR(attr.mode)) {
		e = -ENOTDIR;
		goto done;
	}
	if (flags & O_PATH) {
		e = new_file(w, 0, (uint32_t)(flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)), FZF_PATH, 0);
		goto done;
	}
	if (S_ISLNK(attr.mode)) {
		e = -ELOOP;
		goto done;
	}
	if (S_ISDIR(attr.mode) && (acc != O_RDONLY || (flags & (O_CREAT | O_TRUNC)))) {
		e = -EISDIR;
		goto done;
	}
	if (S_ISFIFO(attr.mode)) {
		/* A FIFO is the kernel's pipe, not the daemon's: default_permissions
		 * still applies to opening it. */
		unsigned want = acc == O_RDONLY ? 4 : acc == O_WRONLY ? 2 : 6;
		if ((w->m.mflags & FZM_DEFAULT_PERMS) && (e = fz_default_permission(&attr, want, 1)) < 0)
			goto done;
		e = fd_result(t->proc, fz_fifo_open(w->m.id, w->nodeid, (int)flags));
		goto done;
	}
	/* Linux's may_open: devices on a nodev mount, then writing on a read-only one. */
	if ((S_ISCHR(attr.mode) || S_ISBLK(attr.mode)) && (w->m.mflags & FZM_NODEV)) {
		e = -EACCES;
		goto done;
	}
	if ((w->m.mflags & FZM_RDONLY) && (acc != O_RDONLY || (flags & O_TRUNC)) &&
	    (S_ISREG(attr.mode) || S_ISDIR(attr.mode) || S_ISLNK(attr.mode))) {
		e = -EROFS;
		goto done;
	}
	if (have != 2 && (w->m.mflags & FZM_DEFAULT_PERMS)) {
		unsigned want = acc == O_RDONLY ? 4 : acc == O_WRONLY ? 2 : 6;
		if ((e = fz_default_permission(&attr, want | ((flags & O_TRUNC) ? 2 : 0), 1)) < 0)
			goto done;
	}
	if (S_ISDIR(attr.mode)) {
		if (acc != O_RDONLY || (flags & O_CREAT)) {
			e = -EISDIR;
			goto done;
		}
		struct fuse_open_in oi = {.flags = oflags};
		struct fuse_open_out oo = {0};
		struct iovec iov = {&oi, sizeof oi};
		e = fz_req(t, w->m.id, FUSE_OPENDIR, w->nodeid, &iov, 1, &oo, sizeof oo, 0, NULL);
		if (e == -ENOSYS)
			e = 0, oo.fh = 0;
		if (e == 0)
			e = new_file(w, oo.fh, oflags, FZF_DIR, oo.open_flags);
		goto done;
	}
	int atomic_trunc = (w->m.init_flags & FUSE_ATOMIC_O_TRUNC) != 0;
	struct fuse_open_in oi = {.flags = atomic_trunc ? oflags : oflags & ~(uint32_t)O_TRUNC};
	struct fuse_open_out oo = {0};
	struct iovec iov = {&oi, sizeof oi};
	e = fz_req(t, w->m.id, FUSE_OPEN, w->nodeid, &iov, 1, &oo, sizeof oo, 0, NULL);
	if (e == -ENOSYS)
		e = 0, oo.fh = 0;
	if (e == 0 && (oflags & O_TRUNC) && !atomic_trunc && acc != O_RDONLY) {
		struct fuse_setattr_in si = {.valid = FATTR_SIZE | FATTR_FH, .fh = oo.fh, .size = 0};
		e = setattr(t, w->m.id, w->nodeid, &si);
		if (e < 0) {
			struct fuse_release_in ri = {.fh = oo.fh, .flags = oflags};
			struct iovec riv = {&ri, sizeof ri};
			fz_req(t, w->m.id, FUSE_RELEASE, w->nodeid, &riv, 1, NULL, 0, 0, NULL);
		}
	}
	if (e == 0 && (oflags & O_TRUNC) && atomic_trunc)
		fz_map_resized(w->m.id, w->nodeid, 0); /* (the daemon truncated it: Linux drops the pages) */
	if (e == 0)
		e = new_file(w, oo.fh, oflags, FZF_FILE, oo.open_flags);
done:
	fz_walk_done(w);
	free(w);
	*ret = e;
	return 1;
}

/* ---- data ---- */
static uint32_t read_chunk(const struct finfo *fi)
{
	uint64_t c = (uint64_t)fi->m.max_pages * 4096;
	if (c == 0)
		c = 131072;
	if (fi->m.max_read && fi->m.max_read < c)
		c = fi->m.max_read;
	if (c > IO_MAX)
		c = IO_MAX;
	return (uint32_t)c;
}

static long file_read(struct thread *t, struct finfo *fi, uint64_t gva, uint64_t count, int64_t pos)
{
	if (fi->kind == FZF_DIR)
		return -EISDIR;
	if (fi->kind != FZF_FILE || (fi->oflags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (count > 0x7ffff000)
		count = 0x7ffff000;
	uint32_t chunk = read_chunk(fi);
	char *buf = malloc(chunk);
	if (!buf)
		return -ENOMEM;
	uint64_t done = 0;
	long r = 0;
	while (done < count) {
		uint32_t want = count - done < chunk ? (uint32_t)(count - done) : chunk;
		struct fuse_read_in ri = {.fh = fi->fh, .offset = (uint64_t)pos + done, .size = want, .flags = fi->oflags};
		struct iovec iov = {&ri, sizeof ri};
		size_t got = 0;
		struct fz_aux x = {0};
		r = fz_req_aux(t, fi->mount, FUSE_READ, fi->nodeid, &iov, 1, buf, want, 1, &got, &x);
		if (r < 0)
			break;
		if (x.flags & FZ_SIZE_VALID) {
			/* Linux's page cache serves no further than the size it
			 * still holds (a daemon may have grown the file behind it). */
			uint64_t size = (uint64_t)x.egen, off = (uint64_t)pos + done;
			if (got > (size > off ? size - off : 0))
				got = size > off ? (size_t)(size - off) : 0;
		}
		if (got && guest_write(t->proc->mm, gva + done, buf, got) < 0) {
			r = -EFAULT;
			break;
		}
		done += got;
		if (got < want)
			break;
	}
	free(buf);
	return done ? (long)done : r;
}

static uint32_t write_chunk(const struct finfo *fi)
{
	uint32_t c = fi->m.max_write ? fi->m.max_write : 4096;
	return c > IO_MAX ? IO_MAX : c;
}

/* One WRITE of n (<= write_chunk) bytes at off: the bytes written or -errno. */
long fz_write_req(struct thread *t, uint64_t mount, uint64_t nodeid, uint64_t fh, uint32_t oflags, const char *buf,
		  uint32_t n, int64_t off)
{
	struct fuse_write_in wi = {.fh = fh, .offset = (uint64_t)off, .size = n, .flags = oflags};
	struct iovec iov[2] = {{&wi, sizeof wi}, {(void *)buf, n}};
	struct fuse_write_out wo;
	long r = fz_req(t, mount, FUSE_WRITE, nodeid, iov, 2, &wo, sizeof wo, 0, NULL);
	return r < 0 ? r : wo.size > n ? -EIO : (long)wo.size;
}

static long write_req(struct thread *t, struct finfo *fi, const char *buf, uint32_t n, int64_t off)
{
	long r = fz_write_req(t, fi->mount, fi->nodeid, fi->fh, fi->oflags, buf, n, off);
	if (r > 0)
		fz_map_wrote(fi->mount, fi->nodeid, buf, (size_t)r, (uint64_t)off);
	return r;
}

static long file_write(struct thread *t, struct finfo *fi, uint64_t gva, uint64_t count, int64_t *pos, int append)
{
	if (fi->kind == FZF_DIR)
		return -EISDIR;
	if (fi->kind != FZF_FILE || (fi->oflags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (count > 0x7ffff000)
		count = 0x7ffff000;
	if (append) {
		struct fuse_attr a;
		long e = getattr(t, fi->mount, fi->nodeid, &fi->fh, &a);
		if (e < 0)
			return e;
		*pos = (int64_t)a.size;
	}
	uint32_t chunk = write_chunk(fi);
	char *buf = malloc(chunk);
	if (!buf)
		return -ENOMEM;
	uint64_t done = 0;
	long r = 0;
	while (done < count) {
		uint32_t want = count - done < chunk ? (uint32_t)(count - done) : chunk;
		if (guest_read(t->proc->mm, gva + done, buf, want) < 0) {
			r = -EFAULT;
			break;
		}
		r = write_req(t, fi, buf, want, *pos + (int64_t)done);
		if (r < 0)
			break;
		done += (uint64_t)r;
		if ((uint32_t)r < want)
			break;
	}
	free(buf);
	*pos += (int64_t)done;
	return done ? (long)done : r;
}

/* ---- sendfile, splice and copy_file_range with a FUSE end ----
 * Linux moves the data through the page cache; here it goes through a
 * host buffer, a chunk at a time. An end is a FUSE file (fi) or a host fd,
 * at an offset of the caller's or at its file position. */
struct xend {
	int fd;
	struct finfo *fi;
	int64_t off; /* the offset used (and advanced) */
	int at_pos;  /* no offset given: the file position */
};

static long xend_read(struct thread *t, struct xend *x, char *buf, size_t n)
{
	ssize_t r;
	if (x->fi) {
		size_t got = 0;
		if (n > read_chunk(x->fi))
			n = read_chunk(x->fi);
		struct fuse_read_in ri = {.fh = x->fi->fh, .offset = (uint64_t)x->off, .size = (uint32_t)n,
					  .flags = x->fi->oflags};
		struct iovec iov = {&ri, sizeof ri};
		long e = fz_req(t, x->fi->mount, FUSE_READ, x->fi->nodeid, &iov, 1, buf, n, 1, &got);
		r = e < 0 ? e : (ssize_t)got;
	} else {
		r = x->at_pos ? read(x->fd, buf, n) : pread(x->fd, buf, n, x->off);
		if (r < 0)
			r = -errno;
	}
	if (r > 0)
		x->off += r;
	return r;
}

static long xend_write(struct thread *t, struct xend *x, const char *buf, size_t n)
{
	ssize_t r;
	if (x->fi) {
		r = write_req(t, x->fi, buf, (uint32_t)n, x->off);
	} else {
		r = x->at_pos ? write(x->fd, buf, n) : pwrite(x->fd, buf, n, x->off);
		if (r < 0)
			r = -errno;
	}
	if (r > 0)
		x->off += r;
	return r;
}

static long transfer(struct thread *t, struct xend *in, struct xend *out, uint64_t len)
{
	if (in->fi && (in->fi->kind != FZF_FILE || (in->fi->oflags & O_ACCMODE) == O_WRONLY))
		return -EBADF;
	if (out->fi && (out->fi->kind != FZF_FILE || (out->fi->oflags & O_ACCMODE) == O_RDONLY))
		return -EBADF;
	if (out->fi && (out->fi->oflags & O_APPEND))
		return -EINVAL; /* (Linux: no splice or sendfile into an O_APPEND file) */
	if (in->fi && in->at_pos)
		in->off = in->fi->pos;
	if (out->fi && out->at_pos)
		out->off = out->fi->pos;
	size_t chunk = out->fi ? write_chunk(out->fi) : 1u << 20;
	char *buf = malloc(chunk);
	if (!buf)
		return -ENOMEM;
	uint64_t total = 0;
	long r = 0;
	if (len > 0x7ffff000)
		len = 0x7ffff000;
	while (total < len) {
		size_t want = len - total < chunk ? (size_t)(len - total) : chunk;
		r = xend_read(t, in, buf, want);
		if (r <= 0)
			break;
		size_t got = (size_t)r, put = 0;
		while (put < got && (r = xend_write(t, out, buf + put, got - put)) > 0)
			put += (size_t)r;
		total += put;
		if (put < got)
			break;
		r = 0;
	}
	free(buf);
	if (in->fi && in->at_pos && total)
		set_pos(in->fi, in->off);
	if (out->fi && out->at_pos && total)
		set_pos(out->fi, out->off);
	return total ? (long)total : r;
}

struct gseg {
	uint64_t base, len;
};

/* read/write families: nseg guest segments; pos < 0: the file position. */
static long file_rw(struct thread *t, struct finfo *fi, const struct gseg *seg, size_t nseg, int is_write, int64_t pos)
{
	int use_fpos = pos < 0;
	int64_t p = use_fpos ? fi->pos : pos;
	int append = is_write && (fi->oflags & O_APPEND);
	long total = 0, r = 0;
	for (size_t i = 0; i < nseg; i++) {
		if (!seg[i].len)
			continue;
		if (is_write) {
			r = file_write(t, fi, seg[i].base, seg[i].len, &p, append && i == 0);
		} else {
			r = file_read(t, fi, seg[i].base, seg[i].len, p);
			if (r > 0)
				p += r;
		}
		if (r < 0)
			break;
		total += r;
		if ((uint64_t)r < seg[i].len)
			break;
	}
	if (total == 0 && nseg && r == 0 && !is_write && fi->kind != FZF_FILE)
		r = fi->kind == FZF_DIR ? -EISDIR : -EBADF;
	if (use_fpos && total > 0)
		set_pos(fi, p);
	if (total == 0 && r == 0) {
		if (fi->kind == FZF_DIR)
			return -EISDIR;
		if (fi->kind != FZF_FILE)
			return -EBADF;
		if (is_write ? (fi->oflags & O_ACCMODE) == O_RDONLY : (fi->oflags & O_ACCMODE) == O_WRONLY)
			return -EBADF;
	}
	return total ? total : r;
}

/* ---- directories ---- */
static long file_getdents(struct thread *t, struct finfo *fi, uint64_t gva, uint64_t count, int old)
{
	if (fi->kind != FZF_DIR)
		return fi->kind == FZF_PATH ? -EBADF : -ENOTDIR;
	size_t size = count < 65536 ? (size_t)count : 65536;
	if (size < 32)
		return -EINVAL;
	char *in = malloc(size), *out = malloc(size);
	if (!in || !out) {
		free(in);
		free(out);
		return -ENOMEM;
	}
	struct fuse_read_in ri = {.fh = fi->fh, .offset = (uint64_t)fi->pos, .size = (uint32_t)size};
	struct iovec iov = {&ri, sizeof ri};
	size_t got = 0;
	long r = fz_req(t, fi->mount, FUSE_READDIR, fi->nodeid, &iov, 1, in, size, 1, &got);
	size_t o = 0;
	int64_t npos = fi->pos;
	for (size_t off = 0; r == 0 && off + FUSE_NAME_OFFSET <= got;) {
		struct fuse_dirent *d = (void *)(in + off);
		if (d->namelen == 0 || d->namelen > 1024) {
			r = -EIO;
			break;
		}
		size_t rl = FUSE_DIRENT_SIZE(d);
		if (off + FUSE_NAME_OFFSET + d->namelen > got)
			break;
		if (memchr(d->name, '/', d->namelen)) {
			r = -EIO;
			break;
		}
		size_t nl = d->namelen;
		size_t orl = old ? ((18 + nl + 2 + 7) & ~(size_t)7) : ((19 + nl + 1 + 7) & ~(size_t)7);
		if (o + orl > count)
			break;
		char *rec = out + o;
		memset(rec, 0, orl);
		uint64_t ino = d->ino;
		int64_t doff = (int64_t)d->off;
		uint16_t rl16 = (uint16_t)orl;
		memcpy(rec, &ino, 8);
		memcpy(rec + 8, &doff, 8);
		memcpy(rec + 16, &rl16, 2);
		if (old) {
			memcpy(rec + 18, d->name, nl);
			rec[orl - 1] = (char)d->type;
		} else {
			rec[18] = (char)d->type;
			memcpy(rec + 19, d->name, nl);
		}
		o += orl;
		npos = doff;
		off += rl;
	}
	if (r == 0 && o == 0 && got > 0)
		r = -EINVAL; /* the guest's buffer cannot take one entry */
	if (r == 0 && o > 0) {
		if (guest_write(t->proc->mm, gva, out, o) < 0)
			r = -EFAULT;
		else {
			set_pos(fi, npos);
			r = (long)o;
		}
	}
	free(in);
	free(out);
	return r;
}

/* ---- path operations ---- */
static long op_stat(struct thread *t, struct fz_walk *w, uint64_t gbuf, int statx_mask, int is_statx)
{
	struct fuse_attr a;
	long e = walk_attr(t, w, &a);
	if (e < 0)
		return e;
	struct stat st;
	to_stat(&a, &w->m, &st);
	if (!is_statx)
		return guest_write(t->proc->mm, gbuf, &st, sizeof st) < 0 ? -EFAULT : 0;
	(void)statx_mask;
	struct statx sx;
	memset(&sx, 0, sizeof sx);
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = (uint32_t)st.st_blksize;
	sx.stx_nlink = (uint32_t)st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = (uint16_t)st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = (uint64_t)st.st_size;
	sx.stx_blocks = (uint64_t)st.st_blocks;
	sx.stx_atime.tv_sec = st.st_atim.tv_sec;
	sx.stx_atime.tv_nsec = (uint32_t)st.st_atim.tv_nsec;
	sx.stx_mtime.tv_sec = st.st_mtim.tv_sec;
	sx.stx_mtime.tv_nsec = (uint32_t)st.st_mtim.tv_nsec;
	sx.stx_ctime.tv_sec = st.st_ctim.tv_sec;
	sx.stx_ctime.tv_nsec = (uint32_t)st.st_ctim.tv_nsec;
	sx.stx_rdev_major = major(st.st_rdev);
	sx.stx_rdev_minor = minor(st.st_rdev);
	sx.stx_dev_major = major(st.st_dev);
	sx.stx_dev_minor = minor(st.st_dev);
	return guest_write(t->proc->mm, gbuf, &sx, sizeof sx) < 0 ? -EFAULT : 0;
}

/* Is the walked name in its directory? 1 (its entry in *out, if given),
 * 0, or -errno (one LOOKUP, whose reference goes back at once). */
static long name_entry_held(struct thread *t, struct fz_walk *w, struct fuse_entry_out *out, int keep)
{
	struct fuse_entry_out eo;
	struct iovec iov = {w->name, strlen(w->name) + 1};
	long e = fz_req(t, w->m.id, FUSE_LOOKUP, w->nodeid, &iov, 1, &eo, sizeof eo, 0, NULL);
	if (e == -ENOENT || (e == 0 && !eo.nodeid))
		return 0;
	if (e < 0)
		return e;
	if (!keep)
		fz_forget(w->m.id, eo.nodeid);
	if (out)
		*out = eo;
	return 1;
}

static long name_entry(struct thread *t, struct fz_walk *w, struct fuse_entry_out *out)
{
	return name_entry_held(t, w, out, 0);
}

/* default_permissions: a name is created in or removed from a directory
 * only with write and search permission on it; Linux reports first that
 * the name exists (removing 0, creating: EEXIST) or is missing (removing
 * 1: ENOENT); 2 (a rename's target) reports neither. In a sticky
 * directory only the owner of the name or of the directory (or root)
 * removes or replaces it: EPERM (Linux's check_sticky). */
static long dir_write_check(struct thread *t, struct fz_walk *w, int removing)
{
	if (!(w->m.mflags & FZM_DEFAULT_PERMS) || w->dot)
		return 0;
	struct fuse_attr dir;
	long e = walk_attr(t, w, &dir);
	if (e < 0)
		return e;
	if (fz_default_permission(&dir, 3, 1) == 0) {
		uid_t uid = geteuid();
		if (!removing || !(dir.mode & S_ISVTX) || uid == 0 || dir.uid == uid)
			return 0;
		struct fuse_entry_out victim;
		long ex = name_entry(t, w, &victim);
		if (ex < 0)
			return ex;
		return ex && victim.attr.uid != uid ? -EPERM : 0;
	}
	long ex = name_entry(t, w, NULL);
	if (ex < 0)
		return ex;
	if (removing == 1 && !ex)
		return -ENOENT;
	return removing == 0 && ex ? -EEXIST : -EACCES;
}

/* A read-only mount (MS_RDONLY), as Linux's mnt_want_write: creating a
 * name reports an existing one (EEXIST) first; removing does not look. */
static long ro_check(struct thread *t, struct fz_walk *w, int creating)
{
	if (!(w->m.mflags & FZM_RDONLY) || (creating && w->dot))
		return 0;
	long ex = creating ? name_entry(t, w, NULL) : 0;
	return ex < 0 ? ex : ex ? -EEXIST : -EROFS;
}

/* Linux's may_linkat with fs.protected_hardlinks: only the owner (or
 * root) links a file that is not a plain regular one it could read and
 * write (the permission part only with default_permissions). An existing
 * new name is reported first (EEXIST). */
static long may_linkat(struct thread *t, struct fz_walk *from, struct fz_walk *to)
{
	static int protect = -1;
	if (protect < 0) {
		FILE *f = fopen("/proc/sys/fs/protected_hardlinks", "re");
		int v = 1;
		if (f) {
			if (fscanf(f, "%d", &v) != 1)
				v = 1;
			fclose(f);
		}
		protect = v != 0;
	}
	uid_t uid = geteuid();
	if (!protect || uid == 0)
		return 0;
	struct fuse_attr at;
	long e = walk_attr(t, from, &at);
	if (e < 0)
		return e;
	if (at.uid == uid)
		return 0;
	int safe = S_ISREG(at.mode) && !(at.mode & S_ISUID) && (at.mode & (S_ISGID | S_IXGRP)) != (S_ISGID | S_IXGRP);
	if (safe && (!(from->m.mflags & FZM_DEFAULT_PERMS) || fz_default_permission(&at, 6, 1) == 0))
		return 0;
	long ex = to->dot ? 1 : name_entry(t, to, NULL);
	return ex < 0 ? ex : ex ? -EEXIST : -EPERM;
}

/* Tell the server the paths of the rename (to: the new path) or unlink
 * (to: "") this thread sends next: if it succeeds, the open files and cwds
 * under the old path move to the new one, or are marked deleted, before
 * the caller is answered (their FILEINFO paths, getcwd, /proc/self/fd). */
static void note_paths(uint64_t mount, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);
	char *pl = malloc(fl + tl + 2);
	if (!pl)
		return;
	memcpy(pl, from, fl + 1);
	memcpy(pl + fl + 1, to, tl + 1);
	struct fz_msg m = {.type = FZ_RENAMED, .arg = {(int64_t)mount}};
	fz_send(&m, pl, fl + tl + 2);
	free(pl);
}

static void note_renamed(struct fz_walk *from, struct fz_walk *to) { note_paths(from->m.id, from->gpath, to->gpath); }

/* readlink of /proc/<self or pid>/cwd while that cwd is inside a mount:
 * its guest path (Linux's d_path, " (deleted)" once removed), not the
 * host's cwd. 1 with *ret set, else 0. */
static int cwd_link(struct thread *t, const char *path, uint64_t gbuf, uint64_t bufsiz, long *ret)
{
	int num = -1;
	const char *rest = "";
	long peer = 0;
	if (path[0] != '/' || fs_classify(t->proc, path, &num, &rest, &peer) != PROC_CWD || rest[0])
		return 0;
	char buf[PATH_MAX + 16];
	int in = fz_proc_cwd(peer, buf, PATH_MAX);
	if (!in)
		return 0;
	if (in == 2)
		strcat(buf, " (deleted)");
	size_t n = strlen(buf);
	n = n < (unsigned)bufsiz ? n : (unsigned)bufsiz;
	*ret = guest_write(t->proc->mm, gbuf, buf, n) < 0 ? -EFAULT : (long)n;
	return 1;
}

/* The same before an unlink or rmdir of w's name: the server marks what
 * that path opened as deleted if it succeeds. */
static void note_removed(struct fz_walk *w) { note_paths(w->m.id, w->gpath, ""); }

/* rename's checks on the two names, made before the file system is asked
 * (Linux's do_renameat2 and vfs_rename): the source must exist; with
 * RENAME_NOREPLACE the target must not, with RENAME_EXCHANGE it must; two
 * names of one inode make a rename that does nothing (*same = 1); and a
 * directory and a non-directory do not replace each other. */
static long rename_names(struct thread *t, struct fz_walk *from, struct fz_walk *to, uint32_t flags, long *same)
{
	struct fuse_entry_out src, dst;
	/* (the source's reference is kept across the target's lookup: a
	 * daemon may give a forgotten inode a new nodeid, and the two names
	 * of one inode must show one nodeid) */
	long e = name_entry_held(t, from, &src, 1);
	if (e <= 0)
		return e ? e : -ENOENT;
	long have = name_entry(t, to, &dst);
	fz_forget(from->m.id, src.nodeid);
	if (have < 0)
		return have;
	if (have && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if (!have && (flags & RENAME_EXCHANGE))
		return -ENOENT;
	/* A directory cannot move below itself, nor a name onto one of its
	 * ancestors (Linux's lock_rename trap). */
	size_t fl = strlen(from->gpath), tl = strlen(to->gpath);
	if (fl < tl && strncmp(from->gpath, to->gpath, fl) == 0 && to->gpath[fl] == '/')
		return -EINVAL;
	if (tl < fl && strncmp(to->gpath, from->gpath, tl) == 0 && from->gpath[tl] == '/')
		return (flags & RENAME_EXCHANGE) ? -EINVAL : -ENOTEMPTY;
	if (have && dst.nodeid == src.nodeid) {
		*same = 1;
		return 0;
	}
	if (have && !(flags & RENAME_EXCHANGE)) {
		if (S_ISDIR(src.attr.mode) && !S_ISDIR(dst.attr.mode))
			return -ENOTDIR;
		if (!S_ISDIR(src.attr.mode) && S_ISDIR(dst.attr.mode))
			return -EISDIR;
	}
	return 0;
}

/* A new entry (MKNOD, MKDIR, SYMLINK, LINK) named by w; its reply in *eo. */
static long entry_op_out(struct thread *t, struct fz_walk *w, uint32_t op, const void *in, size_t inlen,
			 const char *extra, struct fuse_entry_out *out)
{
	if (w->dot)
		return -EEXIST;
	struct iovec iov[3];
	int n = 0;
	if (inlen)
		iov[n++] = (struct iovec){(void *)in, inlen};
	iov[n++] = (struct iovec){w->name, strlen(w->name) + 1};
	if (extra)
		iov[n++] = (struct iovec){(void *)extra, strlen(extra) + 1};
	long e = fz_req(t, w->m.id, op, w->nodeid, iov, n, out, sizeof *out, 0, NULL);
	if (e == 0 && out->nodeid)
		fz_forget(w->m.id, out->nodeid); /* nothing is cached: the new entry's reference goes back */
	return e;
}

static long entry_op(struct thread *t, struct fz_walk *w, uint32_t op, const void *in, size_t inlen, const char *extra)
{
	struct fuse_entry_out eo;
	return entry_op_out(t, w, op, in, inlen, extra, &eo);
}

int fz_unix_node(struct thread *t, const char *path, int bind, uint64_t *mount, uint64_t *ino, char *gpath,
		 size_t gsize)
{
	struct fz_walk *w = malloc(sizeof *w);
	if (!w)
		return -ENOMEM;
	int r = fz_walk(t, t->proc, AT_FDCWD, path, bind ? FZW_PARENT : FZW_FOLLOW, w);
	if (r != 1) {
		if (r == 2)
			snprintf(gpath, gsize, "%s", w->gpath);
		free(w);
		return r;
	}
	long e;
	if (bind) {
		/* Linux's unix_bind: a socket node, mode 0777 less the umask. */
		struct fuse_mknod_in mi = {.mode = S_IFSOCK | 0777, .umask = (uint32_t)cur_umask()};
		mi.mode &= ~mi.umask;
		struct fuse_entry_out eo = {0};
		if ((e = ro_check(t, w, 1)) == 0 && (e = dir_write_check(t, w, 0)) == 0)
			e = entry_op_out(t, w, FUSE_MKNOD, &mi, sizeof mi, NULL, &eo);
		if (e == -EEXIST)
			e = -EADDRINUSE;
		*ino = eo.attr.ino ? eo.attr.ino : eo.nodeid;
	} else {
		struct fuse_attr a = {0};
		e = walk_attr(t, w, &a);
		if (e == 0 && !S_ISSOCK(a.mode))
			e = -ECONNREFUSED;
		*ino = a.ino ? a.ino : w->nodeid;
	}
	*mount = w->m.id;
	fz_walk_done(w);
	free(w);
	return e < 0 ? (int)e : 1;
}

static long op_setattr_path(struct thread *t, struct fz_walk *w, struct fuse_setattr_in *si)
{
	return setattr(t, w->m.id, w->nodeid, si);
}

static void times_to_setattr(const struct timespec *ts, struct fuse_setattr_in *si)
{
	if (!ts) {
		si->valid |= FATTR_ATIME | FATTR_ATIME_NOW | FATTR_MTIME | FATTR_MTIME_NOW;
		return;
	}
	for (int i = 0; i < 2; i++) {
		if (ts[i].tv_nsec == UTIME_OMIT)
			continue;
		uint32_t now = i ? FATTR_MTIME_NOW : FATTR_ATIME_NOW;
		si->valid |= i ? FATTR_MTIME : FATTR_ATIME;
		if (ts[i].tv_nsec == UTIME_NOW)
			si->valid |= now;
		else if (i) {
			si->mtime = (uint64_t)ts[i].tv_sec;
			si->mtimensec = (uint32_t)ts[i].tv_nsec;
		} else {
			si->atime = (uint64_t)ts[i].tv_sec;
			si->atimensec = (uint32_t)ts[i].tv_nsec;
		}
	}
}

/* Linux's xattr_permission, before the daemon is asked: security.* and
 * system.* are the file system's business; trusted.* is root's (others:
 * EPERM to change, ENODATA to read); user.* lives only on regular files
 * and directories, and on a sticky directory changes only for its owner;
 * then, with default_permissions, reading needs r and changing w. */
static long xattr_permission(struct thread *t, uint64_t mount, uint64_t nodeid, const char *name, int write)
{
	uid_t uid = geteuid();
	if (strncmp(name, "security.", 9) == 0 || strncmp(name, "system.", 7) == 0)
		return 0;
	if (strncmp(name, "trusted.", 8) == 0)
		return uid == 0 ? 0 : write ? -EPERM : -ENODATA;
	int user = strncmp(name, "user.", 5) == 0;
	struct fz_ment m;
	int dp = fz_mount_by_id(mount, &m) && (m.mflags & FZM_DEFAULT_PERMS);
	if (!user && !dp)
		return 0;
	struct fuse_attr at;
	long e = getattr(t, mount, nodeid, NULL, &at);
	if (e < 0)
		return e;
	if (user && !S_ISREG(at.mode) && !S_ISDIR(at.mode))
		return write ? -EPERM : -ENODATA;
	if (user && S_ISDIR(at.mode) && (at.mode & S_ISVTX) && write && uid != 0 && at.uid != uid)
		return -EPERM;
	return dp ? fz_default_permission(&at, write ? 2 : 4, 1) : 0;
}

static long xattr_get(struct thread *t, uint64_t mount, uint64_t nodeid, uint64_t gname, uint64_t gval, uint64_t size,
		      int list)
{
	char name[256] = "";
	if (!list) {
		long n = guest_strncpy(t->proc->mm, name, gname, sizeof name);
		if (n < 0)
			return n == -ENAMETOOLONG ? -ERANGE : n;
		if (!name[0])
			return -ERANGE;
		long e = xattr_permission(t, mount, nodeid, name, 0);
		if (e < 0)
			return e;
	}
	if (size > 65536)
		size = 65536;
	struct fuse_getxattr_in gi = {.size = (uint32_t)size};
	struct iovec iov[2] = {{&gi, sizeof gi}, {name, strlen(name) + 1}};
	long r;
	if (size == 0) {
		struct fuse_getxattr_out go;
		r = fz_req(t, mount, list ? FUSE_LISTXATTR : FUSE_GETXATTR, nodeid, iov, list ? 1 : 2, &go, sizeof go,
			   0, NULL);
		if (r == 0)
			r = go.size;
	} else {
		char *buf = malloc(size);
		if (!buf)
			return -ENOMEM;
		size_t got = 0;
		r = fz_req(t, mount, list ? FUSE_LISTXATTR : FUSE_GETXATTR, nodeid, iov, list ? 1 : 2, buf, size, 1,
			   &got);
		if (r == 0)
			r = guest_write(t->proc->mm, gval, buf, got) < 0 ? -EFAULT : (long)got;
		free(buf);
	}
	return r == -ENOSYS ? -EOPNOTSUPP : r;
}

static long xattr_set(struct thread *t, uint64_t mount, uint64_t nodeid, uint64_t gname, uint64_t gval, uint64_t size,
		      int flags, int remove)
{
	char name[256];
	long n = guest_strncpy(t->proc->mm, name, gname, sizeof name);
	if (n < 0)
		return n == -ENAMETOOLONG ? -ERANGE : n;
	if (!name[0])
		return -ERANGE;
	/* (Linux checks the arguments, then the mount, then the permission) */
	if (!remove && size > 65536)
		return -E2BIG;
	if (!remove && (flags & ~(XATTR_CREATE | XATTR_REPLACE)))
		return -EINVAL;
	if (mount_rdonly(mount))
		return -EROFS;
	long pe = xattr_permission(t, mount, nodeid, name, 1);
	if (pe < 0)
		return pe;
	if (remove) {
		struct iovec iov = {name, strlen(name) + 1};
		long r = fz_req(t, mount, FUSE_REMOVEXATTR, nodeid, &iov, 1, NULL, 0, 0, NULL);
		return r == -ENOSYS ? -EOPNOTSUPP : r;
	}
	char *val = malloc(size ? size : 1);
	if (!val)
		return -ENOMEM;
	if (size && guest_read(t->proc->mm, gval, val, size) < 0) {
		free(val);
		return -EFAULT;
	}
	struct fuse_setxattr_in si = {.size = (uint32_t)size, .flags = (uint32_t)flags};
	struct iovec iov[3] = {{&si, FUSE_COMPAT_SETXATTR_IN_SIZE}, {name, strlen(name) + 1}, {val, size}};
	long r = fz_req(t, mount, FUSE_SETXATTR, nodeid, iov, 3, NULL, 0, 0, NULL);
	free(val);
	return r == -ENOSYS ? -EOPNOTSUPP : r;
}

/* Read a whole FUSE file into host file fd (at offset 0): 0 or -errno. */
/* Read a whole FUSE file into host file fd (at offset 0), as far as its
 * size: Linux's page cache holds nothing past i_size (and a daemon that
 * never ends a file must not fill the host's memory). 0 or -errno. */
static int file_copy_into(struct thread *t, uint64_t mount, uint64_t nodeid, uint64_t fh, uint32_t oflags, int fd)
{
	struct fuse_attr a;
	long r = getattr(t, mount, nodeid, &fh, &a);
	if (r < 0)
		return (int)r;
	char *buf = malloc(131072);
	if (!buf)
		return -ENOMEM;
	for (uint64_t off = 0; off < a.size;) {
		uint32_t want = a.size - off < 131072 ? (uint32_t)(a.size - off) : 131072;
		struct fuse_read_in ri = {.fh = fh, .offset = off, .size = want, .flags = oflags};
		struct iovec iov = {&ri, sizeof ri};
		size_t got = 0;
		r = fz_req(t, mount, FUSE_READ, nodeid, &iov, 1, buf, want, 1, &got);
		if (r < 0 || got == 0)
			break;
		if (pwrite(fd, buf, got, (off_t)off) != (ssize_t)got) {
			r = -EIO;
			break;
		}
		off += got;
	}
	free(buf);
	if (r >= 0 && ftruncate(fd, (off_t)a.size) < 0)
		r = -errno; /* (a short file reads as zeros up to its size, as from Linux's page cache) */
	return r < 0 ? (int)r : 0;
}

/* Read a whole FUSE file into a memfd (private mappings, exec). */
static int file_to_memfd(struct thread *t, uint64_t mount, uint64_t nodeid, uint64_t fh, uint32_t oflags)
{
	int mfd = (int)syscall(SYS_memfd_create, "fuse", 1);
	if (mfd < 0)
		return -errno;
	int r = file_copy_into(t, mount, nodeid, fh, oflags, mfd);
	if (r < 0) {
		close(mfd);
		return r;
	}
	return mfd;
}

static int read_in(const struct fz_mapfile *f, int into)
{
	return file_copy_into(NULL, f->mount, f->nodeid, f->fh, f->oflags, into);
}

int fuse_mmap_fd(struct thread *t, int fd, int shared, int *memfd, struct mf_owner **owner, char *name, size_t nsz)
{
	*owner = NULL;
	if (!fuse_tree_active() || fd < 0 || fd >= fd_limit(t->proc))
		return 0; /* (elfuse's own fds are no guest's) */
	struct finfo fi;
	int k = file_info(t, fd, &fi);
	if (k <= 0)
		return k;
	if (fi.kind != FZF_FILE)
		return fi.kind == FZF_DIR ? -ENODEV : -EBADF;
	snprintf(name, nsz, "%s", fi.path);
	int acc = fi.oflags & O_ACCMODE;
	if (acc == O_WRONLY)
		return -EACCES;
	if (shared && (fi.fopen & FOPEN_DIRECT_IO))
		return -ENODEV; /* Linux's fuse_file_mmap: no shared mapping without the page cache (DIRECT_IO_ALLOW_MMAP is not offered) */
	if (!shared) {
		int m = file_to_memfd(t, fi.mount, fi.nodeid, fi.fh, fi.oflags);
		if (m < 0)
			return m;
		*memfd = m;
		return 1;
	}
	struct fz_mapfile f = {.mount = fi.mount,
			       .nodeid = fi.nodeid,
			       .fh = fi.fh,
			       .oflags = fi.oflags,
			       .max_write = write_chunk(&fi),
			       .writable = acc == O_RDWR};
	int content;
	long r = fz_map_shared(&f, fd, read_in, &content, owner);
	if (r < 0)
		return (int)r;
	/* The caller's fd carries the file's access mode: a read-only one
	 * cannot be mapped (or mprotect'ed) writable. */
	char self[64];
	snprintf(self, sizeof self, "/proc/self/fd/%d", content);
	int m = acc == O_RDWR ? fcntl(content, F_DUPFD_CLOEXEC, private_fd_base) : open(self, O_RDONLY | O_CLOEXEC);
	if (m >= 0 && acc != O_RDWR) {
		int p = private_fd(m);
		m = p < 0 ? -1 : p;
	}
	if (m < 0) {
		(*owner)->put(*owner);
		*owner = NULL;
		return -ENOMEM;
	}
	*memfd = m;
	return 1;
}

int fuse_exec_open(struct process *p, const char *path, int *fd, char *exe, size_t exe_size)
{
	if (!fuse_tree_active() && !fz_nmounts())
		return 0;
	struct fz_walk *w = malloc(sizeof *w);
	if (!w)
		return -ENOMEM;
	int r = fz_walk(NULL, p, AT_FDCWD, path, FZW_FOLLOW, w);
	if (r != 1) {
		free(w);
		return r < 0 ? r : 0;
	}
	struct fuse_attr a;
	long e = (w->m.mflags & FZM_NOEXEC) ? -EACCES : walk_attr(NULL, w, &a);
	if (e == 0 && !S_ISREG(a.mode))
		e = -EACCES;
	if (e == 0 && !(a.mode & 0111))
		e = -EACCES;
	struct fuse_open_out oo = {0};
	if (e == 0) {
		struct fuse_open_in oi = {.flags = O_RDONLY};
		struct iovec iov = {&oi, sizeof oi};
		e = fz_req(NULL, w->m.id, FUSE_OPEN, w->nodeid, &iov, 1, &oo, sizeof oo, 0, NULL);
		if (e == -ENOSYS)
			e = 0;
	}
	if (e == 0) {
		int m = file_to_memfd(NULL, w->m.id, w->nodeid, oo.fh, O_RDONLY);
		struct fuse_release_in ri = {.fh = oo.fh};
		struct iovec iov = {&ri, sizeof ri};
		fz_req(NULL, w->m.id, FUSE_RELEASE, w->nodeid, &iov, 1, NULL, 0, 0, NULL);
		if (m < 0)
			e = m;
		else {
			*fd = m;
			snprintf(exe, exe_size, "%s", w->gpath);
		}
	}
	fz_walk_done(w);
	free(w);
	return e < 0 ? (int)e : 1;
}

/* ---- the syscall entry ---- */
#define GUEST_MM (t->proc->mm)

/* 1 if some guest fd of this process is open file description id. */
static int fd_of_file(struct thread *t, uint64_t id)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return 1;
	int lim = fd_limit(t->proc), found = 0;
	struct dirent *e;
	while (!found && (e = readdir(d))) {
		char *end;
		long fd = strtol(e->d_name, &end, 10);
		uint64_t fid;
		if (!*end && end != e->d_name && fd >= 0 && fd < lim && fd != dirfd(d) &&
		    fz_fd_kind((int)fd, &fid, NULL) == FZK_FILE && fid == id)
			found = 1;
	}
	closedir(d);
	return found;
}

/* What Linux keeps in f_flags after open (O_TRUNC only mattered for OPEN). */
static uint32_t status_flags(const struct finfo *fi)
{
	return fi->oflags & ~(uint32_t)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
}

/* Change status flags (those F_SETFL may change) of a FUSE file. */
static long set_status_flags(struct thread *t, struct finfo *fi, uint32_t set, uint32_t clear)
{
	struct fz_msg m = {.type = FZ_SETFL, .arg = {(int64_t)fi->id, (status_flags(fi) & ~clear) | set}}, res;
	return fz_call(t, &m, NULL, 0, &res, NULL, 0, NULL, 0);
}

/* ioctl(2) on a FUSE file: the requests Linux's VFS answers itself (as it
 * does for a file system without the matching operation), then FUSE_IOCTL
 * in restricted mode: the command's encoded size and direction say what is
 * copied in and out (the daemon cannot ask for more: FUSE_IOCTL_RETRY is
 * EIO), and ENOSYS from the daemon reads as ENOTTY. */
static long file_ioctl(struct thread *t, int fd, struct finfo *fi, unsigned cmd, uint64_t arg)
{
	int v;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		return fcntl(fd, F_SETFD, cmd == FIOCLEX ? FD_CLOEXEC : 0) < 0 ? -errno : 0;
	case FIONBIO:
	case FIOASYNC:
		if (guest_read(GUEST_MM, arg, &v, sizeof v) < 0)
			return -EFAULT;
		if (cmd == FIOASYNC)
			return !v == !(fi->oflags & O_ASYNC) ? 0 : -ENOTTY; /* (no fasync on FUSE) */
		return set_status_flags(t, fi, v ? O_NONBLOCK : 0, v ? 0 : O_NONBLOCK);
	case FIFREEZE:
	case FITHAW:
		return geteuid() == 0 ? -EOPNOTSUPP : -EPERM;
	case FS_IOC_FIEMAP:
		return -EOPNOTSUPP;
	case FICLONE:
	case FICLONERANGE:
	case FIDEDUPERANGE: {
		int src = (int)arg;
		if (cmd != FICLONE) {
			int64_t s64;
			if (guest_read(GUEST_MM, arg, &s64, sizeof s64) < 0)
				return -EFAULT;
			src = (int)s64;
		}
		if (cmd == FIDEDUPERANGE)
			src = fd;
		if (fd_check(t->proc, src))
			return -EBADF;
		/* No remap_file_range on FUSE: EOPNOTSUPP within the mount. */
		struct finfo *si = malloc(sizeof *si);
		long e = !si ? -ENOMEM : file_info(t, src, si) == 1 && si->mount == fi->mount ? -EOPNOTSUPP : -EXDEV;
		free(si);
		return e;
	}
	default:
		break;
	}
	if (cmd == FIGETBSZ || cmd == FIOQSIZE || (cmd == FIONREAD && fi->kind == FZF_FILE)) {
		struct fuse_attr at;
		long e = getattr(t, fi->mount, fi->nodeid, fi->kind == FZF_FILE ? &fi->fh : NULL, &at);
		if (e < 0)
			return e;
		if (cmd == FIGETBSZ) {
			v = 4096; /* (the superblock's: a page, for fuse) */
			return guest_write(GUEST_MM, arg, &v, sizeof v) < 0 ? -EFAULT : 0;
		}
		if (cmd == FIOQSIZE) {
			int64_t q = (int64_t)at.blocks * 512; /* (inode_get_bytes: what is allocated) */
			if (!S_ISDIR(at.mode) && !S_ISREG(at.mode) && !S_ISLNK(at.mode))
				return -ENOTTY;
			return guest_write(GUEST_MM, arg, &q, sizeof q) < 0 ? -EFAULT : 0;
		}
		if (S_ISREG(at.mode)) {
			v = (int)((int64_t)at.size - fi->pos);
			return guest_write(GUEST_MM, arg, &v, sizeof v) < 0 ? -EFAULT : 0;
		}
	}
	uint32_t size = cmd == FS_IOC_GETFLAGS || cmd == FS_IOC_SETFLAGS ? sizeof(int) : _IOC_SIZE(cmd);
	uint32_t in_size = (_IOC_DIR(cmd) & _IOC_WRITE) ? size : 0, out_size = (_IOC_DIR(cmd) & _IOC_READ) ? size : 0;
	struct {
		struct fuse_ioctl_in in;
		char data[1 << 14];
	} *req = malloc(sizeof *req);
	struct {
		struct fuse_ioctl_out out;
		char data[1 << 14];
	} *rep = malloc(sizeof *rep);
	long e = req && rep ? 0 : -ENOMEM;
	if (!e && in_size && guest_read(GUEST_MM, arg, req->data, in_size) < 0)
		e = -EFAULT;
	size_t got = 0;
	if (!e) {
		req->in = (struct fuse_ioctl_in){.fh = fi->fh,
						 .flags = fi->kind == FZF_DIR ? FUSE_IOCTL_DIR : 0,
						 .cmd = cmd,
						 .arg = arg,
						 .in_size = in_size,
						 .out_size = out_size};
		struct iovec iov = {req, sizeof req->in + in_size};
		e = fz_req(t, fi->mount, FUSE_IOCTL, fi->nodeid, &iov, 1, rep, sizeof rep->out + out_size, 1, &got);
		if (e == -ENOSYS)
			e = -ENOTTY;
	}
	if (!e && got < sizeof rep->out)
		e = -EIO;
	else if (!e && (rep->out.flags & FUSE_IOCTL_RETRY))
		e = -EIO; /* (restricted mode) */
	else if (!e && got - sizeof rep->out && guest_write(GUEST_MM, arg, rep->data, got - sizeof rep->out) < 0)
		e = -EFAULT;
	else if (!e)
		e = rep->out.result;
	free(req);
	free(rep);
	return e;
}

static long fd_simple(struct thread *t, uint64_t nr, const uint64_t *a, struct finfo *fi)
{
	switch (nr) {
	case SYS_read:
	case SYS_write: {
		struct gseg s = {a[1], a[2]};
		return file_rw(t, fi, &s, 1, nr == SYS_write, -1);
	}
	case SYS_pread64:
	case SYS_pwrite64: {
		if ((int64_t)a[3] < 0)
			return -EINVAL;
		struct gseg s = {a[1], a[2]};
		return file_rw(t, fi, &s, 1, nr == SYS_pwrite64, (int64_t)a[3]);
	}
	case SYS_readv:
	case SYS_writev:
	case SYS_preadv:
	case SYS_pwritev:
	case SYS_preadv2:
	case SYS_pwritev2: {
		if (a[2] > 1024)
			return -EINVAL;
		struct gseg seg[1024];
		if (a[2] && guest_read(GUEST_MM, a[1], seg, a[2] * sizeof seg[0]) < 0)
			return -EFAULT;
		int64_t pos = -1;
		if (nr == SYS_preadv || nr == SYS_pwritev) {
			if ((int64_t)a[3] < 0)
				return -EINVAL;
			pos = (int64_t)a[3];
		} else if (nr == SYS_preadv2 || nr == SYS_pwritev2) {
			if ((int64_t)a[3] < -1)
				return -EINVAL;
			pos = (int64_t)a[3];
		}
		return file_rw(t, fi, seg, (size_t)a[2], nr == SYS_writev || nr == SYS_pwritev || nr == SYS_pwritev2,
			       pos);
	}
	case SYS_lseek: {
		int64_t off = (int64_t)a[1], np;
		if (fi->kind == FZF_PATH)
			return -EBADF;
		switch ((int)a[2]) {
		case SEEK_SET:
			np = off;
			break;
		case SEEK_CUR:
			np = fi->pos + off;
			break;
		case SEEK_END:
		case SEEK_DATA:
		case SEEK_HOLE: {
			if ((int)a[2] != SEEK_END && fi->kind == FZF_FILE) {
				struct fuse_lseek_in li = {.fh = fi->fh, .offset = (uint64_t)off, .whence = (uint32_t)a[2]};
				struct fuse_lseek_out lo;
				struct iovec iov = {&li, sizeof li};
				long e = fz_req(t, fi->mount, FUSE_LSEEK, fi->nodeid, &iov, 1, &lo, sizeof lo, 0, NULL);
				if (e == 0) {
					set_pos(fi, (int64_t)lo.offset);
					return (long)lo.offset;
				}
				if (e != -ENOSYS)
					return e;
			}
			struct fuse_attr at;
			long e = getattr(t, fi->mount, fi->nodeid, fi->kind == FZF_FILE ? &fi->fh : NULL, &at);
			if (e < 0)
				return e;
			if ((int)a[2] == SEEK_END)
				np = (int64_t)at.size + off;
			else if (off < 0 || (uint64_t)off >= at.size)
				return -ENXIO;
			else
				np = (int)a[2] == SEEK_DATA ? off : (int64_t)at.size;
			break;
		}
		default:
			return -EINVAL;
		}
		if (np < 0)
			return -EINVAL;
		set_pos(fi, np);
		return np;
	}
	case SYS_fstat: {
		struct fuse_attr at;
		long e = getattr(t, fi->mount, fi->nodeid, fi->kind == FZF_FILE ? &fi->fh : NULL, &at);
		if (e < 0)
			return e;
		struct stat st;
		to_stat(&at, &fi->m, &st);
		return guest_write(GUEST_MM, a[1], &st, sizeof st) < 0 ? -EFAULT : 0;
	}
	case SYS_fstatfs: {
		struct fuse_statfs_out so;
		long e = fz_req(t, fi->mount, FUSE_STATFS, fi->nodeid, NULL, 0, &so, sizeof so, 0, NULL);
		if (e < 0)
			return e;
		struct statfs sf;
		memset(&sf, 0, sizeof sf);
		sf.f_type = FUSE_SUPER_MAGIC;
		sf.f_bsize = so.st.bsize;
		sf.f_blocks = so.st.blocks;
		sf.f_bfree = so.st.bfree;
		sf.f_bavail = so.st.bavail;
		sf.f_files = so.st.files;
		sf.f_ffree = so.st.ffree;
		sf.f_namelen = so.st.namelen;
		sf.f_frsize = so.st.frsize;
		return guest_write(GUEST_MM, a[1], &sf, sizeof sf) < 0 ? -EFAULT : 0;
	}
	case SYS_getdents64:
	case SYS_getdents:
		return file_getdents(t, fi, a[1], (uint32_t)a[2], nr == SYS_getdents);
	case SYS_fsync:
	case SYS_fdatasync: {
		if (fi->kind == FZF_PATH)
			return -EBADF;
		struct fuse_fsync_in fs = {.fh = fi->fh, .fsync_flags = nr == SYS_fdatasync};
		struct iovec iov = {&fs, sizeof fs};
		long e = fz_req(t, fi->mount, fi->kind == FZF_DIR ? FUSE_FSYNCDIR : FUSE_FSYNC, fi->nodeid, &iov, 1, NULL,
				0, 0, NULL);
		return e == -ENOSYS ? 0 : e;
	}
	case SYS_ftruncate: {
		if ((int64_t)a[1] < 0)
			return -EINVAL;
		if (fi->kind != FZF_FILE)
			return fi->kind == FZF_PATH ? -EBADF : -EINVAL;
		if ((fi->oflags & O_ACCMODE) == O_RDONLY)
			return -EINVAL;
		struct fuse_setattr_in si = {.valid = FATTR_SIZE | FATTR_FH, .fh = fi->fh, .size = a[1]};
		return setattr(t, fi->mount, fi->nodeid, &si);
	}
	case SYS_fallocate: {
		if (fi->kind != FZF_FILE || (fi->oflags & O_ACCMODE) == O_RDONLY)
			return -EBADF;
		struct fuse_fallocate_in fa = {.fh = fi->fh, .offset = a[2], .length = a[3], .mode = (uint32_t)a[1]};
		struct iovec iov = {&fa, sizeof fa};
		long e = fz_req(t, fi->mount, FUSE_FALLOCATE, fi->nodeid, &iov, 1, NULL, 0, 0, NULL);
		return e == -ENOSYS ? -EOPNOTSUPP : e;
	}
	case SYS_fchmod: {
		if (fi->kind == FZF_PATH)
			return -EBADF;
		struct fuse_setattr_in si = {.valid = FATTR_MODE, .mode = (uint32_t)a[1] & 07777};
		return setattr(t, fi->mount, fi->nodeid, &si);
	}
	case SYS_fchown: {
		if (fi->kind == FZF_PATH)
			return -EBADF;
		struct fuse_setattr_in si = {0};
		if ((uint32_t)a[1] != (uint32_t)-1)
			si.valid |= FATTR_UID, si.uid = (uint32_t)a[1];
		if ((uint32_t)a[2] != (uint32_t)-1)
			si.valid |= FATTR_GID, si.gid = (uint32_t)a[2];
		return setattr(t, fi->mount, fi->nodeid, &si);
	}
	case SYS_fgetxattr:
		return xattr_get(t, fi->mount, fi->nodeid, a[1], a[2], a[3], 0);
	case SYS_flistxattr:
		return xattr_get(t, fi->mount, fi->nodeid, 0, a[1], a[2], 1);
	case SYS_fsetxattr:
		return xattr_set(t, fi->mount, fi->nodeid, a[1], a[2], a[3], (int)a[4], 0);
	case SYS_fremovexattr:
		return xattr_set(t, fi->mount, fi->nodeid, a[1], 0, 0, 0, 1);
	case SYS_fchdir: {
		if (fi->kind == FZF_FILE)
			return -ENOTDIR;
		if (fi->kind == FZF_PATH) { /* an O_PATH fd may name anything */
			struct fuse_attr at;
			long e = getattr(t, fi->mount, fi->nodeid, NULL, &at);
			if (e < 0 || !S_ISDIR(at.mode))
				return e < 0 ? e : -ENOTDIR;
		}
		/* The directory's node itself (it may have been renamed since it
		 * was opened), with a reference of its own for the cwd. */
		struct fz_walk *w = calloc(1, sizeof *w);
		if (!w)
			return -ENOMEM;
		w->m = fi->m;
		w->nodeid = fi->nodeid;
		snprintf(w->gpath, sizeof w->gpath, "%s", fi->path);
		long e = 0;
		if (fi->nodeid != FUSE_ROOT_ID) { /* (the root needs no reference: it is never forgotten) */
			struct fz_msg hm = {.type = FZ_HOLD, .arg = {(int64_t)fi->mount, (int64_t)fi->nodeid, 0, 1}},
				      hres;
			e = fz_call(t, &hm, NULL, 0, &hres, NULL, 0, NULL, 0);
			w->held = e == 0;
		}
		if (e == 0) {
			e = fz_cwd_set(t, w);
			fz_walk_done(w);
		} else {
			e = -ENOENT;
		}
		free(w);
		return e;
	}
	case SYS_ioctl:
		if (fi->kind == FZF_PATH)
			return -EBADF;
		return file_ioctl(t, (int)(uint32_t)a[0], fi, (unsigned)a[1], a[2]);
	case SYS_close: {
		long e = 0;
		if (fi->kind == FZF_FILE) {
			struct fuse_flush_in fl = {.fh = fi->fh};
			struct iovec iov = {&fl, sizeof fl};
			e = fz_req(t, fi->mount, FUSE_FLUSH, fi->nodeid, &iov, 1, NULL, 0, 0, NULL);
			if (e == -ENOSYS || e == -ENOTCONN || e == -ECONNABORTED || e == -ENODEV)
				e = 0;
		}
		close((int)a[0]);
		fz_lock_closed(fi->id, fi->mount, fi->nodeid, fz_lock_held(fi->id) && !fd_of_file(t, fi->id));
		return e == -EINTR ? -EINTR : e;
	}
	default:
		return -EOPNOTSUPP;
	}
}

static int is_fd_call(uint64_t nr)
{
	switch (nr) {
	case SYS_read: case SYS_write: case SYS_pread64: case SYS_pwrite64: case SYS_readv: case SYS_writev:
	case SYS_preadv: case SYS_pwritev: case SYS_preadv2: case SYS_pwritev2: case SYS_lseek: case SYS_fstat: case SYS_fstatfs: case SYS_getdents64:
	case SYS_getdents: case SYS_fsync: case SYS_fdatasync: case SYS_ftruncate: case SYS_fallocate:
	case SYS_fchmod: case SYS_fchown: case SYS_fgetxattr: case SYS_flistxattr: case SYS_fsetxattr:
	case SYS_fremovexattr: case SYS_fchdir: case SYS_ioctl: case SYS_close:
		return 1;
	default:
		return 0;
	}
}

static long dev_call(struct thread *t, uint64_t nr, const uint64_t *a, int fd, uint64_t sess, int *ours, int nowait)
{
	*ours = 1;
	switch (nr) {
	case SYS_read:
		return fz_dev_read(t, fd, sess, a[1], a[2], nowait);
	case SYS_readv: {
		/* libfuse reads with read(); readv takes the first segment */
		if (a[2] == 0)
			return 0;
		struct gseg s;
		if (guest_read(GUEST_MM, a[1], &s, sizeof s) < 0)
			return -EFAULT;
		return fz_dev_read(t, fd, sess, s.base, s.len, nowait);
	}
	case SYS_write: {
		struct iovec v = {(void *)(uintptr_t)a[1], a[2]};
		return fz_dev_writev(t, fd, sess, &v, 1, nowait);
	}
	case SYS_writev: {
		if (a[2] > 1024)
			return -EINVAL;
		struct iovec v[1024];
		struct gseg seg[1024];
		if (a[2] && guest_read(GUEST_MM, a[1], seg, a[2] * sizeof seg[0]) < 0)
			return -EFAULT;
		for (size_t i = 0; i < a[2]; i++)
			v[i] = (struct iovec){(void *)(uintptr_t)seg[i].base, seg[i].len};
		return fz_dev_writev(t, fd, sess, v, (int)a[2], nowait);
	}
	case SYS_fstat: {
		struct stat st;
		fz_dev_stat(&st);
		return guest_write(GUEST_MM, a[1], &st, sizeof st) < 0 ? -EFAULT : 0;
	}
	case SYS_ioctl:
		if ((uint32_t)a[1] == FUSE_DEV_IOC_CLONE)
			return fz_dev_clone(t, fd, a[2]);
		return -ENOTTY;
	case SYS_pread64:
	case SYS_pwrite64:
	case SYS_lseek:
		return -ESPIPE;
	default:
		*ours = 0;
		return 0;
	}
}

long fuse_server_try(struct thread *t, uint64_t nr, const uint64_t *a)
{
	if (nr != SYS_read && nr != SYS_readv && nr != SYS_write && nr != SYS_writev)
		return SYSCALL_XPORT_REJECT;
	int fd = (int)(uint32_t)a[0];
	uint64_t sess;
	if (fd < 0 || fd >= fd_limit(t->proc) || fz_fd_kind(fd, NULL, &sess) != FZK_DEV)
		return SYSCALL_XPORT_REJECT;
	int ours;
	long r = dev_call(t, nr, a, fd, sess, &ours, 1);
	return ours ? r : SYSCALL_XPORT_REJECT;
}

/* Calls that would reach the host socket behind a FUSE fd: Linux's answer for a non-socket file. */
static long foreign_call(uint64_t nr, const uint64_t *a)
{
	int fds[2] = {(int)(uint32_t)a[0], -1};
	long err = -ENOTSOCK;
	switch (nr) {
	case SYS_splice:
		fds[1] = (int)(uint32_t)a[2];
		err = -EINVAL;
		break;
	case SYS_tee:
		fds[1] = (int)(uint32_t)a[1];
		err = -EINVAL;
		break;
	case SYS_sendfile:
		err = -EINVAL; /* out is FUSE (in is handled above) */
		break;
	case SYS_vmsplice:
		err = -EBADF;
		break;
	case SYS_sendto: case SYS_sendmsg: case SYS_recvfrom: case SYS_recvmsg: case SYS_shutdown:
	case SYS_getsockopt: case SYS_setsockopt: case SYS_getpeername: case SYS_getsockname: case SYS_connect:
	case SYS_bind: case SYS_listen: case SYS_accept: case SYS_accept4: case SYS_sendmmsg: case SYS_recvmmsg:
		break;
	default:
		return 0;
	}
	for (int i = 0; i < 2; i++) {
		int k = fds[i] >= 0 ? fz_fd_kind(fds[i], NULL, NULL) : 0;
		if (k == FZK_FILE || k == FZK_DEV)
			return err;
	}
	return 0;
}

/* fcntl F_GETFL/F_SETFL on a FUSE file: the guest's open flags (kept by
 * the server per open file, so dups share them), not the socket's. */
static int is_lock_cmd(int cmd)
{
	return cmd == F_SETLK || cmd == F_SETLKW || cmd == F_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW ||
	       cmd == F_OFD_GETLK;
}

/* flock(2) and fcntl's record locks on a FUSE file (lock.c keeps them). */
static long file_lock(struct thread *t, uint64_t nr, const uint64_t *a, struct finfo *fi)
{
	if (fi->kind == FZF_PATH)
		return -EBADF;
	if (nr == SYS_flock)
		return fz_lock_flock(fi->id, fi->mount, fi->nodeid, (int)a[1]);
	int cmd = (int)a[1];
	struct flock fl;
	if (guest_read(GUEST_MM, a[2], &fl, sizeof fl) < 0)
		return -EFAULT;
	int acc = (int)(fi->oflags & O_ACCMODE);
	int set = cmd != F_GETLK && cmd != F_OFD_GETLK;
	if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK && fl.l_type != F_UNLCK)
		return -EINVAL;
	if (set && ((fl.l_type == F_RDLCK && acc == O_WRONLY) || (fl.l_type == F_WRLCK && acc == O_RDONLY)))
		return -EBADF;
	/* The lock file is empty and at offset 0: make the start absolute. */
	int whence = fl.l_whence;
	if (whence == SEEK_CUR) {
		fl.l_start += fi->pos;
	} else if (whence == SEEK_END) {
		struct fuse_attr at;
		long e = getattr(t, fi->mount, fi->nodeid, NULL, &at);
		if (e < 0)
			return e;
		fl.l_start += (off_t)at.size;
	} else if (whence != SEEK_SET) {
		return -EINVAL;
	}
	fl.l_whence = SEEK_SET;
	long e = fz_lock_fcntl(fi->id, fi->mount, fi->nodeid, cmd, &fl);
	if (e == 0 && !set) {
		if (fl.l_type != F_UNLCK && whence != SEEK_SET) /* (Linux reports SEEK_SET starts) */
			fl.l_whence = SEEK_SET;
		if (guest_write(GUEST_MM, a[2], &fl, sizeof fl) < 0)
			return -EFAULT;
	}
	return e;
}

static int file_fcntl_fl(struct thread *t, const uint64_t *a, long *ret)
{
	int fd = (int)(uint32_t)a[0];
	if (fd < 0 || fd >= fd_limit(t->proc) || fz_fd_kind(fd, NULL, NULL) != FZK_FILE)
		return 0;
	struct finfo *fi = malloc(sizeof *fi);
	if (!fi) {
		*ret = -ENOMEM;
		return 1;
	}
	int r = file_info(t, fd, fi);
	if (r <= 0) {
		free(fi);
		return r < 0 ? (*ret = r, 1) : 0;
	}
	if ((int)a[1] == F_GETFL) {
		*ret = status_flags(fi);
	} else if (fi->kind == FZF_PATH) {
		*ret = -EBADF;
	} else {
		const uint32_t mask = O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME;
		*ret = set_status_flags(t, fi, (uint32_t)a[2] & mask, mask);
	}
	free(fi);
	return 1;
}

/* FLUSH for every fd of an open FUSE file (cloexec: only the close-on-exec
 * ones). t NULL: the waits ignore signals, as Linux's forced FLUSH of a
 * dying or exec'ing process. */
static void flush_fds(struct thread *t, struct process *p, int cloexec)
{
	/* Linux tears the memory down (a FUSE mapping's close writes its
	 * dirty pages back) before it closes the files. */
	fz_map_sync_all();
	if (!fuse_tree_active() || !p)
		return;
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return;
	int lim = fd_limit(p), self = dirfd(d);
	struct finfo *fi = malloc(sizeof *fi);
	struct dirent *e;
	while (fi && (e = readdir(d))) {
		char *end;
		long fd = strtol(e->d_name, &end, 10);
		if (*end || end == e->d_name || fd < 0 || fd >= lim || fd == self)
			continue;
		if (cloexec) {
			int fl = fcntl((int)fd, F_GETFD);
			if (fl < 0 || !(fl & FD_CLOEXEC))
				continue;
		}
		if (fz_fd_kind((int)fd, NULL, NULL) == FZK_DEV) {
			/* Linux closes in fd order: a daemon's last /dev/fuse
			 * reference going ends its connection, so the FLUSHes of
			 * its own files that follow fail instead of waiting for
			 * the daemon that is going away. */
			close((int)fd);
			continue;
		}
		if ((!known_file((int)fd, fi) && file_info(t, (int)fd, fi) != 1) || fi->kind != FZF_FILE)
			continue;
		struct fuse_flush_in fl = {.fh = fi->fh};
		struct iovec iov = {&fl, sizeof fl};
		fz_req(t, fi->mount, FUSE_FLUSH, fi->nodeid, &iov, 1, NULL, 0, 0, NULL);
	}
	free(fi);
	closedir(d);
}

void fuse_exit_flush(struct thread *t) { flush_fds(t, t->proc, 0); }
void fuse_exec_flush(struct process *p) { flush_fds(NULL, p, 1); }
void fuse_die_flush(void) { flush_fds(NULL, current_process, 0); }

/* sendfile and splice with a FUSE file at one end: 1 and *ret, or 0. */
static int xfer_call(struct thread *t, uint64_t nr, const uint64_t *a, long *ret)
{
	int in = (int)(uint32_t)(nr == SYS_sendfile ? a[1] : a[0]), out = (int)(uint32_t)(nr == SYS_sendfile ? a[0] : a[2]);
	uint64_t gin = nr == SYS_sendfile ? a[2] : a[1], gout = nr == SYS_sendfile ? 0 : a[3];
	uint64_t len = nr == SYS_sendfile ? a[3] : a[4];
	int lim = fd_limit(t->proc);
	int ki = in >= 0 && in < lim ? fz_fd_kind(in, NULL, NULL) : 0, ko = out >= 0 && out < lim ? fz_fd_kind(out, NULL, NULL) : 0;
	if (nr == SYS_splice && ko == FZK_DEV && ki != FZK_FILE && ki != FZK_DEV) {
		/* A reply spliced from a pipe (libfuse's way with file data). */
		uint64_t sess = 0;
		fz_fd_kind(out, NULL, &sess);
		*ret = fd_check(t->proc, in) ? -EBADF : gin || gout ? -ESPIPE : fz_dev_splice_in(t, in, out, sess, len);
		return 1;
	}
	if (ki != FZK_FILE && ko != FZK_FILE)
		return 0;
	if (ki == FZK_DEV || ko == FZK_DEV) {
		*ret = -EINVAL;
		return 1;
	}
	struct finfo *fi = ki == FZK_FILE ? malloc(sizeof *fi) : NULL, *fo = ko == FZK_FILE ? malloc(sizeof *fo) : NULL;
	long e = 0;
	if ((ki == FZK_FILE && (!fi || file_info(t, in, fi) != 1)) || (ko == FZK_FILE && (!fo || file_info(t, out, fo) != 1)))
		e = -EBADF;
	struct stat st;
	if (!e && nr == SYS_splice) {
		/* splice: the other end must be a pipe, with no offset */
		int other = fi ? out : in;
		uint64_t other_off = fi ? gout : gin;
		if ((fi && fo) || fd_check(t->proc, other) || fstat(other, &st) < 0 || !S_ISFIFO(st.st_mode))
			e = fd_check(t->proc, other) ? -EBADF : -EINVAL;
		else if (other_off)
			e = -ESPIPE;
	}
	struct xend xi = {in, fi, 0, !gin}, xo = {out, fo, 0, !gout};
	if (!e && ((gin && guest_read(GUEST_MM, gin, &xi.off, 8) < 0) || (gout && guest_read(GUEST_MM, gout, &xo.off, 8) < 0)))
		e = -EFAULT;
	if (!e && ((gin && xi.off < 0) || (gout && xo.off < 0)))
		e = -EINVAL;
	if (!e) {
		e = transfer(t, &xi, &xo, len);
		if (e >= 0 && gin)
			guest_write(GUEST_MM, gin, &xi.off, 8);
		if (e >= 0 && gout)
			guest_write(GUEST_MM, gout, &xo.off, 8);
	}
	free(fi);
	free(fo);
	*ret = e;
	return 1;
}

/* Does the call name the tree's server by pid (or process group)? It is
 * no guest process: such calls find no process, ESRCH. */
static int names_server(uint64_t nr, const uint64_t *a)
{
	long p1 = 0, p2 = 0;
	switch (nr) {
	case SYS_kill:
		p1 = labs((long)(int)a[0]);
		break;
	case SYS_tkill:
	case SYS_rt_sigqueueinfo:
	case SYS_pidfd_open:
	case SYS_prlimit64:
	case SYS_getpgid:
	case SYS_getsid:
	case SYS_setpgid:
	case SYS_sched_setaffinity:
	case SYS_sched_getaffinity:
	case SYS_sched_setscheduler:
	case SYS_sched_getscheduler:
	case SYS_sched_setparam:
	case SYS_sched_getparam:
	case SYS_sched_rr_get_interval:
	case SYS_sched_setattr:
	case SYS_sched_getattr:
	case SYS_process_vm_readv:
	case SYS_process_vm_writev:
	case SYS_move_pages:
	case SYS_migrate_pages:
		p1 = (int)a[0];
		break;
	case SYS_tgkill:
	case SYS_rt_tgsigqueueinfo:
	case SYS_kcmp:
		p1 = (int)a[0];
		p2 = (int)a[1];
		break;
	case SYS_getpriority:
	case SYS_setpriority: /* PRIO_PROCESS, PRIO_PGRP */
	case SYS_ioprio_get:
	case SYS_ioprio_set: /* IOPRIO_WHO_PROCESS, IOPRIO_WHO_PGRP */
		if ((nr == SYS_getpriority || nr == SYS_setpriority) ? (int)a[0] <= 1
								     : (int)a[0] == 1 || (int)a[0] == 2)
			p1 = (int)a[1];
		break;
	default:
		return 0;
	}
	return fuse_hidden_pid(p1) || fuse_hidden_pid(p2);
}

static int fuse_syscall_once(struct thread *t, uint64_t nr, const uint64_t *a, long *ret);

int fuse_syscall(struct thread *t, uint64_t nr, const uint64_t *a, long *ret)
{
	fz_walk_call_begin(0);
	int r = fuse_syscall_once(t, nr, a, ret);
	if (fz_walk_call_end() && r == 1 && *ret == -ESTALE) {
		/* A guard no longer held: the request never reached the daemon. */
		fz_walk_call_begin(1);
		r = fuse_syscall_once(t, nr, a, ret);
		fz_walk_call_end();
	}
	return r;
}

static int fuse_syscall_once(struct thread *t, uint64_t nr, const uint64_t *a, long *ret)
{
	if (names_server(nr, a)) {
		*ret = -ESRCH;
		return 1;
	}
	if ((nr == SYS_sendfile || nr == SYS_splice) && xfer_call(t, nr, a, ret))
		return 1;
	if (nr == SYS_fcntl && ((int)a[1] == F_GETFL || (int)a[1] == F_SETFL))
		return file_fcntl_fl(t, a, ret);
	if (nr == SYS_flock || (nr == SYS_fcntl && is_lock_cmd((int)a[1]))) {
		int fd = (int)(uint32_t)a[0];
		struct finfo *fi;
		if (fd < 0 || fd >= fd_limit(t->proc) || fz_fd_kind(fd, NULL, NULL) != FZK_FILE || !(fi = malloc(sizeof *fi)))
			return 0;
		int r = file_info(t, fd, fi);
		if (r != 0)
			*ret = r < 0 ? r : file_lock(t, nr, a, fi);
		free(fi);
		return r != 0;
	}
	{
		long f = foreign_call(nr, a);
		if (f) {
			*ret = f;
			return 1;
		}
	}
	/* fds first: /dev/fuse, FUSE files */
	if (is_fd_call(nr)) {
		uint64_t id, sess;
		int fd = (int)(uint32_t)a[0];
		if (fd < 0 || fd >= fd_limit(t->proc))
			return 0;
		int k = fz_fd_kind(fd, &id, &sess);
		if (k == FZK_DEV) {
			int ours;
			*ret = dev_call(t, nr, a, fd, sess, &ours, 0);
			return ours;
		}
		if (k != FZK_FILE)
			return 0;
		struct finfo *fi = malloc(sizeof *fi);
		if (!fi) {
			*ret = -ENOMEM;
			return 1;
		}
		if (nr == SYS_close && known_file(fd, fi)) {
			*ret = fd_simple(t, nr, a, fi);
			free(fi);
			return 1;
		}
		int r = file_info(t, fd, fi);
		if (r == 1)
			*ret = fd_simple(t, nr, a, fi);
		else if (r < 0) {
			*ret = nr == SYS_close ? (close(fd), 0) : r;
			r = 1;
		}
		free(fi);
		return r;
	}
	struct fz_walk *w = NULL;
	int done = 1;
#define WALK(dfd, gp, how, empty)                                                                                     \
	do {                                                                                                           \
		w = malloc(sizeof *w);                                                                                 \
		if (!w) {                                                                                              \
			*ret = -ENOMEM;                                                                                \
			return 1;                                                                                      \
		}                                                                                                      \
		int k_ = walk_arg(t, (dfd), (gp), (how), (empty), w, ret);                                             \
		if (k_ <= 0) {                                                                                         \
			free(w);                                                                                       \
			return k_ < 0;                                                                                 \
		}                                                                                                      \
	} while (0)
	switch (nr) {
	case SYS_open:
		free(w);
		return (int)do_open(t, AT_FDCWD, a[0], (uint32_t)a[1] | K_O_LARGEFILE, a[2], ret);
	case SYS_creat:
		return (int)do_open(t, AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC | K_O_LARGEFILE, a[1], ret);
	case SYS_openat:
		return (int)do_open(t, (int)a[0], a[1], (uint32_t)a[2] | K_O_LARGEFILE, a[3], ret);
	case SYS_openat2: {
		uint64_t how[3];
		if (a[3] < sizeof how || guest_read(GUEST_MM, a[2], how, sizeof how) < 0)
			return 0;
		return (int)do_open(t, (int)a[0], a[1], how[0], how[1], ret);
	}
	case SYS_stat:
	case SYS_lstat: {
		char p[PATH_MAX];
		if (nr == SYS_stat && guest_strncpy(GUEST_MM, p, a[0], sizeof p) >= 0 && strcmp(p, "/dev/fuse") == 0) {
			struct stat st;
			fz_dev_stat(&st);
			*ret = guest_write(GUEST_MM, a[1], &st, sizeof st) < 0 ? -EFAULT : 0;
			return 1;
		}
		WALK(AT_FDCWD, a[0], (nr == SYS_lstat ? FZW_NOFOLLOW : FZW_FOLLOW) | FZW_PEEK, 0);
		*ret = op_stat(t, w, a[1], 0, 0);
		break;
	}
	case SYS_newfstatat:
		WALK((int)a[0], a[1], ((a[3] & AT_SYMLINK_NOFOLLOW) ? FZW_NOFOLLOW : FZW_FOLLOW) | FZW_PEEK,
		     (a[3] & AT_EMPTY_PATH) != 0);
		*ret = op_stat(t, w, a[2], 0, 0);
		break;
	case SYS_statx:
		WALK((int)a[0], a[1], ((a[2] & AT_SYMLINK_NOFOLLOW) ? FZW_NOFOLLOW : FZW_FOLLOW) | FZW_PEEK,
		     (a[2] & AT_EMPTY_PATH) != 0);
		*ret = op_stat(t, w, a[4], (int)a[3], 1);
		break;
	case SYS_statfs: {
		WALK(AT_FDCWD, a[0], FZW_FOLLOW, 0);
		struct finfo fi;
		memset(&fi, 0, sizeof fi);
		fi.mount = w->m.id;
		fi.m = w->m;
		fi.nodeid = w->nodeid;
		uint64_t a2[2] = {0, a[1]};
		*ret = fd_simple(t, SYS_fstatfs, a2, &fi);
		break;
	}
	case SYS_access:
	case SYS_faccessat:
	case SYS_faccessat2: {
		int dfd = nr == SYS_access ? AT_FDCWD : (int)a[0];
		uint64_t gp = nr == SYS_access ? a[0] : a[1];
		unsigned mode = (unsigned)(nr == SYS_access ? a[1] : a[2]);
		int fl = nr == SYS_faccessat2 ? (int)a[3] : 0;
		if (mode & ~7u)
			return 0;
		WALK(dfd, gp, (fl & AT_SYMLINK_NOFOLLOW) ? FZW_NOFOLLOW : FZW_FOLLOW, (fl & AT_EMPTY_PATH) != 0);
		if (mode && (w->m.mflags & FZM_DEFAULT_PERMS)) {
			struct fuse_attr at;
			*ret = walk_attr(t, w, &at);
			if (*ret == 0)
				*ret = fz_default_permission(&at, mode, (fl & AT_EACCESS) != 0);
		} else if (mode) {
			struct fuse_access_in ai = {.mask = mode};
			struct iovec iov = {&ai, sizeof ai};
			*ret = fz_req(t, w->m.id, FUSE_ACCESS, w->nodeid, &iov, 1, NULL, 0, 0, NULL);
			if (*ret == -ENOSYS)
				*ret = 0;
		} else {
			*ret = 0;
		}
		break;
	}
	case SYS_chdir: {
		WALK(AT_FDCWD, a[0], FZW_FOLLOW, 0);
		struct fuse_attr at;
		*ret = walk_attr(t, w, &at);
		if (*ret == 0 && !S_ISDIR(at.mode))
			*ret = -ENOTDIR;
		if (*ret == 0)
			*ret = fz_cwd_set(t, w);
		break;
	}
	case SYS_getcwd: {
		char buf[PATH_MAX];
		int in = fz_cwd_get(buf, sizeof buf);
		if (!in)
			return 0;
		size_t n = strlen(buf) + 1;
		if (in == 2)
			*ret = -ENOENT; /* the cwd was removed */
		else if (n > a[1])
			*ret = -ERANGE;
		else
			*ret = guest_write(GUEST_MM, a[0], buf, n) < 0 ? -EFAULT : (long)n;
		return 1;
	}
	case SYS_mkdir:
	case SYS_mkdirat: {
		int dfd = nr == SYS_mkdir ? AT_FDCWD : (int)a[0];
		WALK(dfd, nr == SYS_mkdir ? a[0] : a[1], FZW_PARENT, 0);
		struct fuse_mkdir_in mi = {.mode = (uint32_t)(nr == SYS_mkdir ? a[1] : a[2]) & 07777,
					   .umask = (uint32_t)cur_umask()};
		mi.mode &= ~mi.umask;
		if ((*ret = ro_check(t, w, 1)) == 0 && (*ret = dir_write_check(t, w, 0)) == 0)
			*ret = entry_op(t, w, FUSE_MKDIR, &mi, sizeof mi, NULL);
		break;
	}
	case SYS_mknod:
	case SYS_mknodat: {
		int dfd = nr == SYS_mknod ? AT_FDCWD : (int)a[0];
		const uint64_t *b = nr == SYS_mknod ? a : a + 1;
		WALK(dfd, b[0], FZW_PARENT, 0);
		uint32_t mode = (uint32_t)b[1];
		if (!(mode & S_IFMT))
			mode |= S_IFREG;
		struct fuse_mknod_in mi = {.mode = mode, .rdev = (uint32_t)b[2], .umask = (uint32_t)cur_umask()};
		mi.mode &= ~mi.umask | S_IFMT;
		if ((*ret = ro_check(t, w, 1)) == 0 && (*ret = dir_write_check(t, w, 0)) == 0)
			*ret = entry_op(t, w, FUSE_MKNOD, &mi, sizeof mi, NULL);
		break;
	}
	case SYS_symlink:
	case SYS_symlinkat: {
		char target[PATH_MAX];
		if (guest_strncpy(GUEST_MM, target, a[0], sizeof target) < 0)
			return 0;
		if (!target[0])
			return 0;
		WALK(nr == SYS_symlink ? AT_FDCWD : (int)a[1], nr == SYS_symlink ? a[1] : a[2], FZW_PARENT, 0);
		if ((*ret = ro_check(t, w, 1)) == 0 && (*ret = dir_write_check(t, w, 0)) == 0)
			*ret = entry_op(t, w, FUSE_SYMLINK, NULL, 0, target);
		break;
	}
	case SYS_unlink:
	case SYS_rmdir:
	case SYS_unlinkat: {
		int rm = nr == SYS_rmdir || (nr == SYS_unlinkat && (a[2] & AT_REMOVEDIR));
		if (nr == SYS_unlinkat && (a[2] & ~(uint64_t)AT_REMOVEDIR))
			return 0;
		WALK(nr == SYS_unlinkat ? (int)a[0] : AT_FDCWD, nr == SYS_unlinkat ? a[1] : a[0], FZW_PARENT, 0);
		struct fuse_attr at;
		if (w->dot == 3 && !rm)
			*ret = walk_attr(t, w, &at) < 0 || S_ISDIR(at.mode) ? -EISDIR : -EBUSY; /* a mount on a file */
		else if (w->dot)
			*ret = rm ? (w->dot == 2 ? -ENOTEMPTY : w->dot == 3 ? -EBUSY : -EINVAL) : -EISDIR;
		else if ((*ret = ro_check(t, w, 0)) == 0 && (*ret = dir_write_check(t, w, 1)) == 0) {
			struct iovec iov = {w->name, strlen(w->name) + 1};
			note_removed(w);
			*ret = fz_req(t, w->m.id, rm ? FUSE_RMDIR : FUSE_UNLINK, w->nodeid, &iov, 1, NULL, 0, 0, NULL);
		}
		break;
	}
	case SYS_rename:
	case SYS_renameat:
	case SYS_renameat2: {
		int od = nr == SYS_rename ? AT_FDCWD : (int)a[0], nd = nr == SYS_rename ? AT_FDCWD : (int)a[2];
		uint64_t op = nr == SYS_rename ? a[0] : a[1], np = nr == SYS_rename ? a[1] : a[3];
		uint32_t flags = nr == SYS_renameat2 ? (uint32_t)a[4] : 0;
		struct fz_walk *w2;
		int k1, k2;
		int st = walk_pair(t, od, op, FZW_PARENT, 0, nd, np, flags, &w, &w2, &k1, &k2, ret);
		if (st != 2)
			return st;
		long same = 0;
		int mp1 = w->dot == 3 && last_is_name(t, op), mp2 = w2->dot == 3 && last_is_name(t, np);
		if (mp1 != mp2)
			*ret = -EXDEV; /* a mount point's name is in its parent's filesystem, not the mount */
		else if (mp1 && mp2)
			*ret = flags & RENAME_NOREPLACE ? -EEXIST : 0; /* (the mount point onto itself) */
		else if (w->dot || w2->dot)
			*ret = -EBUSY;
		else if ((*ret = ro_check(t, w, 0)) < 0)
			;
		else if ((*ret = rename_names(t, w, w2, flags, &same)) < 0 || same)
			; /* (same: both names are one inode, nothing to do) */
		else if ((*ret = dir_write_check(t, w, 1)) < 0 || (*ret = dir_write_check(t, w2, 2)) < 0)
			; /* (2: the target may exist, a rename replaces it) */
		else {
			note_renamed(w, w2); /* (the server moves the paths when the rename succeeds) */
			struct fuse_rename2_in ri = {.newdir = w2->nodeid, .flags = flags};
			struct iovec iov[3] = {{&ri, sizeof ri}, {w->name, strlen(w->name) + 1}, {w2->name, strlen(w2->name) + 1}};
			long e = fz_req(t, w->m.id, FUSE_RENAME2, w->nodeid, iov, 3, NULL, 0, 0, NULL);
			if (e == -ENOSYS && !flags) {
				note_renamed(w, w2);
				struct fuse_rename_in r1 = {.newdir = w2->nodeid};
				iov[0] = (struct iovec){&r1, sizeof r1};
				e = fz_req(t, w->m.id, FUSE_RENAME, w->nodeid, iov, 3, NULL, 0, 0, NULL);
			} else if (e == -ENOSYS)
				e = -EINVAL;
			*ret = e;
		}
		walk_pair_done(w, w2, k1, k2);
		return 1;
	}
	case SYS_link:
	case SYS_linkat: {
		int od = nr == SYS_link ? AT_FDCWD : (int)a[0], nd = nr == SYS_link ? AT_FDCWD : (int)a[2];
		uint64_t op = nr == SYS_link ? a[0] : a[1], np = nr == SYS_link ? a[1] : a[3];
		int fl = nr == SYS_linkat ? (int)a[4] : 0;
		struct fz_walk *w2;
		int k1, k2;
		int st = walk_pair(t, od, op, (fl & AT_SYMLINK_FOLLOW) ? FZW_FOLLOW : FZW_NOFOLLOW,
				   (fl & AT_EMPTY_PATH) != 0, nd, np, 0, &w, &w2, &k1, &k2, ret);
		if (st != 2)
			return st;
		if (w2->dot)
			*ret = -EEXIST;
		else if ((*ret = ro_check(t, w2, 1)) < 0 || (*ret = may_linkat(t, w, w2)) < 0 ||
			 (*ret = dir_write_check(t, w2, 0)) < 0)
			;
		else {
			struct fuse_link_in li = {.oldnodeid = w->nodeid};
			*ret = entry_op(t, w2, FUSE_LINK, &li, sizeof li, NULL);
		}
		walk_pair_done(w, w2, k1, k2);
		return 1;
	}
	case SYS_readlink:
	case SYS_readlinkat: {
		int dfd = nr == SYS_readlink ? AT_FDCWD : (int)a[0];
		const uint64_t *b = nr == SYS_readlink ? a : a + 1;
		if ((int)b[2] <= 0)
			return 0;
		char lp[PATH_MAX];
		int have = guest_strncpy(GUEST_MM, lp, b[0], sizeof lp) >= 0;
		if (have && cwd_link(t, lp, b[1], b[2], ret))
			return 1;
		struct fz_walk *mw = malloc(sizeof *mw);
		if (mw && have && magic_fd_walk(t, lp, mw)) {
			/* /proc/self/fd/N of a FUSE file shows its path, as Linux's d_path */
			if (mw->gone && strlen(mw->gpath) + 10 < sizeof mw->gpath)
				strcat(mw->gpath, " (deleted)");
			size_t n = strlen(mw->gpath);
			n = n < (unsigned)b[2] ? n : (unsigned)b[2];
			*ret = guest_write(GUEST_MM, b[1], mw->gpath, n) < 0 ? -EFAULT : (long)n;
			free(mw);
			return 1;
		}
		free(mw);
		WALK(dfd, b[0], FZW_NOFOLLOW, 1);
		struct fuse_attr at;
		*ret = walk_attr(t, w, &at);
		if (*ret == 0 && !S_ISLNK(at.mode))
			*ret = -EINVAL;
		if (*ret == 0) {
			char buf[PATH_MAX];
			size_t got = 0;
			*ret = fz_req(t, w->m.id, FUSE_READLINK, w->nodeid, NULL, 0, buf, sizeof buf - 1, 1, &got);
			if (*ret == 0) {
				size_t n = got < (unsigned)b[2] ? got : (unsigned)b[2];
				*ret = guest_write(GUEST_MM, b[1], buf, n) < 0 ? -EFAULT : (long)n;
			}
		}
		break;
	}
	case SYS_chmod:
	case SYS_fchmodat:
	case SYS_fchmodat2: {
		int fl = nr == SYS_fchmodat2 ? (int)a[3] : 0;
		if (fl & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			return 0; /* EINVAL from the generic handler, before any walk */
		WALK(nr == SYS_chmod ? AT_FDCWD : (int)a[0], nr == SYS_chmod ? a[0] : a[1],
		     (fl & AT_SYMLINK_NOFOLLOW) ? FZW_NOFOLLOW : FZW_FOLLOW, (fl & AT_EMPTY_PATH) != 0);
		if (fl & AT_SYMLINK_NOFOLLOW) {
			/* Linux refuses to change a symlink's own mode (EOPNOTSUPP). */
			struct fuse_attr at;
			*ret = walk_attr(t, w, &at);
			if (*ret == 0 && S_ISLNK(at.mode))
				*ret = -EOPNOTSUPP;
			if (*ret)
				break;
		}
		struct fuse_setattr_in si = {.valid = FATTR_MODE,
					     .mode = (uint32_t)(nr == SYS_chmod ? a[1] : a[2]) & 07777};
		*ret = op_setattr_path(t, w, &si);
		break;
	}
	case SYS_chown:
	case SYS_lchown:
	case SYS_fchownat: {
		const uint64_t *b = nr == SYS_fchownat ? a + 1 : a;
		int fl = nr == SYS_fchownat ? (int)a[4] : nr == SYS_lchown ? AT_SYMLINK_NOFOLLOW : 0;
		WALK(nr == SYS_fchownat ? (int)a[0] : AT_FDCWD, b[0], (fl & AT_SYMLINK_NOFOLLOW) ? FZW_NOFOLLOW : FZW_FOLLOW,
		     (fl & AT_EMPTY_PATH) != 0);
		struct fuse_setattr_in si = {0};
		if ((uint32_t)b[1] != (uint32_t)-1)
			si.valid |= FATTR_UID, si.uid = (uint32_t)b[1];
		if ((uint32_t)b[2] != (uint32_t)-1)
			si.valid |= FATTR_GID, si.gid = (uint32_t)b[2];
		*ret = op_setattr_path(t, w, &si);
		break;
	}
	case SYS_utimensat: {
		struct timespec ts[2];
		if (a[2] && guest_read(GUEST_MM, a[2], ts, sizeof ts) < 0)
			return 0;
		if (a[1] == 0) {
			/* futimens: the fd itself (not an O_PATH one) */
			struct finfo fi;
			if ((a[3] & ~(uint64_t)AT_EMPTY_PATH) || file_info(t, (int)a[0], &fi) != 1)
				return 0;
			struct fuse_setattr_in si = {0}; /* (no FATTR_FH: Linux's vfs_utimes passes no file) */
			times_to_setattr(a[2] ? ts : NULL, &si);
			*ret = fi.kind == FZF_PATH ? -EBADF : si.valid ? setattr(t, fi.mount, fi.nodeid, &si) : 0;
			return 1;
		}
		WALK((int)a[0], a[1], (a[3] & AT_SYMLINK_NOFOLLOW) ? FZW_NOFOLLOW : FZW_FOLLOW, (a[3] & AT_EMPTY_PATH) != 0);
		struct fuse_setattr_in si = {0};
		times_to_setattr(a[2] ? ts : NULL, &si);
		*ret = si.valid ? op_setattr_path(t, w, &si) : 0;
		break;
	}
	case SYS_utimes:
	case SYS_futimesat: {
		const uint64_t *b = nr == SYS_futimesat ? a + 1 : a;
		struct timeval tv[2];
		struct timespec ts[2];
		if (b[1]) {
			if (guest_read(GUEST_MM, b[1], tv, sizeof tv) < 0)
				return 0;
			for (int i = 0; i < 2; i++) {
				/* Linux checks the microseconds before scaling them:
				 * the generic handler answers EINVAL. */
				if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
					return 0;
				ts[i].tv_sec = tv[i].tv_sec;
				ts[i].tv_nsec = tv[i].tv_usec * 1000;
			}
		}
		WALK(nr == SYS_futimesat ? (int)a[0] : AT_FDCWD, b[0], FZW_FOLLOW, 0);
		struct fuse_setattr_in si = {0};
		times_to_setattr(b[1] ? ts : NULL, &si);
		*ret = op_setattr_path(t, w, &si);
		break;
	}
	case SYS_truncate: {
		if ((int64_t)a[1] < 0)
			return 0;
		WALK(AT_FDCWD, a[0], FZW_FOLLOW, 0);
		struct fuse_attr at;
		*ret = walk_attr(t, w, &at);
		if (*ret == 0 && S_ISDIR(at.mode))
			*ret = -EISDIR;
		if (*ret == 0) {
			struct fuse_setattr_in si = {.valid = FATTR_SIZE, .size = a[1]};
			*ret = op_setattr_path(t, w, &si);
		}
		break;
	}
	case SYS_getxattr:
	case SYS_lgetxattr:
	case SYS_listxattr:
	case SYS_llistxattr: {
		int nof = nr == SYS_lgetxattr || nr == SYS_llistxattr, list = nr == SYS_listxattr || nr == SYS_llistxattr;
		WALK(AT_FDCWD, a[0], nof ? FZW_NOFOLLOW : FZW_FOLLOW, 0);
		*ret = list ? xattr_get(t, w->m.id, w->nodeid, 0, a[1], a[2], 1)
			    : xattr_get(t, w->m.id, w->nodeid, a[1], a[2], a[3], 0);
		break;
	}
	case SYS_setxattr:
	case SYS_lsetxattr:
	case SYS_removexattr:
	case SYS_lremovexattr: {
		int nof = nr == SYS_lsetxattr || nr == SYS_lremovexattr;
		int rm = nr == SYS_removexattr || nr == SYS_lremovexattr;
		WALK(AT_FDCWD, a[0], nof ? FZW_NOFOLLOW : FZW_FOLLOW, 0);
		*ret = rm ? xattr_set(t, w->m.id, w->nodeid, a[1], 0, 0, 0, 1)
			  : xattr_set(t, w->m.id, w->nodeid, a[1], a[2], a[3], (int)a[4], 0);
		break;
	}
	case SYS_copy_file_range: {
		int in = (int)(uint32_t)a[0], out = (int)(uint32_t)a[2];
		int ki = fz_fd_kind(in, NULL, NULL), ko = fz_fd_kind(out, NULL, NULL);
		if (ki != FZK_FILE && ko != FZK_FILE)
			return 0;
		/* Across file systems Linux answers EXDEV; within a mount the
		 * daemon's COPY_FILE_RANGE, else a plain copy here. */
		struct finfo *fi = malloc(sizeof *fi), *fo = malloc(sizeof *fo);
		if (!fi || !fo) {
			free(fi);
			free(fo);
			*ret = -ENOMEM;
			return 1;
		}
		if (ki != FZK_FILE || ko != FZK_FILE || file_info(t, in, fi) != 1 || file_info(t, out, fo) != 1 ||
		    fi->mount != fo->mount) {
			*ret = -EXDEV;
		} else if (a[5]) {
			*ret = -EINVAL;
		} else {
			int64_t oi = fi->pos, oo = fo->pos;
			if ((a[1] && guest_read(GUEST_MM, a[1], &oi, 8) < 0) || (a[3] && guest_read(GUEST_MM, a[3], &oo, 8) < 0))
				*ret = -EFAULT;
			else {
				struct fuse_copy_file_range_in ci = {.fh_in = fi->fh, .off_in = (uint64_t)oi,
								     .nodeid_out = fo->nodeid, .fh_out = fo->fh,
								     .off_out = (uint64_t)oo, .len = a[4]};
				struct fuse_write_out wo;
				struct iovec iov = {&ci, sizeof ci};
				long e = fz_req(t, fi->mount, FUSE_COPY_FILE_RANGE, fi->nodeid, &iov, 1, &wo, sizeof wo, 0,
						NULL);
				if (e == -ENOSYS || e == -EOPNOTSUPP) {
					/* Linux copies through the page cache instead (do_splice_direct) */
					struct xend xi = {in, fi, oi, 0}, xo = {out, fo, oo, 0};
					e = transfer(t, &xi, &xo, a[4]);
					if (e >= 0) {
						wo.size = (uint32_t)e;
						e = 0;
					}
				}
				if (e == 0) {
					e = wo.size;
					oi += wo.size;
					oo += wo.size;
					if (a[1])
						guest_write(GUEST_MM, a[1], &oi, 8);
					else
						set_pos(fi, oi);
					if (a[3])
						guest_write(GUEST_MM, a[3], &oo, 8);
					else
						set_pos(fo, oo);
				}
				*ret = e;
			}
		}
		free(fi);
		free(fo);
		return 1;
	}
	case SYS_mmap: {
		(void)done;
		return 0;
	}
	default:
		return 0;
	}
	fz_walk_done(w);
	free(w);
	return done;
}
