/* fs/fuse/proto.h: the wire protocol between elfuse processes and the tree's FUSE server, and the shared mount page. */
#pragma once
#include <linux/fuse.h>
#include <stdint.h>

/* Every connection to the server is an AF_UNIX SOCK_SEQPACKET socket
 * connected to the abstract name FZ_PREFIX<tree hex>. Object connections
 * (a /dev/fuse open, an open FUSE file, a cwd) are bound by the client to
 * FZ_PREFIX<tree hex>-<K><hex id>, so any process holding the fd knows what
 * it is from getsockname() alone; the host kernel's refcount tells the
 * server when the last holder closed it. Their first (and only) message is
 * a hello. Each elfuse thread also has a control connection (private fd)
 * carrying synchronous calls: struct fz_msg plus payload, answered by one
 * FZ_RESULT message with the same seq. */
#define FZ_PREFIX "elfuse-fuse-"

/* Linux marks interrupt uniques with this bit (not in every <linux/fuse.h>). */
#ifndef FUSE_INT_REQ_BIT
#define FUSE_INT_REQ_BIT (1ULL << 0)
#endif

enum fz_kind { FZK_CTL = 1, FZK_DEV, FZK_FILE, FZK_CWD };

enum fz_type {
	FZ_HELLO = 1, /* arg0 kind, arg1 id (DEV: session), payload: fz_file for FILE/CWD */
	FZ_REQ,	      /* arg0 mount, arg1 opcode, arg2 nodeid, arg3 outsize|FZ_ARGVAR, arg4 uid|gid<<32, arg5 pid;
			 payload: the request body. Result: arg0 0/-errno, payload the reply body */
	FZ_INTR,      /* abandon call seq; answered by FZ_INTRACK (a FZ_RESULT for seq may come first) */
	FZ_REPLY,     /* a daemon's write to /dev/fuse: arg0 session; payload the bytes. Result arg0: count/-errno */
	FZ_FORGET,    /* arg0 mount, arg1 nodeid, arg2 count; no answer */
	FZ_FILEINFO,  /* arg0 file id. Result: arg1 mount, arg2 nodeid, arg3 fh, arg4 flags|kind<<32, arg5 pos; path */
	FZ_SETPOS,    /* arg0 file id, arg1 pos; no answer */
	FZ_MOUNT,     /* arg0 session, arg1 rootmode, arg2 uid|gid<<32, arg3 max_read, arg4 flags; payload
			 target\0fstype\0source\0. Result arg0 0/-errno */
	FZ_UMOUNT,    /* arg0 mount, arg1 umount2 flags */
	FZ_STATS,     /* Result: arg1 granted, arg2 forgotten, arg3 dropped */
	FZ_RESULT,
	FZ_INTRACK,
	FZ_SETFL,     /* arg0 file id, arg1 the open flags (fcntl F_SETFL). Result arg0 0/-EBADF */
	FZ_HOLD,      /* arg0 mount, arg1 nodeid, arg2 guard: one more holder of a node a client
		       * cache named. Result arg0 0, or -ESTALE if the generation moved on */
	FZ_RENAMED,   /* arg0 mount; payload old\0new\0 (guest paths): a rename succeeded, the
		       * paths of open files and cwds under old move to new; no answer */
};

#define FZ_ARGVAR (1ULL << 32) /* reply may be shorter than outsize */
/* Result arg1 flags of a LOOKUP. FZ_ATTR_STALE: the server's cache
 * answered, the entry is valid but its attributes are not (the caller asks
 * GETATTR if it needs them). FZ_CACHED: the entry is held by the server's
 * cache; arg2 is its entry bucket's generation (fz_shared.egen), arg3 its
 * deadline, arg4 its attributes' deadline (CLOCK_MONOTONIC ns), arg5 its
 * node's attribute bucket generation (agen): a client may use the entry
 * without asking while egen[bucket] stays arg2 (its attributes while
 * agen[bucket] stays arg5 too).
 * FZ_RETRY (with -ESTALE): the guard of a request no longer holds; the
 * caller walks again without its own cache. */
#define FZ_ATTR_STALE 1
#define FZ_CACHED 2
#define FZ_RETRY 4
/* FZ_NOREF: the caller asked (FZ_REQ_PEEK) for the attributes only and got
 * no reference of its own: the server's cache keeps the node (never for a
 * symlink, or attributes already stale), so no FORGET has to follow. */
#define FZ_NOREF 8
/* READ result arg1: FZ_SIZE_VALID: arg2 is the file size the server's
 * cache holds and still deems valid (the caller clamps to it, as Linux's
 * page cache serves reads up to its i_size). */
