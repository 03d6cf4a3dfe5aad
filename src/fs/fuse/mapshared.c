/* fs/fuse/mapshared.c: shared mappings of FUSE files. Linux keeps one page
 * cache per inode, which every shared mapping, read(2) and write(2) of the
 * file goes through, and writes a mapping's dirty pages back with FUSE
 * WRITE (at msync, and when the mapping goes: munmap, exit, exec).
 *
 * Here the tree keeps, per FUSE node mapped shared, two host files in its
 * lock directory: the copy that every shared mapping of the node maps (in
 * any process of the tree), and a snapshot of what the daemon last had, so
 * the pages that differ are the dirty ones. A process using the copy holds
 * an OFD read lock on its first byte; the first user (it gets the write
 * lock) fills both from the daemon and then turns its lock into a read
 * lock, so later users wait for a copy being filled. While the copy has
 * users, every process's READ of the node sees its dirty pages, WRITE and
 * truncate change the copy too, and write-backs (one at a time per node:
 * a lock on the snapshot) go through a file of the mapping process opened
 * for writing. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/fuse/fuse.h"
#include "fs/fuse/fz.h"
#include "mm/mm.h"
#include "platform/private_fd.h"

#define PAGE 4096
#define CHUNK (256 * 1024)

/* This process's use of a node's copy. */
struct fz_copy {
	struct mf_owner owner; /* first: mm hands this back */
	struct fz_copy *next;
	struct fz_mapfile f;
	int file_fd; /* the open file, kept open while mapped (RELEASE after the last mapping) */
	int content; /* the copy; its description holds this process's read lock */
	int snap;
	int refs; /* mappings (mm's mapped_files) */
};

static struct fz_copy *copies;
static pthread_mutex_t copies_lock = PTHREAD_MUTEX_INITIALIZER;

void fuse_after_fork(void) { pthread_mutex_init(&copies_lock, NULL); }

static int ofd_lock(int fd, int cmd, short type)
{
	struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
	return fcntl(fd, cmd, &fl);
}

static struct fz_copy *find(uint64_t mount, uint64_t nodeid)
{
	for (struct fz_copy *c = copies; c; c = c->next)
		if (c->f.mount == mount && c->f.nodeid == nodeid)
			return c;
	return NULL;
}

/* The node's copy (1) or snapshot (0) in the tree's directory: a private fd or -errno. */
static int open_file(uint64_t mount, uint64_t nodeid, int copy, int create)
{
	int dir = fz_tree_dir();
	if (dir < 0)
		return dir;
	char name[64];
	fz_node_file(name, sizeof name, mount, nodeid, copy ? ".map" : ".snap");
	int fd = openat(dir, name, O_RDWR | O_CLOEXEC | O_NOFOLLOW | (create ? O_CREAT : 0), 0600);
	return fd < 0 ? -errno : private_fd(fd);
}

/* ---- what every process does to a node's copy ---- */

/* WRITE the n bytes at off (in the daemon's max_write pieces). */
static int write_back(const struct fz_mapfile *f, const char *buf, size_t n, uint64_t off)
{
	uint32_t piece = f->max_write ? f->max_write : PAGE;
	for (size_t done = 0; done < n;) {
		uint32_t want = n - done < piece ? (uint32_t)(n - done) : piece;
		long r = fz_write_req(NULL, f->mount, f->nodeid, f->fh, f->oflags, buf + done, want, (int64_t)(off + done));
		if (r <= 0)
			return r < 0 ? (int)r : -EIO;
		done += (size_t)r;
	}
	return 0;
}

/* Calls fn on each run of dirty pages within [from, to) (clipped to the
 * copy's size: Linux writes no further than i_size): cur holds the copy's
 * bytes of the run, at file offset off. */
static void dirty_runs(int content, int snap, uint64_t from, uint64_t to,
		       void (*fn)(void *ctx, const char *cur, size_t n, uint64_t off), void *ctx)
{
	struct stat st;
	if (fstat(content, &st) < 0)
		return;
	if (to > (uint64_t)st.st_size)
		to = (uint64_t)st.st_size;
	from &= ~(uint64_t)(PAGE - 1);
	char *cur = malloc(CHUNK), *old = malloc(CHUNK);
	for (uint64_t base = from; cur && old && base < to; base += CHUNK) {
		size_t n = to - base < CHUNK ? (size_t)(to - base) : CHUNK;
		if (pread(content, cur, n, (off_t)base) != (ssize_t)n)
			break;
		ssize_t k = pread(snap, old, n, (off_t)base);
		if (k < 0)
			break;
		memset(old + k, 0, n - (size_t)k); /* (a snapshot shorter than the copy: the rest differs unless zero) */
		for (size_t at = 0; at < n;) {
			size_t end = at;
			while (end < n) {
				size_t l = n - end < PAGE ? n - end : PAGE;
				if (!memcmp(cur + end, old + end, l))
					break;
				end += l;
			}
			if (end > at)
				fn(ctx, cur + at, end - at, base + at);
			else
				end += n - at < PAGE ? n - at : PAGE;
			at = end;
		}
	}
	free(cur);
	free(old);
}

