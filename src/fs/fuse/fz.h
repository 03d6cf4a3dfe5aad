/* fs/fuse/fz.h: internal interfaces shared by the FUSE client files (transport, walk, ops, device). */
#pragma once
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "fs/fuse/fuse.h"
#include "fs/fuse/proto.h"

extern struct fz_shared *fz_sh; /* the tree's mount page, or NULL */
extern int fz_lifeline_fd, fz_shared_fd;

/* ---- transport (client.c) ---- */
/* One synchronous call on this thread's control connection. in: payload
 * iovecs. The result's args land in *res, its payload in out (cap bytes;
 * *outlen its length). intr: the wait follows the FUSE wait rules (t
 * needed); a disruptive signal gives -EINTR and marks the thread. Returns
 * res->arg[0] (>= 0 or -errno) or a transport -errno. */
long fz_call(struct thread *t, struct fz_msg *m, const struct iovec *in, int nin, struct fz_msg *res, void *out,
	     size_t cap, size_t *outlen, int intr);
/* A message that gets no answer (FORGET, SETPOS). */
void fz_send(struct fz_msg *m, const void *pl, size_t len);
/* The same on t's control connection, from another host thread (the
 * transport server) while t waits: keeps t's messages in order. Returns
 * 0, or -1 if t has no connection of this process yet. */
int fz_send_as(struct thread *t, struct fz_msg *m, const void *pl, size_t len);
/* Note this thread's control connection in t (see fz_send_as). */
void fz_ctl_remember(struct thread *t);
/* A new object connection (DEV/FILE/CWD) with its hello; returns the fd
 * (lowest free: a guest fd unless priv) or -errno. */
int fz_obj_connect(int kind, uint64_t id, uint64_t sess, const void *pl, size_t len, int priv);
/* What fd is: FZK_DEV/FILE/CWD with its id (DEV: *sess too), or 0. */
int fz_fd_kind(int fd, uint64_t *id, uint64_t *sess);
uint64_t fz_rand64(void);
void fz_mark_interrupted(void);

/* default_permissions (ops.c): Linux's generic_permission of mask (4 r,
 * 2 w, 1 x) on a node with these attributes, for the effective ids
 * (effective) or the real ones: 0 or -EACCES. */
long fz_default_permission(const struct fuse_attr *at, unsigned mask, int effective);

/* ---- file locks (lock.c) ---- */
struct flock;
/* flock(2) and fcntl(2) record locks (cmd and fl as the host takes them,
 * fl's start already SEEK_SET) on open file description file_id of a node. */
long fz_lock_flock(uint64_t file_id, uint64_t mount, uint64_t nodeid, int op);
long fz_lock_fcntl(uint64_t file_id, uint64_t mount, uint64_t nodeid, int cmd, struct flock *fl);
/* This process closed an fd of description file_id: its POSIX locks on
 * the node go; last: no fd of the description is left in this process. */
void fz_lock_closed(uint64_t file_id, uint64_t mount, uint64_t nodeid, int last);
/* open(2) of a FIFO node: the tree's host FIFO for it, opened with flags
 * (a host fd at the lowest free number) or -errno. */
int fz_fifo_open(uint64_t mount, uint64_t nodeid, int flags);
/* 1 if this process has a lock companion for description file_id. */
int fz_lock_held(uint64_t file_id);

/* ---- mount page (shared.c) ---- */
/* The most recent mount whose path is exactly path: copies it, returns 1. */
int fz_mount_at(const char *path, struct fz_ment *out);
int fz_mount_by_id(uint64_t id, struct fz_ment *out);
int fz_mount_by_sess(uint64_t sess, struct fz_ment *out);
static inline int fz_nmounts(void) { return fz_sh ? (int)__atomic_load_n(&fz_sh->nmounts, __ATOMIC_ACQUIRE) : 0; }

/* ---- requests (ops.c) ---- */
/* One WRITE of n bytes (within max_write) at off: the bytes written or -errno. */
long fz_write_req(struct thread *t, uint64_t mount, uint64_t nodeid, uint64_t fh, uint32_t oflags, const char *buf,
		  uint32_t n, int64_t off);
/* One FUSE request to mount's daemon: body in iovecs, reply body into out
 * (outsize; argvar: may be shorter). Returns 0 or -errno; *got the body length. */
long fz_req(struct thread *t, uint64_t mount, uint32_t opcode, uint64_t nodeid, const struct iovec *in, int nin,
	    void *out, size_t outsize, int argvar, size_t *got);
/* The same with a guard (in: fz_guard() of the entry nodeid came from a
 * client cache by, or 0) and the result's arg1..arg5 (out). */
struct fz_aux {
	uint64_t guard;
	int peek; /* in: a LOOKUP for the attributes only (FZ_REQ_PEEK) */
	int64_t flags, egen, eexp, aexp, agen;
};
long fz_req_aux(struct thread *t, uint64_t mount, uint32_t opcode, uint64_t nodeid, const struct iovec *in, int nin,
		void *out, size_t outsize, int argvar, size_t *got, struct fz_aux *x);

/* ---- the client's entry cache (ccache.c) ---- */
struct fz_ccent {
	uint64_t nodeid, egen, agen;
	int64_t eexp, aexp;
	struct fuse_attr attr;
	int attr_ok;	/* get: attributes still valid too */
	uint64_t guard; /* get: what a request naming nodeid carries */
};
/* 1: (parent, name) is held by the server's cache as of generations still
 * current and within its entry_valid (out filled; attr_ok: attributes too). */
int fz_cc_get(const struct fz_ment *m, uint64_t parent, const char *name, size_t nlen, struct fz_ccent *out);
void fz_cc_put(const struct fz_ment *m, uint64_t parent, const char *name, size_t nlen, const struct fz_ccent *in);
void fz_forget(uint64_t mount, uint64_t nodeid);

