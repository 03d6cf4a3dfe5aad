/* fs/fuse/lock.c: flock, POSIX and OFD record locks on FUSE files, and
 * the pipes behind FIFOs in FUSE directories.
 *
 * elfuse offers the daemon no lock operations, so, as Linux does for such
 * a daemon, locks are kept locally, per inode, for the whole tree. Each
 * FUSE node that is locked gets a host lock file in a directory private to
 * the tree, and the host kernel keeps the locks on companion descriptions
 * of it:
 * - flock and OFD locks: one companion per FUSE open file description in
 *   each elfuse process holding it, shared by dup and fork as the guest's
 *   description is;
 * - POSIX locks: one companion per process and node, locked with OFD
 *   commands, so the owner is the process. (Real POSIX locks cannot be
 *   used: moving a new companion into elfuse's private fd range closes an
 *   fd of the lock file, which would drop them.) For F_GETLK's l_pid, a process also keeps its POSIX locks
 *   on a mirror file of its own ("M-N.pPID") and a read lock on byte PID
 *   of "M-N.owners": a conflict is matched against the owners' mirrors
 *   (none matching: an OFD or flock lock, l_pid -1 as on Linux), and
 *   F_SETLKW's deadlock check follows who waits for whom (wait_for).
 * A FIFO node in a FUSE directory is, as on Linux, a pipe the kernel
 * keeps, not the daemon: a host FIFO in the same directory, one per node.
 * (Shared mappings keep their copies there too, and AF_UNIX sockets bound
 * in FUSE directories their host sockets: mapshared.c, usock.c.) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "fs/fuse/fz.h"
#include "platform/private_fd.h"

struct companion {
	uint64_t file_id; /* flock/OFD: the description; 0: a POSIX companion */
	uint64_t mount, nodeid;
	pid_t pid; /* POSIX: the owning process (a fork child makes its own) */
	int fd;
	int mirror, mark; /* POSIX: the mirror and the owner mark (see above), or -1 */
};
static struct companion *comps;
static size_t ncomps, capcomps;
static int lock_dir = -1;
static pthread_mutex_t comps_lock = PTHREAD_MUTEX_INITIALIZER;

/* The tree's lock directory (name from the tree id), made on first use. */
static void lock_dir_path(uint64_t tree, char *buf, size_t size)
{
	struct stat st;
	const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
	snprintf(buf, size, "%s/elfuse-locks-%016llx", base, (unsigned long long)tree);
}

/* Is the server of tree still there (its listening name answers)? */
static int tree_alive(uint64_t tree)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int n = snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, FZ_PREFIX "%016llx", (unsigned long long)tree);
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return 1;
	int e =
	    connect(fd, (struct sockaddr *)&sa, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n));
	int gone = e < 0 && errno == ECONNREFUSED;
	close(fd);
	return !gone;
}

/* A tree whose server was killed could not remove its lock directory:
 * the next tree to lock anything removes such leftovers. */
static void remove_dead_trees(const char *mine)
{
	const char *slash = strrchr(mine, '/');
	char base[64];
	snprintf(base, sizeof base, "%.*s", (int)(slash - mine), mine);
	DIR *d = opendir(base);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		unsigned long long tree;
		char tail;
		if (sscanf(e->d_name, "elfuse-locks-%16llx%c", &tree, &tail) == 1 && strlen(e->d_name) == 29 &&
		    strcmp(e->d_name, slash + 1) != 0 && !tree_alive(tree))
			fuse_lock_tree_gone(tree);
	}
	closedir(d);
}

