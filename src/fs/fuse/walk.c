/* fs/fuse/walk.c: guest path walks through FUSE mounts (LOOKUP per component, "..", symlinks) and the virtual cwd inside a mount. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fs/fuse/fz.h"
#include "kernel/peerview.h"
#include "fs/path.h"

#define MAX_HOPS 40

/* ---- the virtual cwd ----
 * A cwd inside a FUSE mount cannot be the host cwd: it is kept here (per
 * process, inherited by fork, kept by exec) with a CWD connection that
 * holds the node's reference and makes umount see it busy.
 * cwd_lock protects the fields; leaf lock. */
static pthread_mutex_t cwd_lock = PTHREAD_MUTEX_INITIALIZER;
static int cwd_active;
static int cwd_fd = -1;
static char cwd_path[PATH_MAX + 2]; /* as long as a walk's gpath */
static uint64_t cwd_mount, cwd_node; /* the cwd's node (its CWD connection holds it) */
static uint64_t cwd_id;   /* its CWD connection's id */
static uint32_t cwd_gen;  /* fz_sh->pathgen when cwd_path was last right */
static int cwd_gone;	  /* the cwd was removed (rmdir) */

/* A rename somewhere in the tree may have moved the cwd's path: ask the
 * server for the path its CWD connection has now. Called with cwd_lock. */
static void cwd_refresh(void)
{
	uint32_t g = __atomic_load_n(&fz_sh->pathgen, __ATOMIC_ACQUIRE);
	if (g == cwd_gen)
		return;
	struct fz_msg m = {.type = FZ_FILEINFO, .arg = {(int64_t)cwd_id}}, res;
	char buf[PATH_MAX + 1];
	size_t got = 0;
	if (fz_call(NULL, &m, NULL, 0, &res, buf, sizeof buf - 1, &got, 0) == 0 && got) {
		buf[got < sizeof buf ? got : sizeof buf - 1] = 0;
		snprintf(cwd_path, sizeof cwd_path, "%s", buf);
		cwd_gone = (int)((uint64_t)res.arg[4] >> 63);
	}
	cwd_gen = g;
}

int fz_cwd_get(char *path, size_t size)
{
	if (!__atomic_load_n(&cwd_active, __ATOMIC_ACQUIRE))
		return 0;
	pthread_mutex_lock(&cwd_lock);
	int r = cwd_active;
	if (r) {
		cwd_refresh();
		snprintf(path, size, "%s", cwd_path);
		if (cwd_gone)
			r = 2;
	}
	pthread_mutex_unlock(&cwd_lock);
	return r;
}

int fz_cwd_set(struct thread *t, struct fz_walk *w)
{
	(void)t;
	size_t pl = strlen(w->gpath);
	struct fz_file *f = calloc(1, sizeof *f + pl + 1);
	if (!f)
		return -ENOMEM;
	f->mount = w->m.id;
	f->nodeid = w->nodeid;
	f->held = (uint32_t)w->held;
	f->fkind = FZF_DIR;
	memcpy(f->path, w->gpath, pl + 1);
	uint64_t id = fz_rand64();
	uint32_t gen = __atomic_load_n(&fz_sh->pathgen, __ATOMIC_ACQUIRE);
	int fd = fz_obj_connect(FZK_CWD, id, 0, f, sizeof *f + pl + 1, 1);
	free(f);
	if (fd < 0)
		return fd;
	w->held = 0; /* the CWD connection owns the reference now */
	pthread_mutex_lock(&cwd_lock);
	int old = cwd_fd;
	cwd_fd = fd;
	snprintf(cwd_path, sizeof cwd_path, "%s", w->gpath);
	cwd_mount = w->m.id;
	cwd_node = w->nodeid;
	cwd_id = id;
	cwd_gen = gen;
	cwd_gone = 0;
	__atomic_store_n(&cwd_active, 1, __ATOMIC_RELEASE);
	peerview_fuse_cwd(id);
	pthread_mutex_unlock(&cwd_lock);
	if (old >= 0)
		close(old);
	return 0;
}