struct sync_ctx {
	const struct fz_mapfile *f;
	int snap;
};

static void sync_run(void *ctx, const char *cur, size_t n, uint64_t off)
{
	struct sync_ctx *s = ctx;
	if (write_back(s->f, cur, n, off) == 0 && pwrite(s->snap, cur, n, (off_t)off) < 0) {
		/* (a host file in /dev/shm: the snapshot stays behind, written again next time) */
	}
}

/* Write the dirty pages back, one write-back of the node at a time in the tree. */
static void sync_copy(struct fz_copy *c)
{
	if (!c->f.writable)
		return; /* (this process's mappings cannot have dirtied it) */
	int locked = ofd_lock(c->snap, F_OFD_SETLKW, F_WRLCK) == 0;
	struct sync_ctx s = {&c->f, c->snap};
	dirty_runs(c->content, c->snap, 0, UINT64_MAX, sync_run, &s);
	if (locked)
		ofd_lock(c->snap, F_OFD_SETLK, F_UNLCK);
}

struct overlay_ctx {
	char *buf;
	uint64_t off, len;
};

static void overlay_run(void *ctx, const char *cur, size_t n, uint64_t off)
{
	struct overlay_ctx *o = ctx;
	uint64_t lo = off > o->off ? off : o->off, hi = off + n < o->off + o->len ? off + n : o->off + o->len;
	if (lo < hi)
		memcpy(o->buf + (lo - o->off), cur + (lo - off), hi - lo);
}

/* Run fn on the node's copy if some process uses it (and none is filling
 * it), from this process's own use or through the tree's files. */
