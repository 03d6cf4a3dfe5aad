/* fs/fuse/mapshared.c: shared mappings of FUSE files. Linux keeps one page
 * cache per inode and writes a shared mapping's dirty pages back with FUSE
 * WRITE (at msync, and when the mapping goes: munmap, exit, exec). Here a
 * process keeps one copy of each FUSE file it maps shared: a memfd that
 * every shared mapping of the file in the process (and its forked
 * children) maps, and a second memfd with the content as last read or
 * written back, so the pages that differ are the dirty ones. The copy
 * stays coherent with this process's own read(2) and write(2) of the file
 * (reads write the dirty pages back first; writes land in the copy too);
 * other processes see the stores once they are written back. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fs/fuse/fuse.h"
#include "fs/fuse/fz.h"
#include "mm/mm.h"
#include "platform/private_fd.h"

#define PAGE 4096
#define CHUNK (256 * 1024)

struct fz_copy {
	struct mf_owner owner; /* first: mm hands this back */
	struct fz_copy *next;
	struct fz_mapfile f;
	int file_fd;	/* the open file, kept open while mapped (RELEASE after the last mapping) */
	int content;	/* what the guest maps */
	int snap;	/* the content as the daemon last had it */
	int refs;	/* mappings (mm's mapped_files) */
};

static struct fz_copy *copies;
static int ncopies; /* read without the lock: 0 skips every hook */
static pthread_mutex_t copies_lock = PTHREAD_MUTEX_INITIALIZER;

void fuse_after_fork(void) { pthread_mutex_init(&copies_lock, NULL); }

static struct fz_copy *find(uint64_t mount, uint64_t nodeid)
{
	for (struct fz_copy *c = copies; c; c = c->next)
		if (c->f.mount == mount && c->f.nodeid == nodeid)
			return c;
	return NULL;
}

/* WRITE the n bytes at off (n within the daemon's max_write pieces). */
static int write_back(struct fz_copy *c, const char *buf, size_t n, uint64_t off)
{
	uint32_t piece = c->f.max_write ? c->f.max_write : PAGE;
	for (size_t done = 0; done < n;) {
		uint32_t want = n - done < piece ? (uint32_t)(n - done) : piece;
		struct fuse_write_in wi = {.fh = c->f.fh, .offset = off + done, .size = want, .flags = c->f.oflags};
		struct iovec iov[2] = {{&wi, sizeof wi}, {(void *)(buf + done), want}};
		struct fuse_write_out wo;
		long r = fz_req(NULL, c->f.mount, FUSE_WRITE, c->f.nodeid, iov, 2, &wo, sizeof wo, 0, NULL);
		if (r < 0)
			return (int)r;
		if (wo.size == 0 || wo.size > want)
			return -EIO;
		done += wo.size;
	}
	return 0;
}

/* Write the dirty pages back (up to the file's size: Linux writes no
 * further than i_size), and make them the snapshot. Lock held. */
static void sync_copy(struct fz_copy *c)
{
	struct stat st;
	if (fstat(c->content, &st) < 0)
		return;
	uint64_t size = (uint64_t)st.st_size;
	char *cur = malloc(CHUNK), *old = malloc(CHUNK);
	for (uint64_t base = 0; cur && old && base < size; base += CHUNK) {
		size_t n = size - base < CHUNK ? (size_t)(size - base) : CHUNK;
		if (pread(c->content, cur, n, (off_t)base) != (ssize_t)n || pread(c->snap, old, n, (off_t)base) != (ssize_t)n)
			break;
		for (size_t at = 0; at < n;) {
			size_t len = n - at < PAGE ? n - at : PAGE;
			if (!memcmp(cur + at, old + at, len)) {
				at += len;
				continue;
			}
			size_t end = at + len; /* a run of dirty pages */
			while (end < n) {
				size_t l2 = n - end < PAGE ? n - end : PAGE;
				if (!memcmp(cur + end, old + end, l2))
					break;
				end += l2;
			}
			if (write_back(c, cur + at, end - at, base + at) == 0 &&
			    pwrite(c->snap, cur + at, end - at, (off_t)(base + at)) < 0) {
				/* (the snapshot is a memfd: it does not fail) */
			}
			at = end;
		}
	}
	free(cur);
	free(old);
}

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
	__atomic_sub_fetch(&ncopies, 1, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&copies_lock);
	close(c->content);
	close(c->snap);
	close(c->file_fd); /* the server releases the file if this was its last holder */
	free(c);
}