void fuse_cwd_left(void)
{
	if (!__atomic_load_n(&cwd_active, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&cwd_lock);
	int old = cwd_fd;
	cwd_fd = -1;
	__atomic_store_n(&cwd_active, 0, __ATOMIC_RELEASE);
	peerview_fuse_cwd(0);
	pthread_mutex_unlock(&cwd_lock);
	if (old >= 0)
		close(old);
}

int fuse_getcwd(char *buf, size_t size) { return fz_cwd_get(buf, size); }

int fz_proc_cwd(long peer, char *buf, size_t size)
{
	if (!peer)
		return fz_cwd_get(buf, size);
	/* Another process: the peer view names its CWD connection; the
	 * server knows that connection's path now. */
	struct peerview pv;
	if (size < 2 || peerview_read(peer, &pv) < 0 || !pv.fuse_cwd)
		return 0;
	struct fz_msg m = {.type = FZ_FILEINFO, .arg = {(int64_t)pv.fuse_cwd}}, res;
	size_t got = 0;
	if (fz_call(NULL, &m, NULL, 0, &res, buf, size - 1, &got, 0) != 0 || !got)
		return 0;
	buf[got] = 0;
	return (uint64_t)res.arg[4] >> 63 ? 2 : 1;
}

/* ---- base paths ---- */

int fz_base_path(struct thread *t, int dirfd, char *buf, size_t size, uint64_t *mount, uint64_t *nodeid)
{
	struct process *p = t ? t->proc : current_process;
	if (dirfd == AT_FDCWD) {
		if (__atomic_load_n(&cwd_active, __ATOMIC_ACQUIRE)) {
			pthread_mutex_lock(&cwd_lock);
			int r = cwd_active;
			if (r) {
				cwd_refresh();
				snprintf(buf, size, "%s", cwd_path);
				if (mount)
					*mount = cwd_mount, *nodeid = cwd_node;
			}
			pthread_mutex_unlock(&cwd_lock);
			if (r)
				return 1;
		}
		long n = syscall(SYS_getcwd, buf, size);
		if (n < 0)
			return -errno;
	} else {
		uint64_t id;
		if (fz_fd_kind(dirfd, &id, NULL) == FZK_FILE) {
			struct fz_msg m = {.type = FZ_FILEINFO, .arg = {(int64_t)id}}, res;
			size_t got = 0;
			long r = fz_call(t, &m, NULL, 0, &res, buf, size - 1, &got, 0);
			if (r < 0)
				return (int)r;
			buf[got < size ? got : size - 1] = 0;
			uint32_t kind = (uint32_t)((uint64_t)res.arg[4] >> 32);
			if (kind == FZF_FILE)
				return -ENOTDIR;
			if (mount)
				*mount = (uint64_t)res.arg[1], *nodeid = (uint64_t)res.arg[2];
			return 1;
		}
		char link[64];
		snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
		ssize_t n = readlink(link, buf, size - 1);
		if (n < 0)
			return -EBADF;
		buf[n] = 0;
		if (buf[0] != '/')
			return -ENOTDIR;
	}
	if (p)
		fs_host_to_guest(p, buf);
	return 0;
}

/* ---- the walk ---- */

struct stk {
	struct fz_stk *v;
	size_t n, cap;
};

static int push(struct stk *s, uint64_t nodeid, int held, size_t plen, uint64_t guard, const struct fuse_attr *at)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct fz_stk *v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = (struct fz_stk){nodeid, (uint32_t)held, (uint32_t)plen, guard, at != NULL, at ? at->mode : 0,
				       at ? at->uid : 0, at ? at->gid : 0};
	return 0;
}

/* default_permissions: looking a name up in a directory needs search (x)
 * permission on it, as Linux's may_lookup checks at every step. */
static int may_lookup(struct thread *t, struct stk *s, uint64_t mount)
{
	struct fz_stk *d = &s->v[s->n - 1];
	if (!d->known) {
		struct fuse_getattr_in gi = {0};
		struct fuse_attr_out ao;
		struct iovec iov = {&gi, sizeof gi};
		long e = fz_req(t, mount, FUSE_GETATTR, d->nodeid, &iov, 1, &ao, sizeof ao, 0, NULL);
		if (e < 0)
			return (int)e;
		d->known = 1;
		d->mode = ao.attr.mode;
		d->uid = ao.attr.uid;
		d->gid = ao.attr.gid;
	}
	struct fuse_attr at = {.mode = d->mode, .uid = d->uid, .gid = d->gid};
	return (int)fz_default_permission(&at, 1, 1);
}