/* ---- shared mappings (mapshared.c) ---- */
struct fz_mapfile {
	uint64_t mount, nodeid, fh;
	uint32_t oflags, max_write;
	int writable; /* opened for writing: its fh can write back */
};
struct mf_owner;
/* mmap(MAP_SHARED) of FUSE file f (open as file_fd): one more mapping of
 * the node's copy (see mapshared.c; read_in fills a new one with the
 * file's content: 0 or -errno). *memfd: the copy to map (not the caller's
 * to close); *owner: for mm_set_owner. 0 or -errno. */
int fz_map_shared(const struct fz_mapfile *f, int file_fd, int (*read_in)(const struct fz_mapfile *f, int into),
		  int *memfd, struct mf_owner **owner);
/* exit, exec: this process's mappings' dirty pages written back. */
void fz_map_sync_all(void);
/* A READ of node returned len bytes at off into buf: the copy's dirty pages show. */
void fz_map_overlay(uint64_t mount, uint64_t nodeid, uint64_t off, void *buf, size_t len);
/* A WRITE of n bytes at off, or a new size, of node: the copy follows. */
void fz_map_wrote(uint64_t mount, uint64_t nodeid, const void *buf, size_t n, uint64_t off);
void fz_map_resized(uint64_t mount, uint64_t nodeid, uint64_t size);
/* The tree's private directory (lock.c): a private fd or -errno; its path. */
int fz_tree_dir(void);
void fz_tree_dir_path(char *buf, size_t size);
/* The name in it of a file that stands for node id of mount: "MOUNT-ID"
 * (hex) and suffix. 0, or -ENAMETOOLONG. */
int fz_node_file(char *buf, size_t size, uint64_t mount, uint64_t id, const char *suffix);

/* ---- AF_UNIX names (ops.c) ---- */
/* The node an AF_UNIX path name stands for: bind makes it (FUSE MKNOD of a
 * socket node; EEXIST gives EADDRINUSE), connect needs a socket node there
 * (ECONNREFUSED otherwise). 1 with its mount and inode number (the node's
 * identity while it lives); 0 outside FUSE; 2 outside FUSE after leaving a
 * mount (the guest absolute path in gpath); -errno. */
int fz_unix_node(struct thread *t, const char *path, int bind, uint64_t *mount, uint64_t *ino, char *gpath,
		 size_t gsize);

/* ---- the walk (walk.c) ---- */
/* FZW_PEEK (or'ed in): the caller only reads the final node's attributes
 * (stat): a client-cached final entry with valid attributes is enough, and
 * the walk may then hold no reference (held 0). */
enum { FZW_FOLLOW = 0, FZW_NOFOLLOW = 1, FZW_PARENT = 2, FZW_PEEK = 4 };
struct fz_stk {
	uint64_t nodeid;
	uint32_t held;
	uint32_t plen;	/* length of cur up to this node */
	uint64_t guard; /* from the client cache (unheld): its fz_guard(), else 0 */
	uint32_t known; /* 1: mode, uid, gid below are this directory's */
	uint32_t mode, uid, gid;
};
struct fz_walk {
	struct fz_ment m;	   /* the mount (m.id) */
	uint64_t nodeid;	   /* the final node (not PARENT) or the parent (PARENT) */
	int held;		   /* nodeid's reference is ours to drop */
	int have_attr;
	int attr_stale;		   /* attr came from the cache past its attr_valid: only the type holds */
	struct fuse_attr attr;	   /* from the lookup that found nodeid */
	char name[NAME_MAX + 2];   /* PARENT: the last component ("" for "." / "..": dot set) */
	int dot;		   /* PARENT: last component was "." (1) or ".." (2) or the mount root (3) */
	int trailing;		   /* the path ended with a slash */
	char gpath[PATH_MAX + 2];  /* guest path of the result (PARENT: of the parent + "/" name) */
	int gone;		   /* a magic link's open file whose path was unlinked since */
	int guarded;		   /* PARENT: the parent is not held; requests on it carry a guard (slot + 1) */
};
/* Resolve. Returns 1 (in FUSE: w filled, release with fz_walk_done), 0
 * (not FUSE, untouched), 2 (not FUSE; the guest absolute path to use on
 * the host is in w->gpath) or -errno. */
int fz_walk(struct thread *t, struct process *p, int dirfd, const char *path, int how, struct fz_walk *w);
void fz_walk_done(struct fz_walk *w);
/* Guarded PARENT walks (walk.c): the guard a request on (mount, nodeid)
 * carries (0: none); a guarded request found it no longer holds; and the
 * bounds of one fuse_syscall call (no_cache: walk without the client
 * cache), end saying whether a guard failed in it. */
uint64_t fz_walk_guard(uint64_t mount, uint64_t nodeid);
void fz_walk_guard_failed(void);
void fz_walk_call_begin(int no_cache);
int fz_walk_call_end(void);
/* While on, PARENT walks take references as other walks do. */
void fz_walk_hold_always(int on);
/* The guest path of a host dir fd or the cwd (AT_FDCWD), or of a FUSE dir fd. */
int fz_base_path(struct thread *t, int dirfd, char *buf, size_t size, uint64_t *mount, uint64_t *nodeid);

/* ---- the virtual cwd (walk.c) ---- */
/* 1 with the cwd's path if it is inside a mount, 2 if that directory was
 * removed since, 0 if the cwd is not in FUSE. */
int fz_cwd_get(char *path, size_t size);
/* The same for the cwd of the process peer of the tree (0: this one). */
int fz_proc_cwd(long peer, char *buf, size_t size);
/* The cwd takes over w's reference (w->held is cleared). */
int fz_cwd_set(struct thread *t, struct fz_walk *w);