static int open_lock_dir(void)
{
	if (lock_dir >= 0)
		return lock_dir;
	char path[128];
	if (!fz_sh)
		return -ENOLCK;
	lock_dir_path(fz_sh->tree, path, sizeof path);
	remove_dead_trees(path);
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return -errno;
	int fd = open(path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	fd = private_fd(fd);
	if (fd >= 0)
		lock_dir = fd;
	return fd;
}

static int matches(const struct companion *c, uint64_t file_id, uint64_t mount, uint64_t nodeid, pid_t pid)
{
	return file_id ? c->file_id == file_id : !c->file_id && c->pid == pid && c->mount == mount && c->nodeid == nodeid;
}

/* A new POSIX companion's mirror and owner mark (without them, F_GETLK
 * only reports -1 for its locks). */
static void owner_marks(int dir, struct companion *c)
{
	char name[80], sfx[24];
	snprintf(sfx, sizeof sfx, ".p%d", (int)c->pid);
	fz_node_file(name, sizeof name, c->mount, c->nodeid, sfx);
	int m = openat(dir, name, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	fz_node_file(name, sizeof name, c->mount, c->nodeid, ".owners");
	int k = openat(dir, name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	m = m >= 0 ? private_fd(m) : -1;
	k = k >= 0 ? private_fd(k) : -1;
	struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = c->pid, .l_len = 1};
	if (m < 0 || k < 0 || fcntl(k, F_OFD_SETLK, &fl) < 0) {
		if (m >= 0)
			close(m);
		if (k >= 0)
			close(k);
		return;
	}
	c->mirror = m;
	c->mark = k;
}

/* The companion of description file_id (0: of this process's POSIX locks)
 * on a node, opened now if need be: a private fd or -errno. */
static int companion(uint64_t file_id, uint64_t mount, uint64_t nodeid)
{
	pid_t pid = getpid();
	pthread_mutex_lock(&comps_lock);
	int fd = -ENOENT;
	for (size_t i = 0; i < ncomps; i++)
		if (matches(&comps[i], file_id, mount, nodeid, pid)) {
			fd = comps[i].fd;
			break;
		}
	if (fd == -ENOENT) {
		int dir = open_lock_dir();
		char name[64];
		fz_node_file(name, sizeof name, mount, nodeid, "");
		fd = dir < 0 ? dir : openat(dir, name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (dir >= 0 && fd < 0)
			fd = -errno;
		if (fd >= 0)
			fd = private_fd(fd);
		if (fd >= 0 && ncomps == capcomps) {
			size_t cap = capcomps ? capcomps * 2 : 8;
			struct companion *n = realloc(comps, cap * sizeof *n);
			if (!n) {
				close(fd);
				fd = -ENOMEM;
			} else {
				comps = n;
				capcomps = cap;
			}
		}
		if (fd >= 0) {
			comps[ncomps] = (struct companion){file_id, mount, nodeid, pid, fd, -1, -1};
			if (!file_id)
				owner_marks(dir, &comps[ncomps]);
			ncomps++;
		}
	}
	pthread_mutex_unlock(&comps_lock);
	return fd;
}

static void companion_close(struct companion *c)
{
	close(c->fd);
	if (c->mirror >= 0)
		close(c->mirror);
	if (c->mark >= 0)
		close(c->mark);
}

/* For F_GETLK: the process (other than own's) whose mirror holds a lock
 * that conflicts with query, or -1. */
static pid_t owner_of(int dir, const struct companion *own, const struct flock *query)
{
	if (own->mark < 0)
		return -1;
	off_t from = 1;
	for (int n = 0; n < 64; n++) {
		struct flock q = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = from, .l_len = 0};
		if (fcntl(own->mark, F_OFD_GETLK, &q) < 0 || q.l_type == F_UNLCK)
			return -1;
		pid_t p = (pid_t)q.l_start;
		char name[80], sfx[24];
		snprintf(sfx, sizeof sfx, ".p%d", (int)p);
		fz_node_file(name, sizeof name, own->mount, own->nodeid, sfx);
		int m = openat(dir, name, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
		if (m >= 0) {
			struct flock t = *query;
			t.l_pid = 0;
			int hit = fcntl(m, F_OFD_GETLK, &t) == 0 && t.l_type != F_UNLCK;
			close(m);
			if (hit)
				return p;
		}
		from = (off_t)p + 1;
	}
	return -1;
}

void fz_tree_dir_path(char *buf, size_t size) { lock_dir_path(fz_sh ? fz_sh->tree : 0, buf, size); }

int fz_node_file(char *buf, size_t size, uint64_t mount, uint64_t id, const char *suffix)
{
	int n = snprintf(buf, size, "%llx-%llx%s", (unsigned long long)mount, (unsigned long long)id, suffix);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int fz_tree_dir(void)
{
	pthread_mutex_lock(&comps_lock);
	int dir = open_lock_dir();
	pthread_mutex_unlock(&comps_lock);
	return dir;
}

int fz_fifo_open(uint64_t mount, uint64_t nodeid, int flags)
{
	int dir = fz_tree_dir();
	if (dir < 0)
		return dir;
	char name[64];
	fz_node_file(name, sizeof name, mount, nodeid, ".fifo");
	if (mkfifoat(dir, name, 0600) < 0 && errno != EEXIST)
		return -errno;
	/* (a blocking open waits for the other end here, as Linux's fifo_open) */
	int fd = openat(dir, name, (flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_DIRECTORY)) | O_NOFOLLOW);
	return fd < 0 ? -errno : fd;
}

long fz_lock_flock(uint64_t file_id, uint64_t mount, uint64_t nodeid, int op)
{
	int fd = companion(file_id, mount, nodeid);
	if (fd < 0)
		return fd;
	return flock(fd, op) < 0 ? -errno : 0;
}

/* The POSIX companion of this process on a node (made by companion()). */
static struct companion *posix_companion(uint64_t mount, uint64_t nodeid)
{
	pid_t pid = getpid();
	for (size_t i = 0; i < ncomps; i++)
		if (matches(&comps[i], 0, mount, nodeid, pid))
			return &comps[i];
	return NULL;
}

/* Linux's posix_locks_deadlock: a process about to wait for a POSIX lock
 * held by a process that waits, directly or down a chain, for one of its
 * own gets EDEADLK. Each waiting process leaves "w.PID" in the tree's
 * directory naming the process it waits for; the check and that record
 * are made under a tree-wide flock, so of two processes closing a cycle
 * the second one is told. 0 (recorded: call wait_done) or -EDEADLK. */
static int wait_for(int dir, pid_t holder)
{
	pid_t me = getpid();
	int g = openat(dir, "waits", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (g < 0)
		return 0;
	flock(g, LOCK_EX);
	int r = 0;
	pid_t cur = holder;
	for (int hops = 0; hops < 64 && cur > 0; hops++) {
		if (cur == me) {
			r = -EDEADLK;
			break;
		}
		char name[32], buf[32];
		snprintf(name, sizeof name, "w.%d", (int)cur);
		int f = openat(dir, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		ssize_t n = f >= 0 ? read(f, buf, sizeof buf - 1) : -1;
		if (f >= 0)
			close(f);
		buf[n > 0 ? n : 0] = 0;
		cur = n > 0 && kill(cur, 0) == 0 ? (pid_t)atoi(buf) : 0; /* (a waiter that died waits for nothing) */
	}
	if (r == 0) {
		char name[32], buf[32];
		snprintf(name, sizeof name, "w.%d", (int)me);
		int f = openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (f >= 0) {
			int n = snprintf(buf, sizeof buf, "%d", (int)holder);
			if (write(f, buf, (size_t)n) < 0) {
				/* (then no chain passes through us) */
			}
			close(f);
		}
	}
	flock(g, LOCK_UN);
	close(g);
	return r;
}

static void wait_done(int dir)
{
	char name[32];
	snprintf(name, sizeof name, "w.%d", (int)getpid());
	unlinkat(dir, name, 0);
}

/* One lock command on the companion (POSIX ones turned into OFD commands), its mirror kept and F_GETLK's owner found. */
static long lock_cmd(uint64_t file_id, uint64_t mount, uint64_t nodeid, int cmd, struct flock *fl)
{
	int posix = cmd == F_SETLK || cmd == F_SETLKW || cmd == F_GETLK;
	int getlk = cmd == F_GETLK || cmd == F_OFD_GETLK;
	if (getlk && companion(0, mount, nodeid) < 0)
		getlk = 0; /* (the owner lookup goes through this process's marks) */
	int fd = companion(posix ? 0 : file_id, mount, nodeid);
	if (fd < 0)
		return fd;
	if (posix)
		cmd = cmd == F_SETLK ? F_OFD_SETLK : cmd == F_SETLKW ? F_OFD_SETLKW : F_OFD_GETLK;
	struct flock query = *fl;
	fl->l_pid = 0; /* (OFD commands insist) */
	if (fcntl(fd, cmd, fl) < 0)
		return -errno;
	pthread_mutex_lock(&comps_lock);
	struct companion *c = posix || getlk ? posix_companion(mount, nodeid) : NULL;
	if (c && posix && cmd != F_OFD_GETLK && c->mirror >= 0) {
		struct flock m = query;
		m.l_pid = 0;
		fcntl(c->mirror, F_OFD_SETLK, &m); /* (only this process locks its mirror: no conflict) */
	}
	if (c && getlk && fl->l_type != F_UNLCK) {
		/* Whose is the lock found: the owner whose mirror holds that range. */
		struct flock found = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = fl->l_start, .l_len = fl->l_len};
		fl->l_pid = owner_of(open_lock_dir(), c, &found);
	}
	pthread_mutex_unlock(&comps_lock);
	return 0;
}

long fz_lock_fcntl(uint64_t file_id, uint64_t mount, uint64_t nodeid, int cmd, struct flock *fl)
{
	if (cmd == F_SETLKW && fl->l_type != F_UNLCK) {
		/* Would it wait? Then for whom: a wait that closes a cycle is EDEADLK. */
		struct flock q = *fl;
		long r = lock_cmd(file_id, mount, nodeid, F_SETLK, &q);
		if (r != -EAGAIN)
			return r;
		q = *fl;
		r = lock_cmd(file_id, mount, nodeid, F_GETLK, &q);
		if (r == 0 && q.l_type != F_UNLCK && q.l_pid > 0) {
			pthread_mutex_lock(&comps_lock);
			int dir = open_lock_dir();
			pthread_mutex_unlock(&comps_lock);
			if (dir >= 0) {
				if (wait_for(dir, q.l_pid) < 0)
					return -EDEADLK;
				r = lock_cmd(file_id, mount, nodeid, F_SETLKW, fl);
				wait_done(dir);
				return r;
			}
		}
	}
	return lock_cmd(file_id, mount, nodeid, cmd, fl);
}

void fz_lock_closed(uint64_t file_id, uint64_t mount, uint64_t nodeid, int last)
{
	if (!__atomic_load_n(&ncomps, __ATOMIC_RELAXED))
		return; /* (nothing was ever locked here: the common case) */
	pid_t pid = getpid();
	pthread_mutex_lock(&comps_lock);
	for (size_t i = 0; i < ncomps;) {
		struct companion *c = &comps[i];
		if (!c->file_id && c->pid != pid) {
			/* A fork child's copy of its parent's POSIX companion: not
			 * its locks (closing it leaves the parent's in place). */
			companion_close(c);
			*c = comps[--ncomps];
			continue;
		}
		if (!c->file_id && c->mount == mount && c->nodeid == nodeid) {
			/* Linux drops the process's POSIX locks on the inode at any close. */
			struct flock fl = {.l_type = F_UNLCK, .l_whence = SEEK_SET};
			fcntl(c->fd, F_OFD_SETLK, &fl);
			if (c->mirror >= 0)
				fcntl(c->mirror, F_OFD_SETLK, &fl);
		}
		if (last && c->file_id == file_id) {
			/* The description is gone from this process: its flock and
			 * OFD locks go when no process holds it any more. */
			companion_close(c);
			*c = comps[--ncomps];
			continue;
		}
		i++;
	}
	pthread_mutex_unlock(&comps_lock);
}

int fz_lock_held(uint64_t file_id)
{
	pthread_mutex_lock(&comps_lock);
	int hit = 0;
	for (size_t i = 0; i < ncomps && !hit; i++)
		hit = comps[i].file_id == file_id;
	pthread_mutex_unlock(&comps_lock);
	return hit;
}

void fuse_lock_tree_gone(uint64_t tree)
{
	char path[128];
	lock_dir_path(tree, path, sizeof path);
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	rmdir(path);
}