static void drop_all(struct stk *s, uint64_t mount)
{
	while (s->n) {
		s->n--;
		if (s->v[s->n].held)
			fz_forget(mount, s->v[s->n].nodeid);
	}
}

static void cut_last(char *cur, size_t *clen)
{
	while (*clen > 0 && cur[*clen - 1] != '/')
		(*clen)--;
	if (*clen > 0)
		(*clen)--; /* the slash; "" stands for "/" */
	cur[*clen] = 0;
}

static int append(char *cur, size_t *clen, const char *c, size_t n)
{
	if (*clen + 1 + n + 1 > PATH_MAX)
		return -ENAMETOOLONG;
	cur[(*clen)++] = '/';
	memcpy(cur + *clen, c, n);
	*clen += n;
	cur[*clen] = 0;
	return 0;
}

static const char *slash_path(const char *cur) { return cur[0] ? cur : "/"; }

/* A guarded request found the generation moved on: walk again, asking. */
#define WALK_RETRY (-100000)
/* A walk from a base directory's node met ".." above it: walk by path. */
#define WALK_BY_PATH (-100001)

static int walk1(struct thread *t, int dirfd, const char *path, int how, struct fz_walk *w, int use_cc, int use_node);

/* A PARENT walk whose directory came from the client cache takes no
 * reference of its own (an FZ_HOLD round trip): the requests of the call
 * on that directory carry the cache's guard instead, which the server
 * checks and pins the node by. If the guard no longer holds, the request
 * fails before reaching the daemon, and fuse_syscall makes the whole call
 * again without the client cache (so without guards). Per thread and call (at most two).
 * Not for a rename or link, whose second directory travels in the
 * request's payload, unpinned. */
static _Thread_local struct {
	uint64_t mount, nodeid, guard;
} guarded[2];
static _Thread_local int guard_failed, cache_off, hold_always;

void fz_walk_hold_always(int on) { hold_always = on; }

uint64_t fz_walk_guard(uint64_t mount, uint64_t nodeid)
{
	for (int i = 0; i < 2; i++)
		if (guarded[i].guard && guarded[i].mount == mount && guarded[i].nodeid == nodeid)
			return guarded[i].guard;
	return 0;
}

void fz_walk_guard_failed(void) { guard_failed = 1; }

void fz_walk_call_begin(int no_cache)
{
	memset(guarded, 0, sizeof guarded); /* (a call's guards are its own) */
	guard_failed = 0;
	cache_off = no_cache;
}

int fz_walk_call_end(void)
{
	memset(guarded, 0, sizeof guarded);
	cache_off = 0;
	return guard_failed;
}

/* A free slot for the guard of (mount, nodeid): its index + 1, or 0. */
static int guard_slot(uint64_t mount, uint64_t nodeid, uint64_t guard)
{
	for (int i = 0; i < 2; i++)
		if (!guarded[i].guard) {
			guarded[i].mount = mount, guarded[i].nodeid = nodeid, guarded[i].guard = guard;
			return i + 1;
		}
	return 0;
}

int fz_walk(struct thread *t, struct process *p, int dirfd, const char *path, int how, struct fz_walk *w)
{
	(void)p;
	int use_node = 1, use_cc = !cache_off, r;
	for (int tries = 0; tries < 3; tries++) {
		r = walk1(t, dirfd, path, how, w, use_cc, use_node);
		if (r == WALK_BY_PATH)
			use_node = 0;
		else if (r == WALK_RETRY)
			use_cc = 0;
		else
			break;
	}
	return r == WALK_RETRY || r == WALK_BY_PATH ? -ESTALE : r;
}

/* The cwd is the base of a walk, and was removed. */
static int cwd_removed(int dirfd)
{
	char b[PATH_MAX];
	return dirfd == AT_FDCWD && fz_cwd_get(b, sizeof b) == 2;
}

/* /proc/<self or pid>/cwd/REST where that process's cwd is in a mount: the
 * host's link names its host cwd, so the walk goes from the cwd's guest
 * path instead (into buf). A final "cwd" is rewritten only when followed
 * (lstat and readlink see the link; a PARENT walk keeps it as a name). 1
 * if rewritten. */