static void with_copy(uint64_t mount, uint64_t nodeid, void (*fn)(int content, int snap, void *ctx), void *ctx)
{
	if (!fz_sh || !__atomic_load_n(&fz_sh->shared_maps, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&copies_lock);
	struct fz_copy *c = find(mount, nodeid);
	if (c) {
		fn(c->content, c->snap, ctx);
		pthread_mutex_unlock(&copies_lock);
		return;
	}
	pthread_mutex_unlock(&copies_lock);
	int content = open_file(mount, nodeid, 1, 0);
	if (content < 0)
		return;
	/* Our read lock keeps a filler out; a read lock of another description means a user. */
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
	if (ofd_lock(content, F_OFD_SETLK, F_RDLCK) == 0 && fcntl(content, F_OFD_GETLK, &fl) == 0 &&
	    fl.l_type != F_UNLCK) {
		int snap = open_file(mount, nodeid, 0, 0);
		if (snap >= 0) {
			fn(content, snap, ctx);
			close(snap);
		}
	}
	close(content);
}

static void do_overlay(int content, int snap, void *ctx)
{
	struct overlay_ctx *o = ctx;
	dirty_runs(content, snap, o->off, o->off + o->len, overlay_run, o);
}

void fz_map_overlay(uint64_t mount, uint64_t nodeid, uint64_t off, void *buf, size_t len)
{
	struct overlay_ctx o = {buf, off, len};
	if (len)
		with_copy(mount, nodeid, do_overlay, &o);
}

static void do_wrote(int content, int snap, void *ctx)
{
	const struct overlay_ctx *w = ctx;
	/* The file may grow: the copy grows with it, so the mappings reach the new pages. */
	if (pwrite(content, w->buf, w->len, (off_t)w->off) < 0 || pwrite(snap, w->buf, w->len, (off_t)w->off) < 0) {
		/* (host files in /dev/shm: only ENOSPC-like failures) */
	}
}

void fz_map_wrote(uint64_t mount, uint64_t nodeid, const void *buf, size_t n, uint64_t off)
{
	struct overlay_ctx w = {(char *)buf, off, n};
	with_copy(mount, nodeid, do_wrote, &w);
}

static void do_resized(int content, int snap, void *ctx)
{
	off_t size = (off_t) * (const uint64_t *)ctx;
	if (ftruncate(content, size) < 0 || ftruncate(snap, size) < 0) {
		/* (as above) */
	}
}

void fz_map_resized(uint64_t mount, uint64_t nodeid, uint64_t size) { with_copy(mount, nodeid, do_resized, &size); }

/* ---- this process's mappings ---- */

static void owner_sync(struct mf_owner *o)
{
	pthread_mutex_lock(&copies_lock);
	sync_copy((struct fz_copy *)o);
	pthread_mutex_unlock(&copies_lock);
}

static void owner_put(struct mf_owner *o)
{
	struct fz_copy *c = (struct fz_copy *)o;
	pthread_mutex_lock(&copies_lock);
	if (--c->refs > 0) {
		pthread_mutex_unlock(&copies_lock);
		return;
	}
	for (struct fz_copy **pp = &copies; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	pthread_mutex_unlock(&copies_lock);
	close(c->content); /* (our read lock goes with the last fd of its description) */
	close(c->snap);
	close(c->file_fd); /* the server releases the file if this was its last holder */
	free(c);
}

/* Join the node's copy, filling it first if no process uses it. */
static int join_copy(const struct fz_mapfile *f, int (*read_in)(const struct fz_mapfile *f, int into), int *content,
		     int *snap)
{
	__atomic_store_n(&fz_sh->shared_maps, 1, __ATOMIC_RELEASE);
	*content = open_file(f->mount, f->nodeid, 1, 1);
	*snap = *content >= 0 ? open_file(f->mount, f->nodeid, 0, 1) : -1;
	int r = *snap < 0 ? (*content < 0 ? *content : *snap) : 0;
	if (r == 0 && ofd_lock(*content, F_OFD_SETLK, F_WRLCK) == 0) {
		/* The only user: what the copy holds is stale. */
		r = ftruncate(*content, 0) < 0 || ftruncate(*snap, 0) < 0 ? -errno : read_in(f, *content);
		if (r == 0) {
			char *buf = malloc(CHUNK);
			r = buf ? 0 : -ENOMEM;
			for (off_t off = 0; r == 0;) {
				ssize_t n = pread(*content, buf, CHUNK, off);
				if (n <= 0)
					break;
				if (pwrite(*snap, buf, (size_t)n, off) != n)
					r = -EIO;
				off += n;
			}
			free(buf);
		}
		if (r == 0 && ofd_lock(*content, F_OFD_SETLK, F_RDLCK) < 0) /* (a conversion: atomic) */
			r = -errno;
	} else if (r == 0 && ofd_lock(*content, F_OFD_SETLKW, F_RDLCK) < 0) {
		r = -errno; /* (waits while another process fills it) */
	}
	if (r < 0) {
		if (*content >= 0)
			close(*content);
		if (*snap >= 0)
			close(*snap);
	}
	return r;
}

int fz_map_shared(const struct fz_mapfile *f, int file_fd, int (*read_in)(const struct fz_mapfile *f, int into),
		  int *memfd, struct mf_owner **owner)
{
	pthread_mutex_lock(&copies_lock);
	struct fz_copy *c = find(f->mount, f->nodeid);
	if (!c) {
		/* Filled without the lock: the daemon's READs look for copies too. */
		pthread_mutex_unlock(&copies_lock);
		struct fz_copy *n = calloc(1, sizeof *n);
		int content = -1, snap = -1;
		int r = n ? join_copy(f, read_in, &content, &snap) : -ENOMEM;
		int keep = r == 0 ? fcntl(file_fd, F_DUPFD_CLOEXEC, private_fd_base) : -1;
		if (keep < 0) {
			if (r == 0) {
				close(content);
				close(snap);
			}
			free(n);
			return r < 0 ? r : -EMFILE;
		}
		n->owner.sync = owner_sync;
		n->owner.put = owner_put;
		n->f = *f;
		n->file_fd = keep;
		n->content = content;
		n->snap = snap;
		pthread_mutex_lock(&copies_lock);
		c = find(f->mount, f->nodeid);
		if (c) { /* another thread joined meanwhile */
			close(content);
			close(snap);
			close(keep);
			free(n);
		} else {
			c = n;
			c->next = copies;
			copies = c;
		}
	}
	if (f->writable && !c->f.writable) {
		/* Write-back needs a file open for writing (Linux takes one of the inode's). */
		int keep = fcntl(file_fd, F_DUPFD_CLOEXEC, private_fd_base);
		if (keep >= 0) {
			close(c->file_fd);
			c->file_fd = keep;
			c->f = *f;
		}
	}
	c->refs++;
	*memfd = c->content;
	*owner = &c->owner;
	pthread_mutex_unlock(&copies_lock);
	return 0;
}

void fz_map_sync_all(void)
{
	pthread_mutex_lock(&copies_lock);
	for (struct fz_copy *c = copies; c; c = c->next)
		sync_copy(c);
	pthread_mutex_unlock(&copies_lock);
}