/* A memfd holding the same bytes as src (a private fd), or -errno. */
static int clone_memfd(int src)
{
	struct stat st;
	if (fstat(src, &st) < 0)
		return -errno;
	int m = (int)syscall(SYS_memfd_create, "fuse-snap", 1 /* MFD_CLOEXEC */);
	if (m < 0)
		return -errno;
	char *buf = malloc(CHUNK);
	int ok = buf != NULL;
	for (off_t off = 0; ok && off < st.st_size;) {
		ssize_t n = pread(src, buf, CHUNK, off);
		ok = n > 0 && pwrite(m, buf, (size_t)n, off) == n;
		off += n > 0 ? n : 0;
	}
	free(buf);
	if (!ok) {
		close(m);
		return -EIO;
	}
	int p = private_fd(m);
	return p < 0 ? -EMFILE : p;
}

int fz_map_shared(const struct fz_mapfile *f, int file_fd, int (*read_in)(const struct fz_mapfile *f), int *memfd,
		  struct mf_owner **owner)
{
	pthread_mutex_lock(&copies_lock);
	struct fz_copy *c = find(f->mount, f->nodeid);
	if (!c) {
		/* Read the file in without the lock (the READs write dirty copies back). */
		pthread_mutex_unlock(&copies_lock);
		struct fz_copy *n = calloc(1, sizeof *n);
		int content = n ? read_in(f) : -ENOMEM;
		if (content >= 0)
			content = private_fd(content); /* (kept: out of the guest's fd range) */
		int snap = content >= 0 ? clone_memfd(content) : content;
		int keep = snap >= 0 ? fcntl(file_fd, F_DUPFD_CLOEXEC, private_fd_base) : -1;
		if (keep < 0) {
			if (content >= 0)
				close(content);
			if (snap >= 0)
				close(snap);
			free(n);
			return snap < 0 ? snap : -EMFILE;
		}
		n->owner.sync = owner_sync;
		n->owner.put = owner_put;
		n->f = *f;
		n->file_fd = keep;
		n->content = content;
		n->snap = snap;
		pthread_mutex_lock(&copies_lock);
		c = find(f->mount, f->nodeid);
		if (c) { /* another thread made one meanwhile */
			close(content);
			close(snap);
			close(keep);
			free(n);
		} else {
			c = n;
			c->next = copies;
			copies = c;
			__atomic_add_fetch(&ncopies, 1, __ATOMIC_RELAXED);
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

void fz_map_sync_node(uint64_t mount, uint64_t nodeid)
{
	if (!__atomic_load_n(&ncopies, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&copies_lock);
	struct fz_copy *c = find(mount, nodeid);
	if (c)
		sync_copy(c);
	pthread_mutex_unlock(&copies_lock);
}

void fz_map_sync_all(void)
{
	if (!__atomic_load_n(&ncopies, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&copies_lock);
	for (struct fz_copy *c = copies; c; c = c->next)
		sync_copy(c);
	pthread_mutex_unlock(&copies_lock);
}

void fz_map_wrote(uint64_t mount, uint64_t nodeid, const void *buf, size_t n, uint64_t off)
{
	if (!__atomic_load_n(&ncopies, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&copies_lock);
	struct fz_copy *c = find(mount, nodeid);
	/* The file may grow: the copy grows with it, so the mappings reach the new pages. */
	if (c && (pwrite(c->content, buf, n, (off_t)off) != (ssize_t)n || pwrite(c->snap, buf, n, (off_t)off) != (ssize_t)n)) {
		/* (memfds: only ENOSPC-like host failures; the copy stays as it was) */
	}
	pthread_mutex_unlock(&copies_lock);
}

void fz_map_resized(uint64_t mount, uint64_t nodeid, uint64_t size)
{
	if (!__atomic_load_n(&ncopies, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&copies_lock);
	struct fz_copy *c = find(mount, nodeid);
	if (c && (ftruncate(c->content, (off_t)size) < 0 || ftruncate(c->snap, (off_t)size) < 0)) {
		/* (as above) */
	}
	pthread_mutex_unlock(&copies_lock);
}