static int proc_cwd_path(struct thread *t, const char *path, int follow, char *buf, size_t size)
{
	const char *c = path + 6; /* after "/proc/" */
	for (;;) {
		c = strstr(c, "/cwd");
		if (!c)
			return 0;
		if (c[4] == 0 || c[4] == '/')
			break;
		c += 4;
	}
	const char *rest = c + 4;
	if (!*rest && !follow)
		return 0;
	size_t plen = (size_t)(rest - path);
	char prefix[64];
	if (plen >= sizeof prefix)
		return 0;
	memcpy(prefix, path, plen);
	prefix[plen] = 0;
	int num;
	const char *after;
	long peer = 0;
	struct process *p = t ? t->proc : current_process;
	if (fs_classify(p, prefix, &num, &after, &peer) != PROC_CWD)
		return 0;
	char cwd[PATH_MAX + 2];
	if (!fz_proc_cwd(peer, cwd, sizeof cwd))
		return 0;
	return snprintf(buf, size, "%s%s", cwd, rest) < (int)size;
}

static int walk1(struct thread *t, int dirfd, const char *path, int how, struct fz_walk *w, int use_cc, int use_node)
{
	char cwdbuf[PATH_MAX + 16];
	if (strncmp(path, "/proc/", 6) == 0 &&
	    proc_cwd_path(t, path, (how & ~FZW_PEEK) == FZW_FOLLOW, cwdbuf, sizeof cwdbuf))
		path = cwdbuf;
	int peek = (how & FZW_PEEK) != 0;
	how &= ~FZW_PEEK;
	uint64_t attr_node = 0; /* whose attributes w->attr holds */
	int nm = fz_nmounts();
	int cwdv = __atomic_load_n(&cwd_active, __ATOMIC_ACQUIRE);
	int rel = path[0] != '/';
	if (!nm && !(rel && ((dirfd == AT_FDCWD && cwdv) || (dirfd != AT_FDCWD && fz_fd_kind(dirfd, NULL, NULL)))))
		return 0;
	size_t rcap = 2 * PATH_MAX + 4;
	char *rest = malloc(rcap), *tmp = malloc(rcap);
	if (!rest || !tmp) {
		free(rest);
		free(tmp);
		return -ENOMEM;
	}
	int touched = 0;
	size_t base_len = 0; /* rest[0..base_len): the base of a relative walk */
	uint64_t bmount = 0, bnode = 0; /* the base's node, when it is a FUSE directory */
	int base_in_fuse = 0;
	int folded = 0;
	if (rel) {
		int b = fz_base_path(t, dirfd, rest, PATH_MAX, &bmount, &bnode);
		if (b < 0) {
			free(rest);
			free(tmp);
			return b == -ENOTDIR || b == -EBADF ? 0 : b; /* the host gives its own error */
		}
		touched = b == 1;
		base_in_fuse = b == 1;
		size_t bl = strlen(rest);
		/* The base is canonical (no symlinks): its leading "." and ".."
		 * fold lexically, as Linux steps up the dentry tree without asking
		 * the daemon. So a cwd inside a dead or stalled mount can still be
		 * left through "..". The last component is walked (it keeps its
		 * meaning for PARENT walks: "rmdir .." must still see a ".."),
		 * but for a removed cwd, whose name the walk cannot take. */
		for (;;) {
			size_t n = strcspn(path, "/");
			if (n == 0 || n > 2 || path[0] != '.' || (n == 2 && path[1] != '.'))
				break;
			if (path[n] != '/' && (how == FZW_PARENT || !cwd_removed(dirfd)))
				break;
			if (n == 2) {
				folded = 1;
				while (bl > 0 && rest[bl - 1] != '/')
					bl--;
				while (bl > 1 && rest[bl - 1] == '/')
					bl--;
				if (bl == 0)
					bl = 1; /* "/.." is "/" */
				rest[bl] = 0;
			}
			path += n;
			while (*path == '/')
				path++;
			if (!*path) {
				path = ".";
				break;
			}
		}
		if (bl + 1 + strlen(path) + 1 > rcap) {
			free(rest);
			free(tmp);
			return -ENAMETOOLONG;
		}
		rest[bl] = '/';
		strcpy(rest + bl + 1, path);
		base_len = bl;
	} else {
		if (strlen(path) >= rcap) {
			free(rest);
			free(tmp);
			return -ENAMETOOLONG;
		}
		strcpy(rest, path);
	}
	size_t plen0 = strlen(path);
	w->trailing = plen0 > 0 && path[plen0 - 1] == '/';
	w->dot = 0;
	w->name[0] = 0;
	w->have_attr = 0;
	w->attr_stale = 0;
	w->held = 0;
	w->guarded = 0;
	char *cur = w->gpath;
	size_t clen = 0;
	cur[0] = 0;
	struct stk st = {NULL, 0, 0};
	int in_fuse = 0, hops = 0, ret = 0;
	uint64_t mount = 0;
	const char *r = rest;
	const char *lex_tail = NULL; /* PARENT stopped outside FUSE: the rest of the path */
	/* A walk relative to a FUSE directory (a dirfd or the cwd) starts at
	 * its node, as Linux starts at its dentry: the directory may have been
	 * renamed since it was opened. Its path serves ".." only, so a walk
	 * that would step above the base goes by the path instead. */
	int seeded = 0;
	if (use_node && rel && touched && bnode && !folded &&
	    fz_mount_by_id(bmount, &w->m) && !(w->m.mflags & FZM_DETACHED)) {
		memcpy(cur, rest, base_len);
		cur[base_len] = 0;
		clen = base_len;
		in_fuse = 1;
		mount = bmount;
		seeded = 1;
		if ((ret = push(&st, bnode, 0, clen, 0, NULL)) < 0)
			goto out;
		r = rest + base_len;
	}
	for (;;) {
		while (*r == '/')
			r++;
		if (!*r)
			break;
		const char *c = r;
		size_t n = strcspn(c, "/");
		r = c + n;
		const char *after = r;
		while (*after == '/')
			after++;
		int last = *after == 0;
		if (n > NAME_MAX) {
			ret = -ENAMETOOLONG;
			goto out;
		}
		int isdot = n == 1 && c[0] == '.', isdd = n == 2 && c[0] == '.' && c[1] == '.';
		if (!in_fuse) {
			if (isdot)
				continue;
			if (isdd) {
				cut_last(cur, &clen);
				continue;
			}
			size_t before = clen;
			if ((ret = append(cur, &clen, c, n)) < 0)
				goto out;
			if (nm && fz_mount_at(cur, &w->m)) {
				/* The host directories on the way to the mount point need
				 * search permission, as on every step of a Linux walk
				 * (the host checks them with the guest's credentials). */
				if (t && !base_in_fuse && !fs_sysroot_active(t->proc) && geteuid() != 0) {
					/* (a relative walk starts its checks at its base; a
					 * base inside FUSE replays the host part lexically) */
					char save = cur[before];
					cur[before] = 0;
					const char *relp = cur + base_len;
					while (*relp == '/')
						relp++;
					int byrel = rel && !folded && base_len <= before;
					int e = faccessat(byrel ? dirfd : AT_FDCWD, byrel ? (*relp ? relp : ".") : before ? cur : "/",
							  X_OK, AT_EACCESS) < 0 ? -errno : 0;
					cur[before] = save;
					if (e < 0) {
						ret = e;
						goto out;
					}
				}
				/* A PARENT walk naming a mount point itself ends in the
				 * mount's root (dot 3): the mount covers the name. */
				in_fuse = 1;
				touched = 1;
				mount = w->m.id;
				if ((ret = push(&st, FUSE_ROOT_ID, 0, clen, 0, NULL)) < 0)
					goto out;
				if (last && how == FZW_PARENT)
					break;
			} else if (last && how == FZW_PARENT) {
				clen = before;
				cur[clen] = 0;
				lex_tail = c;
				break;
			}
			continue;
		}
		/* (A relative walk's base directories were entered already: Linux
		 * starts its checks at the cwd or dirfd itself.) */
		if ((w->m.mflags & FZM_DEFAULT_PERMS) && t && (size_t)(c - rest) >= base_len &&
		    (ret = may_lookup(t, &st, mount)) < 0)
			goto out;
		if (isdot) {
			if (last && how == FZW_PARENT)
				w->dot = 1;
			continue;
		}
		if (isdd) {
			if (last && how == FZW_PARENT && st.n > 1) {
				w->dot = 2;
				break;
			}
			if (st.n <= 1 && seeded) {
				ret = WALK_BY_PATH; /* (above the base: only its path knows) */
				goto out;
			}
			if (st.n <= 1) {
				/* ".." at the mount's root leaves the mount */
				st.n = 0;
				in_fuse = 0;
				cut_last(cur, &clen);
				continue;
			}
			st.n--;
			if (st.v[st.n].held)
				fz_forget(mount, st.v[st.n].nodeid);
			clen = st.v[st.n - 1].plen;
			cur[clen] = 0;
			continue;
		}
		if (last && how == FZW_PARENT) {
			memcpy(w->name, c, n);
			w->name[n] = 0;
			break;
		}
		char name[NAME_MAX + 1];
		memcpy(name, c, n);
		name[n] = 0;
		struct fuse_entry_out eo;
		struct iovec iov = {name, n + 1};
		size_t got;
		/* This process's copy of a server-cached entry: no request, no
		 * reference (the server's cache holds one). Not for the final
		 * node unless only its attributes are wanted, nor for symlinks. */
		struct fz_ccent ce;
		uint64_t guard = 0;
		int final = last && how != FZW_PARENT;
		struct fz_aux aux = {.guard = st.v[st.n - 1].guard, .peek = final && peek};
		long e;
		if (use_cc && (!final || peek) && fz_cc_get(&w->m, st.v[st.n - 1].nodeid, name, n, &ce) &&
		    !S_ISLNK(ce.attr.mode) && (!final || ce.attr_ok)) {
			memset(&eo, 0, sizeof eo);
			eo.nodeid = ce.nodeid;
			eo.attr = ce.attr;
			aux.flags = ce.attr_ok ? 0 : FZ_ATTR_STALE;
			guard = ce.guard;
			e = 0;
		} else {
			e = fz_req_aux(t, mount, FUSE_LOOKUP, st.v[st.n - 1].nodeid, &iov, 1, &eo, sizeof eo, 0, &got,
				       &aux);
			if (e == -ESTALE && (aux.flags & FZ_RETRY)) {
				ret = WALK_RETRY;
				goto out;
			}
			if (e == 0 && eo.nodeid && (aux.flags & FZ_CACHED)) {
				struct fz_ccent put = {.nodeid = eo.nodeid,
						       .egen = (uint64_t)aux.egen,
						       .agen = (uint64_t)aux.agen,
						       .eexp = aux.eexp,
						       .aexp = (aux.flags & FZ_ATTR_STALE) ? 0 : aux.aexp,
						       .attr = eo.attr};
				fz_cc_put(&w->m, st.v[st.n - 1].nodeid, name, n, &put);
			}
		}
		if (e == 0 && eo.nodeid == 0)
			e = -ENOENT; /* a negative entry */
		if (e < 0) {
			ret = (int)e;
			goto out;
		}
		int held = !guard && !(aux.flags & FZ_NOREF);
		uint32_t mode = eo.attr.mode;
		if (S_ISLNK(mode) && (!last || how == FZW_FOLLOW || w->trailing)) {
			if (++hops > MAX_HOPS) {
				fz_forget(mount, eo.nodeid);
				ret = -ELOOP;
				goto out;
			}
			char target[PATH_MAX + 1];
			size_t tl = 0;
			e = fz_req(t, mount, FUSE_READLINK, eo.nodeid, NULL, 0, target, PATH_MAX, 1, &tl);
			if (held)
				fz_forget(mount, eo.nodeid); /* (symlinks never come from the client cache) */
			if (e < 0) {
				ret = (int)e;
				goto out;
			}
			if (tl == 0 || memchr(target, 0, tl)) {
				ret = tl == 0 ? -ENOENT : -EIO;
				goto out;
			}
			target[tl] = 0;
			if (tl + 1 + strlen(r) + 1 > rcap) {
				ret = -ENAMETOOLONG;
				goto out;
			}
			snprintf(tmp, rcap, "%s/%s", target, r);
			base_len = 0;
			char *sw = rest;
			rest = tmp;
			tmp = sw;
			r = rest;
			if (target[0] == '/') {
				drop_all(&st, mount);
				in_fuse = 0;
				clen = 0;
				cur[0] = 0;
			}
			continue;
		}
		if (!last && !S_ISDIR(mode)) {
			if (held)
				fz_forget(mount, eo.nodeid);
			ret = -ENOTDIR;
			goto out;
		}
		if ((ret = append(cur, &clen, c, n)) < 0 || (ret = push(&st, eo.nodeid, held, clen, guard, &eo.attr)) < 0) {
			if (held)
				fz_forget(mount, eo.nodeid);
			goto out;
		}
		w->attr = eo.attr;
		w->have_attr = 1;
		w->attr_stale = (aux.flags & FZ_ATTR_STALE) != 0;
		attr_node = eo.nodeid;
	}
	if (!in_fuse) {
		if (touched) {
			/* The host resolves the rest from this guest absolute path. */
			if (lex_tail) {
				if (strlen(slash_path(cur)) + 1 + strlen(lex_tail) + 1 > PATH_MAX) {
					ret = -ENAMETOOLONG;
					goto out;
				}
				snprintf(tmp, rcap, "%s/%s", cur, lex_tail);
				snprintf(w->gpath, sizeof w->gpath, "%s", tmp);
			} else {
				snprintf(tmp, rcap, "%s%s", slash_path(cur), w->trailing && clen ? "/" : "");
				snprintf(w->gpath, sizeof w->gpath, "%s", tmp);
			}
			ret = 2;
		}
		goto out;
	}
	/* In FUSE: keep the last node's reference, drop the walk's others. A
	 * client-cached last node becomes ours (the caller uses its nodeid),
	 * unless the caller only reads the attributes it came with. */
	struct fz_stk top = st.v[st.n - 1];
	w->guarded = top.guard && how == FZW_PARENT && !hold_always ? guard_slot(mount, top.nodeid, top.guard) : 0;
	if (w->guarded) {
		/* no reference: the call's requests carry the guard */
	} else if (top.guard && !(peek && attr_node == top.nodeid && w->have_attr && !w->attr_stale)) {
		struct fz_msg hm = {.type = FZ_HOLD, .arg = {(int64_t)mount, (int64_t)top.nodeid, (int64_t)top.guard}},
			      hres;
		if (fz_call(t, &hm, NULL, 0, &hres, NULL, 0, NULL, 0) < 0) {
			ret = WALK_RETRY;
			goto out;
		}
		st.v[st.n - 1].held = 1;
		top.held = 1;
	}
	st.n--;
	drop_all(&st, mount);
	w->nodeid = top.nodeid;
	w->held = (int)top.held;
	if (top.nodeid == FUSE_ROOT_ID && !top.held)
		w->have_attr = 0;
	if (how == FZW_PARENT && !w->name[0] && !w->dot)
		w->dot = 3; /* the path named the mount root (or ended in "/.") */
	if (how == FZW_PARENT && w->name[0]) {
		if (append(cur, &clen, w->name, strlen(w->name)) < 0) {
			fz_walk_done(w);
			ret = -ENAMETOOLONG;
			goto out;
		}
	}
	if (how != FZW_PARENT && w->trailing && w->have_attr && !S_ISDIR(w->attr.mode)) {
		fz_walk_done(w);
		ret = -ENOTDIR;
		goto out;
	}
	if (!cur[0])
		strcpy(cur, "/");
	ret = 1;
out:
	if (ret < 0 || ret == 0 || ret == 2)
		drop_all(&st, mount);
	free(st.v);
	free(rest);
	free(tmp);
	return ret;
}

void fz_walk_done(struct fz_walk *w)
{
	if (w->held)
		fz_forget(w->m.id, w->nodeid);
	w->held = 0;
	if (w->guarded)
		guarded[w->guarded - 1].guard = 0;
	w->guarded = 0;
}

int fuse_path_rewrite(struct process *p, int dirfd, const char *path, int nofollow, char *buf, size_t size)
{
	if (!fz_sh)
		return 0;
	struct fz_walk *w = malloc(sizeof *w);
	if (!w)
		return -ENOMEM;
	int r = fz_walk(NULL, p, dirfd, path, nofollow ? FZW_PARENT : FZW_FOLLOW, w);
	if (r == 1) {
		fz_walk_done(w);
		r = -EOPNOTSUPP; /* a FUSE path reached a call elfuse does not serve on FUSE */
	} else if (r == 2) {
		if (strlen(w->gpath) >= size)
			r = -ENAMETOOLONG;
		else {
			strcpy(buf, w->gpath);
			r = 1;
		}
	}
	free(w);
	return r;
}