#define FZ_SIZE_VALID 16
/* FZ_REQ arg5 bit: a LOOKUP whose caller only reads the attributes (stat). */
#define FZ_REQ_PEEK (1ULL << 32)

/* Generations are bucketed, so that a change in one directory leaves
 * other cached entries valid. Entry buckets hash (parent, name); attribute
 * buckets hash the nodeid. The server bumps a bucket before any answer
 * that follows the change (removing an entry, invalidating attributes). */
#define FZ_GEN_BUCKETS 64
static inline unsigned fz_ebucket(uint64_t parent, const char *name, size_t nlen)
{
	uint64_t h = parent * 0x9e3779b97f4a7c15ULL;
	for (size_t i = 0; i < nlen; i++)
		h = (h ^ (unsigned char)name[i]) * 0x100000001b3ULL;
	return (unsigned)(h >> 58);
}
static inline unsigned fz_abucket(uint64_t nodeid) { return (unsigned)((nodeid * 0x9e3779b97f4a7c15ULL) >> 58); }

/* FZ_REQ arg3 bits 33..63 and FZ_HOLD arg2: a guard naming the entry
 * bucket and the low 24 bits of its generation that a request's nodeid was
 * taken from a client cache at (0: none). */
#define FZ_GUARD_SHIFT 33
static inline uint64_t fz_guard(unsigned bucket, uint64_t gen)
{
	return (((gen & 0xffffff) << 6) | (bucket & 63)) + 1;
}

/* Before each FUSE request on a device socket (stripped by the reader):
 * what its reply must look like, so the daemon's side can judge a reply
 * itself (as Linux would) and not wait for the server. */
struct fz_devhdr {
	uint32_t outsize;
	uint32_t flags;
};
#define FZD_REPLY 1  /* a reply is awaited (not FORGET or INTERRUPT) */
#define FZD_ARGVAR 2 /* it may be shorter than outsize */

struct fz_msg {
	uint32_t type;
	uint32_t seq;
	int64_t arg[6];
};

/* FILE and CWD hello payload. */
enum fz_fkind { FZF_FILE = 1, FZF_DIR, FZF_PATH };
struct fz_file {
	uint64_t mount, nodeid, fh;
	uint32_t oflags, fkind;
	uint32_t held; /* the connection owns one reference to nodeid */
	uint32_t fopen; /* the daemon's open flags (FOPEN_*) */
	char path[]; /* guest path, NUL-terminated */
};

/* The shared page: written by the server only, read by everyone under the
 * sequence counter (odd while a write is in progress). */
#define FZ_MAX_MOUNTS 64
struct fz_ment {
	uint64_t id;   /* 0: free slot */
	uint64_t sess; /* the /dev/fuse session serving it */
	uint32_t max_write, max_read, max_pages, init_flags;
	uint32_t rootmode, user_id, group_id, mflags;
	uint32_t slot, pad; /* index in fz_shared.m (and egen, agen) */
	char path[4096];
	char fstype[64];
	char source[256];
};
struct fz_shared {
	uint64_t tree;
	uint32_t seq;
	uint32_t nmounts;
	uint32_t active; /* some /dev/fuse was opened */
	uint32_t pathgen; /* bumped when a rename moved the path of an open file or cwd */
	int32_t server_pid; /* the tree's server: no guest may see or signal it */
	uint32_t shared_maps; /* some FUSE file was mapped shared: READ, WRITE, truncate look for copies */
	struct fz_ment m[FZ_MAX_MOUNTS];
	/* Per slot: the mount's cache generations (see fz_ebucket). */
	uint64_t egen[FZ_MAX_MOUNTS][FZ_GEN_BUCKETS];
	uint64_t agen[FZ_MAX_MOUNTS][FZ_GEN_BUCKETS];
};

#define FZ_MAX_MSG (4u << 20) /* bound on one message (reply bodies are at most 1 MiB + headers) */
#define FZ_MAX_PAGES 256
#define FZ_SOCKBUF (4 << 20)

/* mount flags in fz_ment.mflags */
#define FZM_ALLOW_OTHER 1
#define FZM_DEFAULT_PERMS 2
#define FZM_BLK 4
#define FZM_DETACHED 8 /* unmounted, still serving its open files: no path leads to it */
/* mount(2) flags kept (MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC) */
#define FZM_RDONLY 16
#define FZM_NOSUID 32
#define FZM_NODEV 64
#define FZM_NOEXEC 128
