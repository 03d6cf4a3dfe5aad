/* fs/fuse/server.c: the per-tree FUSE server process: sessions, mounts, request queues, reply validation, interrupts, references. */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "fs/fuse/cache.h"
#include "fs/fuse/fuse.h"
#include "fs/fuse/proto.h"

/* Single-threaded: one poll loop owns every structure below, so no locks. */

struct conn;

struct sreq {
	struct sreq *next, *prev;
	uint64_t unique, nodeid, mount;
	uint32_t opcode, outsize;
	int argvar;
	struct conn *waiter; /* NULL: detached or internal */
	uint32_t seq;
	int sent;	     /* handed to a device socket */
	int intr;	     /* 0: none, 1: INTERRUPT queued, 2: requeued once after EAGAIN */
	/* a request held back until INIT completes keeps its body */
	char *body;
	size_t blen;
	uint32_t uid, gid, pid;
	/* RELEASE/RELEASEDIR of a closed file: the file's node reference,
	 * forgotten only once the daemon answered (as Linux keeps the inode
	 * until the release completes), so no FORGET overtakes the RELEASE. */
	uint64_t forget_node;
	/* LOOKUP and the calls that change names or attributes: the body,
	 * to cache or invalidate from at the reply; gen when it was sent. */
	char *inv;
	size_t ilen;
	uint64_t gen;
	/* A guarded request (its nodeid from a client cache) holds the node
	 * until it completes, as Linux's walk holds the dentry. */
	uint64_t pin;
	int peek; /* a LOOKUP for the attributes only (FZ_REQ_PEEK) */
	/* A READ Linux would serve from its page cache while it still held a
	 * valid size: that size (FZ_SIZE_VALID); -1 otherwise. */
	int64_t clamp;
};

struct omsg {
	struct omsg *next;
	uint64_t unique; /* the request it carries (interrupts: target|1) */
	size_t len;
	char data[];
};

struct sess {
	struct sess *next;
	uint64_t id;
	int ndev, dead, aborted;
	/* the mount (one per session) */
	uint64_t mount; /* 0: not mounted */
	int slot, mounted_ever, nuse, blk;
	int inited, refused;
	uint32_t minor, max_write, max_pages;
	uint64_t next_unique;
	struct sreq reqs;   /* awaiting a reply (list head) */
	struct sreq held;   /* waiting for INIT to complete */
	struct omsg *oq, *oq_tail; /* not yet accepted by a device socket */
	unsigned char nosys[64];
	int no_interrupt;
	struct fuse_forget_one *fq;
	size_t fq_n, fq_cap;
	/* Unmounted (umount2 done): the connection ends once no file or cwd
	 * uses it and the releases in flight are answered (or the deadline). */
	int ending;
	uint32_t nrel; /* RELEASE/RELEASEDIR requests with a forget_node in flight */
	int64_t end_deadline;
	struct fcache fc; /* nodes and cached entries (cache.c) */
};

struct conn {
	int fd, kind, hello;
	uint64_t id;
	struct sess *s;
	/* FILE / CWD */
	uint64_t nodeid, fh;
	uint32_t oflags, fkind, held, fopen;
	uint32_t flushed; /* FILE: the last request on its handle was a FLUSH (a close) */
	int gone;	  /* FILE/CWD: its path was unlinked or removed (d_path's " (deleted)") */
	/* CTL: the paths of the rename this caller sends next (FZ_RENAMED) */
	char *ren;
	size_t ren_len;
	uint64_t ren_mount;
	int64_t pos;
	char *path;
};

static struct fz_shared *sh;
static struct sess *sessions;
static struct conn **conns;
static size_t nconns, capconns;
static char *rbuf;
static uint64_t granted, forgotten, dropped, next_mount = 1;
static const char *refs_file;
static int refs_dirty;

static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (!p) {
		_exit(125); /* the server cannot go on; clients see ENOTCONN */
	}
	return p;
}

static void list_init(struct sreq *h) { h->next = h->prev = h; }
static void list_del(struct sreq *r)
{
	r->prev->next = r->next;
	r->next->prev = r->prev;
	r->next = r->prev = r;
}
static void list_add(struct sreq *h, struct sreq *r)
{
	r->prev = h->prev;
	r->next = h;
	h->prev->next = r;
	h->prev = r;
}

/* ---- the mount page ---- */
static void table_begin(void) { __atomic_add_fetch(&sh->seq, 1, __ATOMIC_ACQ_REL); }
static void table_end(void) { __atomic_add_fetch(&sh->seq, 1, __ATOMIC_RELEASE); }

/* A lazily unmounted mount: gone for path lookups and /proc/mounts, still
 * known by id and session to its open files and its daemon. */
static void table_detach(struct sess *s)
{
	if (s->slot < 0)
		return;
	table_begin();
	sh->m[s->slot].mflags |= FZM_DETACHED;
	table_end();
}

static void table_remove(struct sess *s)
{
	if (s->slot < 0)
		return;
	table_begin();
	sh->m[s->slot].id = 0;
	sh->nmounts--;
	table_end();
	s->slot = -1;
	s->fc.egen = s->fc.agen = NULL;
}

/* ---- answering clients ---- */

static void reply(struct conn *c, uint32_t type, uint32_t seq, const int64_t *args, int nargs, const void *pl,
		  size_t len)
{
	if (!c || c->fd < 0)
		return;
	struct fz_msg m = {.type = type, .seq = seq};
	for (int i = 0; i < nargs && i < 6; i++)
		m.arg[i] = args[i];
	struct iovec iov[2] = {{&m, sizeof m}, {(void *)pl, len}};
	struct msghdr mh = {.msg_iov = iov, .msg_iovlen = len ? 2 : 1};
	/* Control sockets are read by a thread waiting for exactly this; a
	 * client that stopped reading is broken: drop rather than block. */
	if (sendmsg(c->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 && errno == EAGAIN) {
		struct pollfd p = {c->fd, POLLOUT, 0};
		if (poll(&p, 1, 1000) == 1)
			sendmsg(c->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
	}
}

static void result(struct conn *c, uint32_t seq, int64_t v, const void *pl, size_t len)
{
	int64_t a[1] = {v};
	reply(c, FZ_RESULT, seq, a, 1, pl, len);
}

/* ---- talking to the daemon ---- */
static struct conn *sess_dev(struct sess *s)
{
	for (size_t i = 0; i < nconns; i++)
		if (conns[i]->kind == FZK_DEV && conns[i]->s == s && conns[i]->fd >= 0)
			return conns[i];
	return NULL;
}

static void flush_out(struct sess *s)
{
	struct conn *d = sess_dev(s);
	while (s->oq && d) {
		struct omsg *o = s->oq;
		if (send(d->fd, o->data, o->len, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
			if (errno == EAGAIN)
				return;
			/* the daemon's end is gone: the EOF handling cleans up */
			return;
		}
		s->oq = o->next;
		if (!s->oq)
			s->oq_tail = NULL;
		free(o);
	}
}

/* r: the request awaiting a reply (NULL: FORGET, INTERRUPT). Every message
 * to a device socket starts with a struct fz_devhdr the reader strips. */
static void enqueue(struct sess *s, uint32_t opcode, uint64_t unique, uint64_t nodeid, const struct iovec *body,
		    int nbody, uint32_t uid, uint32_t gid, uint32_t pid, int front, const struct sreq *r)
{
	size_t len = sizeof(struct fz_devhdr) + sizeof(struct fuse_in_header);
	for (int i = 0; i < nbody; i++)
		len += body[i].iov_len;
	struct omsg *o = xmalloc(sizeof *o + len);
	o->next = NULL;
	o->unique = unique;
	o->len = len;
	struct fz_devhdr dh = {.outsize = r ? r->outsize : 0,
			       .flags = r ? FZD_REPLY | (r->argvar ? FZD_ARGVAR : 0) : 0};
	memcpy(o->data, &dh, sizeof dh);
	struct fuse_in_header *h = (void *)(o->data + sizeof dh);
	memset(h, 0, sizeof *h);
	h->len = (uint32_t)(len - sizeof dh);
	h->opcode = opcode;
	h->unique = unique;
	h->nodeid = nodeid;
	h->uid = uid;
	h->gid = gid;
	h->pid = pid;
	size_t off = sizeof dh + sizeof *h;
	for (int i = 0; i < nbody; i++) {
		memcpy(o->data + off, body[i].iov_base, body[i].iov_len);
		off += body[i].iov_len;
	}
	if (front) {
		o->next = s->oq;
		s->oq = o;
		if (!o->next)
			s->oq_tail = o;
	} else {
		if (s->oq_tail)
			s->oq_tail->next = o;
		else
			s->oq = o;
		s->oq_tail = o;
	}
	flush_out(s);
}

/* Remove a not-yet-sent message; 1 if it was still queued. */
static int unqueue(struct sess *s, uint64_t unique)
{
	for (struct omsg **pp = &s->oq, *prev = NULL; *pp; prev = *pp, pp = &(*pp)->next) {
		if ((*pp)->unique != unique)
			continue;
		struct omsg *o = *pp;
		*pp = o->next;
		if (s->oq_tail == o)
			s->oq_tail = prev;
		free(o);
		return 1;
	}
	return 0;
}

static struct sreq *new_req(struct sess *s, uint32_t opcode, uint64_t nodeid, uint64_t mount)
{
	struct sreq *r = xmalloc(sizeof *r);
	memset(r, 0, sizeof *r);
	r->next = r->prev = r;
	r->unique = (s->next_unique += 2); /* even: odd ones name interrupts */
	r->opcode = opcode;
	r->nodeid = nodeid;
	r->mount = mount;
	r->clamp = -1;
	return r;
}

static void send_req(struct sess *s, struct sreq *r, const struct iovec *body, int nbody, uint32_t uid, uint32_t gid,
		     uint32_t pid)
{
	list_add(&s->reqs, r);
	r->sent = 1;
	enqueue(s, r->opcode, r->unique, r->nodeid, body, nbody, uid, gid, pid, 0, r);
}

/* An internal request whose reply nobody waits for (RELEASE, DESTROY);
 * NULL when the connection cannot take it. */
static struct sreq *send_internal(struct sess *s, uint32_t opcode, uint64_t nodeid, const void *body, size_t len,
				  uint32_t outsize)
{
	if (s->dead || s->aborted || !s->inited || s->refused)
		return NULL;
	struct sreq *r = new_req(s, opcode, nodeid, s->mount);
	r->outsize = outsize;
	struct iovec iov = {(void *)body, len};
	send_req(s, r, &iov, len ? 1 : 0, 0, 0, 0);
	return r;
}

static void forget_out(struct sess *s, uint64_t nodeid, uint64_t n)
{
	if (!nodeid || !n)
		return;
	if (s->dead || s->aborted) {
		dropped += n;
		refs_dirty = 1;
		return;
	}
	if (s->fq_n == s->fq_cap) {
		size_t cap = s->fq_cap ? s->fq_cap * 2 : 64;
		struct fuse_forget_one *q = realloc(s->fq, cap * sizeof *q);
		if (!q) {
			dropped += n;
			return;
		}
		s->fq = q;
		s->fq_cap = cap;
	}
	s->fq[s->fq_n].nodeid = nodeid;
	s->fq[s->fq_n].nlookup = n;
	s->fq_n++;
}

static void forget_cb(void *ctx, uint64_t nodeid, uint64_t n) { forget_out(ctx, nodeid, n); }

/* A holder of a node lets go: the daemon hears of it when the last one does. */
static void node_put(struct sess *s, uint64_t nodeid, uint64_t n) { fc_put(&s->fc, nodeid, n); }

/* FORGETs go out batched, once per loop turn. */
static void flush_forgets(struct sess *s)
{
	size_t i = 0;
	while (i < s->fq_n) {
		size_t n = s->fq_n - i < 256 ? s->fq_n - i : 256;
		uint64_t unique = (s->next_unique += 2);
		if (n == 1) {
			struct fuse_forget_in fi = {.nlookup = s->fq[i].nlookup};
			struct iovec iov = {&fi, sizeof fi};
			enqueue(s, FUSE_FORGET, unique, s->fq[i].nodeid, &iov, 1, 0, 0, 0, 0, NULL);
		} else {
			struct fuse_batch_forget_in bi = {.count = (uint32_t)n};
			struct iovec iov[2] = {{&bi, sizeof bi}, {&s->fq[i], n * sizeof s->fq[0]}};
			enqueue(s, FUSE_BATCH_FORGET, unique, 0, iov, 2, 0, 0, 0, 0, NULL);
		}
		for (size_t k = i; k < i + n; k++)
			forgotten += s->fq[k].nlookup;
		i += n;
		refs_dirty = 1;
	}
	s->fq_n = 0;
}

static void write_refs(void)
{
	if (!refs_file || !refs_file[0] || !refs_dirty)
		return;
	refs_dirty = 0;
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp", refs_file);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "granted %llu\nforgotten %llu\ndropped %llu\n", (unsigned long long)granted,
		(unsigned long long)forgotten, (unsigned long long)dropped);
	fclose(f);
	rename(tmp, refs_file);
}

/* A request leaves the session: a release's deferred FORGET goes out now
 * (or counts as dropped when the connection is gone). */
static void req_settle(struct sess *s, struct sreq *r)
{
	if (r->pin && s)
		fc_put(&s->fc, r->pin, 1);
	r->pin = 0;
	if (!r->forget_node)
		return;
	if (s) {
		if (s->nrel)
			s->nrel--;
		node_put(s, r->forget_node, 1);
	} else {
		dropped++;
		refs_dirty = 1;
	}
	r->forget_node = 0;
}

static void free_req(struct sreq *r)
{
	list_del(r);
	free(r->body);
	free(r->inv);
	free(r);
}

/* Every request of a session ends: waiters get err. */
static void fail_all(struct sess *s, int err)
{
	struct sreq *h[2] = {&s->reqs, &s->held};
	for (int k = 0; k < 2; k++)
		while (h[k]->next != h[k]) {
			struct sreq *r = h[k]->next;
			if (r->waiter)
				result(r->waiter, r->seq, -err, NULL, 0);
			req_settle(s, r);
			free_req(r);
		}
	while (s->oq) {
		struct omsg *o = s->oq;
		s->oq = o->next;
		free(o);
	}
	s->oq_tail = NULL;
	dropped += 0;
	for (size_t i = 0; i < s->fq_n; i++)
		dropped += s->fq[i].nlookup;
	s->fq_n = 0;
	refs_dirty = 1;
}

/* Unmount or abort: readers of /dev/fuse get what was already queued,
 * then EOF (ENODEV); requests fail. Only our sending side is shut: the
 * holder's end stays readable-to-us, so its real close is still seen
 * (the session lives on for late writes: ENOENT, as Linux), and the
 * holder's socket shows RDHUP, which poll reports as POLLERR. */
static void sess_abort(struct sess *s, int err)
{
	if (s->aborted)
		return;
	s->aborted = 1;
	for (size_t i = 0; i < nconns; i++)
		if (conns[i]->kind == FZK_DEV && conns[i]->s == s && conns[i]->fd >= 0)
			shutdown(conns[i]->fd, SHUT_WR);
	fail_all(s, err);
	fc_clear(&s->fc);
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t now_ms(void) { return now_ns() / 1000000; }

/* How long an unmounted connection waits for the daemon to answer the
 * releases of its last files before it is cut anyway. */
#define END_GRACE_MS 2000

/* An unmounted session: once no file or cwd uses it and its releases are
 * answered, the last FORGETs (and DESTROY for fuseblk) go out, the
 * connection ends (the daemon reads ENODEV) and the mount entry goes. */
static void sess_try_end(struct sess *s)
{
	if (!s->ending)
		return;
	if (!s->aborted) {
		if (s->nuse > 0)
			return;
		if (s->nrel > 0 && !s->dead && now_ms() < s->end_deadline)
			return;
		/* As Linux at unmount, the cached entries go: their FORGETs
		 * reach the daemon before the connection ends. */
		fc_clear(&s->fc);
		flush_forgets(s);
		if (s->blk && !s->dead)
			send_internal(s, FUSE_DESTROY, 0, NULL, 0, 0);
		flush_out(s);
		sess_abort(s, ENODEV);
	}
	if (s->nuse == 0)
		table_remove(s);
}

static void forget_early_flushes(struct sess *s);

static void maybe_free_sess(struct sess *s)
{
	if (s->ndev > 0 || s->nuse > 0 || s->slot >= 0)
		return;
	for (size_t i = 0; i < nconns; i++)
		if (conns[i]->s == s)
			return;
	for (struct sess **pp = &sessions; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	fail_all(s, ENOTCONN);
	forget_early_flushes(s);
	/* Lookups still counted were never forgotten: the daemon is gone. */
	dropped += fc_free(&s->fc);
	refs_dirty = 1;
	free(s->fq);
	free(s);
}

static struct sess *sess_by_id(uint64_t id)
{
	for (struct sess *s = sessions; s; s = s->next)
		if (s->id == id)
			return s;
	return NULL;
}

static struct sess *sess_by_mount(uint64_t mount)
{
	for (struct sess *s = sessions; s; s = s->next)
		if (s->mount == mount && mount)
			return s;
	return NULL;
}

/* ---- the entry/attr cache: what a call changes ---- */

/* The NUL-terminated name at offset skip of a request body. */
static int body_name(const char *b, size_t len, size_t skip, const char **name, size_t *nlen)
{
	if (!b || len <= skip)
		return 0;
	const char *z = memchr(b + skip, 0, len - skip);
	if (!z)
		return 0;
	*name = b + skip;
	*nlen = (size_t)(z - *name);
	return 1;
}

static int is_entry_op(uint32_t op)
{
	return op == FUSE_LOOKUP || op == FUSE_MKNOD || op == FUSE_MKDIR || op == FUSE_SYMLINK || op == FUSE_LINK ||
	       op == FUSE_CREATE;
}

/* Where the new name starts in an entry-creating call's body. */
static size_t entry_name_skip(uint32_t op)
{
	switch (op) {
	case FUSE_CREATE:
		return sizeof(struct fuse_create_in);
	case FUSE_MKNOD:
		return sizeof(struct fuse_mknod_in);
	case FUSE_MKDIR:
		return sizeof(struct fuse_mkdir_in);
	case FUSE_LINK:
		return sizeof(struct fuse_link_in);
	default:
		return 0; /* LOOKUP, SYMLINK: the name comes first */
	}
}

/* A removed or replaced name whose node the cache does not know: another
 * cached name of that node may now show a wrong link count. */
static void drop_name(struct fcache *c, uint64_t parent, const char *name, size_t nlen, int gone)
{
	uint64_t node = fc_peek(c, parent, name, nlen);
	if (!node)
		fc_inval_linked_attrs(c);
	fc_drop(c, parent, name, nlen);
	if (node && gone)
		fc_drop_children(c, node); /* (gone: the name's node leaves the tree) */
}

/* Drop from the cache what op changes, as Linux invalidates dentries and
 * attributes around its own calls. Run when the call is sent and again at
 * its reply (a LOOKUP answered in between must not survive). 1 if op
 * changes anything (it may then carry a cache-relevant body). */
static int invalidate(struct sess *s, uint32_t op, uint64_t nodeid, const char *b, size_t len)
{
	struct fcache *c = &s->fc;
	const char *nm, *nm2;
	size_t nl, nl2;
	switch (op) {
	case FUSE_CREATE:
	case FUSE_MKNOD:
	case FUSE_MKDIR:
	case FUSE_SYMLINK:
	case FUSE_LINK:
		fc_inval_attr(c, nodeid);
		if (op == FUSE_LINK && len >= sizeof(struct fuse_link_in))
			fc_inval_attr(c, ((const struct fuse_link_in *)(const void *)b)->oldnodeid);
		if (body_name(b, len, entry_name_skip(op), &nm, &nl))
			fc_drop(c, nodeid, nm, nl);
		break;
	case FUSE_UNLINK:
	case FUSE_RMDIR:
		fc_inval_attr(c, nodeid);
		if (body_name(b, len, 0, &nm, &nl))
			drop_name(c, nodeid, nm, nl, op == FUSE_RMDIR);
		break;
	case FUSE_RENAME:
	case FUSE_RENAME2: {
		size_t skip = op == FUSE_RENAME ? sizeof(struct fuse_rename_in) : sizeof(struct fuse_rename2_in);
		if (len < skip)
			break;
		uint64_t newdir = ((const struct fuse_rename_in *)(const void *)b)->newdir;
		fc_inval_attr(c, nodeid);
		fc_inval_attr(c, newdir);
		if (body_name(b, len, skip, &nm, &nl)) {
			drop_name(c, nodeid, nm, nl, 0);
			if (body_name(b, len, skip + nl + 1, &nm2, &nl2))
				drop_name(c, newdir, nm2, nl2, 1);
		}
		break;
	}
	case FUSE_OPEN:
		if (len >= sizeof(struct fuse_open_in) &&
		    !(((const struct fuse_open_in *)(const void *)b)->flags & O_TRUNC))
			return 0;
		fc_inval_attr(c, nodeid);
		break;
	case FUSE_SETATTR:
	case FUSE_WRITE:
	case FUSE_READ: /* atime */
	case FUSE_FALLOCATE:
	case FUSE_SETXATTR:
	case FUSE_REMOVEXATTR:
		fc_inval_attr(c, nodeid);
		break;
	case FUSE_COPY_FILE_RANGE:
		if (len >= sizeof(struct fuse_copy_file_range_in))
			fc_inval_attr(c, ((const struct fuse_copy_file_range_in *)(const void *)b)->nodeid_out);
		break;
	default:
		return 0;
	}
	c->gen++;
	return 1;
}

/* A LOOKUP result naming an entry the cache holds: what a client needs to
 * keep its own copy (proto.h, FZ_CACHED). */
static void cached_args(struct sess *s, uint64_t parent, const char *nm, size_t nl, uint64_t nodeid,
			const int64_t exp[2], int attr_stale, int64_t a[6])
{
	a[1] = attr_stale ? FZ_ATTR_STALE : 0;
	if (!s->fc.egen)
		return;
	a[1] |= FZ_CACHED;
	a[2] = (int64_t)__atomic_load_n(&s->fc.egen[fz_ebucket(parent, nm, nl)], __ATOMIC_RELAXED);
	a[3] = exp[0];
	a[4] = exp[1];
	a[5] = (int64_t)__atomic_load_n(&s->fc.agen[fz_abucket(nodeid)], __ATOMIC_RELAXED);
}

/* Does a client's guard (fz_guard) still hold? */
static int guard_ok(struct sess *s, uint64_t guard)
{
	if (!s->fc.egen || !guard)
		return 0;
	unsigned b = (unsigned)((guard - 1) & 63);
	return fz_guard(b, __atomic_load_n(&s->fc.egen[b], __ATOMIC_RELAXED)) == guard;
}

/* An entry reply as the daemon sent it: the node's lookup is counted;
 * name and attributes are cached for their validity unless something
 * changed while the call was out (gen). */
static void entry_reply(struct sess *s, struct sreq *r, const struct fuse_entry_out *e, int fresh, int64_t a[6])
{
	if (e->nodeid) {
		granted++;
		refs_dirty = 1;
		fc_grant(&s->fc, e->nodeid);
		if (fresh)
			fc_set_attr(&s->fc, e->nodeid, &e->attr, e->attr_valid, e->attr_valid_nsec);
		else
			fc_inval_attr(&s->fc, e->nodeid);
	}
	const char *nm;
	size_t nl;
	int64_t exp[2];
	if (fresh && r->waiter && body_name(r->inv, r->ilen, entry_name_skip(r->opcode), &nm, &nl) &&
	    fc_insert(&s->fc, r->nodeid, nm, nl, e, exp) && e->nodeid)
		cached_args(s, r->nodeid, nm, nl, e->nodeid, exp, 0, a);
}

static void take_new(void);

/* Would Linux serve this READ from its page cache (so no further than the
 * size it caches)? Not for a file the daemon opened with direct_io, nor
 * one opened O_DIRECT. */
static int cached_read(struct sess *s, uint64_t nodeid, const char *pl, size_t len)
{
	struct fuse_read_in ri;
	if (len < sizeof ri)
		return 0;
	memcpy(&ri, pl, sizeof ri);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nconns; i++) {
			const struct conn *c = conns[i];
			if (c->kind == FZK_FILE && c->hello && c->s == s && c->nodeid == nodeid && c->fh == ri.fh)
				return !(c->fopen & FOPEN_DIRECT_IO) && !(c->oflags & O_DIRECT);
		}
		if (!pass)
			take_new(); /* (the file's hello may still be on its way) */
	}
	return 0;
}

/* A LOOKUP for the attributes only (FZ_REQ_PEEK) whose entry the cache
 * now holds: the caller's reference goes back at once (FZ_NOREF), which
 * spares it a FORGET. Not for symlinks (the walk goes on through them) or
 * attributes valid for no time (the caller asks again by nodeid). */
static void peek_noref(struct sess *s, const struct fuse_entry_out *e, int64_t a[6])
{
	if ((a[1] & (FZ_CACHED | FZ_ATTR_STALE)) != FZ_CACHED || !e->nodeid || S_ISLNK(e->attr.mode) ||
	    a[4] <= now_ns())
		return;
	node_put(s, e->nodeid, 1);
	a[1] |= FZ_NOREF;
}

/* A LOOKUP the cache answers: 1 if answered. */
static int cached_lookup(struct conn *c, struct sess *s, const struct fz_msg *m, const char *pl, size_t len)
{
	const char *nm;
	size_t nl;
	if (!body_name(pl, len, 0, &nm, &nl) || (uint32_t)m->arg[3] != sizeof(struct fuse_entry_out))
		return 0;
	struct fuse_entry_out eo;
	int attr_ok = 0;
	int64_t exp[2] = {0, 0};
	int h = fc_lookup(&s->fc, (uint64_t)m->arg[2], nm, nl, &eo, &attr_ok, exp);
	if (!h)
		return 0;
	int64_t a[6] = {0, 0, 0, 0, 0, 0};
	if (h == 1)
		cached_args(s, (uint64_t)m->arg[2], nm, nl, eo.nodeid, exp, !attr_ok, a);
	if (h == 1 && ((uint64_t)m->arg[5] & FZ_REQ_PEEK))
		peek_noref(s, &eo, a);
	reply(c, FZ_RESULT, m->seq, a, 6, &eo, sizeof eo);
	return 1;
}

/* ---- a detached request's late reply ---- */
static void cleanup_late(struct sess *s, struct sreq *r, const char *body, size_t len)
{
	uint32_t op = r->opcode;
	if (is_entry_op(op) && len >= sizeof(struct fuse_entry_out)) {
		const struct fuse_entry_out *e = (const void *)body;
		node_put(s, e->nodeid, 1);
		if (op == FUSE_CREATE && len >= sizeof *e + sizeof(struct fuse_open_out)) {
			const struct fuse_open_out *o = (const void *)(body + sizeof *e);
			struct fuse_release_in ri = {.fh = o->fh};
			send_internal(s, FUSE_RELEASE, e->nodeid, &ri, sizeof ri, 0);
		}
	} else if ((op == FUSE_OPEN || op == FUSE_OPENDIR) && len >= sizeof(struct fuse_open_out)) {
		const struct fuse_open_out *o = (const void *)body;
		struct fuse_release_in ri = {.fh = o->fh};
		send_internal(s, op == FUSE_OPEN ? FUSE_RELEASE : FUSE_RELEASEDIR, r->nodeid, &ri, sizeof ri, 0);
	}
}

/* What INIT offers. Besides what the protocol needs, the capabilities
 * Linux offers that ask nothing of elfuse beyond what it does anyway,
 * because libfuse aborts a daemon that wants one it is not offered:
 * DONT_MASK (the umask still goes in the mode, as Linux's VFS strips it
 * for a file system without POSIX ACLs), EXPORT_SUPPORT (only NFS export
 * looks up "." and ".."), PARALLEL_DIROPS (nothing is serialised per
 * directory), AUTO_INVAL_DATA and ASYNC_DIO (no page cache). Not offered:
 * locks (kept here), splice, readdirplus, writeback caching. */
#define INIT_OFFER                                                                                                     \
	(FUSE_ASYNC_READ | FUSE_BIG_WRITES | FUSE_MAX_PAGES | FUSE_ATOMIC_O_TRUNC | FUSE_DONT_MASK |                   \
	 FUSE_EXPORT_SUPPORT | FUSE_PARALLEL_DIROPS | FUSE_AUTO_INVAL_DATA | FUSE_ASYNC_DIO)

static void publish_init(struct sess *s, const struct fuse_init_out *io, size_t len)
{
	s->inited = 1;
	s->minor = io->minor;
	s->max_write = io->max_write < 4096 ? 4096 : io->max_write;
	s->max_pages = 32;
	if (len >= offsetof(struct fuse_init_out, max_pages) + 2 && (io->flags & FUSE_MAX_PAGES))
		s->max_pages = io->max_pages ? (io->max_pages > FZ_MAX_PAGES ? FZ_MAX_PAGES : io->max_pages) : 1;
	if (s->max_write > s->max_pages * 4096u)
		s->max_write = s->max_pages * 4096u;
	if (s->slot >= 0) {
		table_begin();
		sh->m[s->slot].max_write = s->max_write;
		sh->m[s->slot].max_pages = s->max_pages;
		sh->m[s->slot].init_flags = io->flags & INIT_OFFER; /* (a raw daemon may claim more) */
		table_end();
	}
}

static void init_done(struct sess *s, int ok, const char *body, size_t len)
{
	const struct fuse_init_out *io = (const void *)body;
	if (ok && len >= 8 && io->major == FUSE_KERNEL_VERSION) {
		struct fuse_init_out tmp;
		memset(&tmp, 0, sizeof tmp);
		memcpy(&tmp, body, len < sizeof tmp ? len : sizeof tmp);
		publish_init(s, &tmp, len);
		/* The requests that waited for INIT go out now, in order. */
		while (s->held.next != &s->held) {
			struct sreq *r = s->held.next;
			list_del(r);
			struct iovec iov = {r->body, r->blen};
			send_req(s, r, &iov, r->blen ? 1 : 0, r->uid, r->gid, r->pid);
			free(r->body);
			r->body = NULL;
		}
		return;
	}
	s->refused = 1;
	struct sreq *h = &s->held;
	while (h->next != h) {
		struct sreq *r = h->next;
		if (r->waiter)
			result(r->waiter, r->seq, -ECONNREFUSED, NULL, 0);
		free_req(r);
	}
}

/* INVAL_INODE, INVAL_ENTRY, DELETE (unique 0): sizes checked as Linux does. */
static int notify_inval(struct sess *s, int code, const char *b, size_t len)
{
	struct fcache *c = &s->fc;
	if (code == FUSE_NOTIFY_INVAL_INODE) {
		struct fuse_notify_inval_inode_out o;
		if (len != sizeof o)
			return -EINVAL;
		memcpy(&o, b, sizeof o);
		fc_inval_attr(c, o.ino);
		c->gen++;
		return 0;
	}
	uint64_t parent;
	uint32_t nl;
	size_t skip;
	if (code == FUSE_NOTIFY_INVAL_ENTRY) {
		struct fuse_notify_inval_entry_out o;
		if (len < sizeof o)
			return -EINVAL;
		memcpy(&o, b, sizeof o);
		parent = o.parent;
		nl = o.namelen;
		skip = sizeof o;
	} else {
		struct fuse_notify_delete_out o;
		if (len < sizeof o)
			return -EINVAL;
		memcpy(&o, b, sizeof o);
		parent = o.parent;
		nl = o.namelen;
		skip = sizeof o;
	}
	if (nl > 1024 || len != skip + nl + 1 || b[skip + nl] != 0)
		return -EINVAL;
	fc_inval_attr(c, parent);
	drop_name(c, parent, b + skip, nl, code == FUSE_NOTIFY_DELETE);
	c->gen++;
	return 0;
}

static void renamed(uint64_t mount, const char *pl, size_t len);
static void removed(uint64_t mount, const char *pl, size_t len);

/* The operations whose ENOSYS Linux remembers for the connection (its
 * fc->no_* flags); any other ENOSYS goes back to each caller and the
 * daemon is asked again next time. */
static int nosys_remembered(uint32_t op)
{
	switch (op) {
	case FUSE_OPEN: case FUSE_OPENDIR: case FUSE_FLUSH: case FUSE_FSYNC: case FUSE_FSYNCDIR:
	case FUSE_SETXATTR: case FUSE_GETXATTR: case FUSE_LISTXATTR: case FUSE_REMOVEXATTR: case FUSE_ACCESS:
	case FUSE_CREATE: case FUSE_INTERRUPT: case FUSE_LSEEK: case FUSE_FALLOCATE: case FUSE_COPY_FILE_RANGE:
	case FUSE_RENAME2: case FUSE_GETLK: case FUSE_SETLK: case FUSE_SETLKW: case FUSE_BMAP: case FUSE_POLL:
		return 1;
	default:
		return 0;
	}
}

/* ---- a daemon's reply (a write to /dev/fuse) ---- */
static int64_t handle_reply(struct sess *s, const char *buf, size_t n)
{
	if (!s)
		return -ENODEV;
	if (n < sizeof(struct fuse_out_header))
		return -EINVAL;
	struct fuse_out_header oh;
	memcpy(&oh, buf, sizeof oh);
	if (oh.len != n)
		return -EINVAL;
	if (oh.unique == 0) {
		/* Notifications: the daemon's invalidations reach the cache. */
		switch (oh.error) {
		case FUSE_NOTIFY_POLL:
			return (int64_t)n;
		case FUSE_NOTIFY_INVAL_INODE:
		case FUSE_NOTIFY_INVAL_ENTRY:
		case FUSE_NOTIFY_DELETE:
			return notify_inval(s, oh.error, buf + sizeof oh, n - sizeof oh) < 0 ? -EINVAL : (int64_t)n;
		case FUSE_NOTIFY_STORE:
		case FUSE_NOTIFY_RETRIEVE:
			return -ENOSYS;
		default:
			return -EINVAL;
		}
	}
	if (oh.error <= -512 || oh.error > 0)
		return -EINVAL;
	if (s->aborted)
		return -ENOENT; /* as Linux: a disconnected queue finds no request */
	uint64_t want = oh.unique & ~(uint64_t)FUSE_INT_REQ_BIT;
	struct sreq *r = NULL;
	for (struct sreq *q = s->reqs.next; q != &s->reqs; q = q->next)
		if (q->unique == want) {
			r = q;
			break;
		}
	if (!r)
		return -ENOENT;
	if (oh.unique & FUSE_INT_REQ_BIT) {
		if (n != sizeof oh)
			return -EINVAL;
		if (oh.error == -ENOSYS)
			s->no_interrupt = 1;
		else if (oh.error == -EAGAIN && r->intr == 1 && !s->no_interrupt) {
			r->intr = 2;
			struct fuse_interrupt_in ii = {.unique = r->unique};
			struct iovec iov = {&ii, sizeof ii};
			enqueue(s, FUSE_INTERRUPT, r->unique | FUSE_INT_REQ_BIT, 0, &iov, 1, 0, 0, 0, 1, NULL);
		}
		return (int64_t)n;
	}
	list_del(r);
	req_settle(s, r);
	const char *body = buf + sizeof oh;
	size_t blen = n - sizeof oh;
	int valid;
	if (oh.error)
		valid = blen == 0;
	else if (r->opcode == FUSE_IOCTL)
		valid = blen >= sizeof(struct fuse_ioctl_out) && blen <= r->outsize; /* (only its data may be short) */
	else
		valid = r->argvar ? blen <= r->outsize : blen == r->outsize;
	int64_t ret = valid ? (int64_t)n : -EINVAL;
	int err = valid ? oh.error : -EIO;
	if (valid && oh.error == -ENOSYS && r->opcode < sizeof s->nosys && nosys_remembered(r->opcode))
		s->nosys[r->opcode] = 1;
	uint32_t op = r->opcode;
	int fresh = r->gen == s->fc.gen;
	if (r->inv && op != FUSE_LOOKUP)
		invalidate(s, op, r->nodeid, r->inv, r->ilen);
	if ((op == FUSE_RENAME || op == FUSE_RENAME2 || op == FUSE_UNLINK || op == FUSE_RMDIR) && r->waiter &&
	    r->waiter->ren) {
		/* The paths the caller announced move (or go) now, before it hears back. */
		if (valid && !oh.error && (op == FUSE_UNLINK || op == FUSE_RMDIR))
			removed(r->waiter->ren_mount, r->waiter->ren, r->waiter->ren_len);
		else if (valid && !oh.error)
			renamed(r->waiter->ren_mount, r->waiter->ren, r->waiter->ren_len);
		free(r->waiter->ren);
		r->waiter->ren = NULL;
	}
	int64_t ra[6] = {err, 0, 0, 0, 0, 0};
	if (valid && !oh.error && is_entry_op(op) && blen >= sizeof(struct fuse_entry_out)) {
		struct fuse_entry_out e;
		memcpy(&e, body, sizeof e);
		entry_reply(s, r, &e, fresh, ra);
		if (r->peek && r->waiter)
			peek_noref(s, &e, ra);
	}
	if (r->clamp >= 0 && valid && !oh.error) {
		ra[1] = FZ_SIZE_VALID;
		ra[2] = r->clamp;
	}
	if (op == FUSE_INIT) {
		init_done(s, valid && !oh.error, body, blen);
	} else if (r->waiter) {
		reply(r->waiter, FZ_RESULT, r->seq, ra, 6, err ? NULL : body, err ? 0 : blen);
	} else if (valid && !oh.error) {
		cleanup_late(s, r, body, blen);
	}
	free(r->inv);
	free(r);
	return ret;
}

/* ---- calls from clients ---- */
static void add_conn(int fd);
static void conn_input(struct conn *c);
static int lsn = -1;

/* FILE connections are not acknowledged (an open costs no extra round
 * trip): a call naming a file, or judging whether a mount is busy, first
 * takes in connections and hellos already sent. */
/* Accept every connection waiting on the listening socket. */
static void accept_all(void)
{
	for (;;) {
		int fd = accept4(lsn, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0)
			break;
		int sz = FZ_SOCKBUF;
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
		add_conn(fd);
	}
}

static void take_new(void)
{
	accept_all();
	for (size_t i = 0; i < nconns; i++) {
		struct conn *o = conns[i];
		if (o->hello || o->fd < 0)
			continue;
		struct pollfd p = {o->fd, POLLIN, 0};
		if (poll(&p, 1, 0) == 1)
			conn_input(o);
	}
}

static struct conn *file_find(uint64_t id)
{
	for (size_t i = 0; i < nconns; i++)
		if ((conns[i]->kind == FZK_FILE || conns[i]->kind == FZK_CWD) && conns[i]->id == id && conns[i]->hello)
			return conns[i];
	return NULL;
}

static struct conn *file_by_id(uint64_t id)
{
	struct conn *c = file_find(id);
	if (!c) {
		take_new();
		c = file_find(id);
	}
	return c;
}

/* A rename succeeded: open files and cwds at or under the old path now
 * live under the new one (Linux's d_path follows the dentry). */
static void renamed(uint64_t mount, const char *pl, size_t len)
{
	const char *from = pl, *to = memchr(pl, 0, len);
	if (!to || !memchr(to + 1, 0, len - (size_t)(to + 1 - pl)))
		return;
	to++;
	size_t fl = strlen(from), tl = strlen(to);
	int moved = 0;
	take_new(); /* (files just opened by those paths) */
	for (size_t i = 0; i < nconns; i++) {
		struct conn *c = conns[i];
		if ((c->kind != FZK_FILE && c->kind != FZK_CWD) || !c->path || !c->s || c->s->mount != mount ||
		    strncmp(c->path, from, fl) != 0 || (c->path[fl] != 0 && c->path[fl] != '/'))
			continue;
		size_t rest = strlen(c->path + fl);
		char *np = xmalloc(tl + rest + 1);
		memcpy(np, to, tl);
		memcpy(np + tl, c->path + fl, rest + 1);
		free(c->path);
		c->path = np;
		moved = 1;
	}
	if (moved)
		__atomic_add_fetch(&sh->pathgen, 1, __ATOMIC_RELEASE);
}

/* An unlink or rmdir succeeded: the open files and cwds opened by that
 * path are deleted ones now (Linux's d_path adds " (deleted)" and getcwd
 * gives ENOENT); pl is the path (as FZ_RENAMED's first). */
static void removed(uint64_t mount, const char *pl, size_t len)
{
	if (!memchr(pl, 0, len))
		return;
	int gone = 0;
	take_new(); /* (files just opened by that path) */
	for (size_t i = 0; i < nconns; i++) {
		struct conn *c = conns[i];
		if ((c->kind == FZK_FILE || c->kind == FZK_CWD) && c->path && c->s && c->s->mount == mount &&
		    strcmp(c->path, pl) == 0)
			c->gone = gone = 1;
	}
	if (gone)
		__atomic_add_fetch(&sh->pathgen, 1, __ATOMIC_RELEASE);
}

/* Linux flushes every fd of a dying process, SIGKILL included, which ends
 * an elfuse process before it can: the server tracks whether a file's
 * handle saw a FLUSH after its last write (or its open), and flushes it
 * before the RELEASE of a file whose holder died without closing it. */
/* A file's connection may say hello after its first requests (open does
 * not wait for it): the handles flushed before that, most recent first. */
#define EARLY_FLUSHES 16
static struct {
	struct sess *s;
	uint64_t fh, nodeid;
} early_flush[EARLY_FLUSHES];

static void note_flush(struct sess *s, uint32_t opcode, uint64_t nodeid, const char *pl, size_t len)
{
	uint64_t fh;
	if ((opcode != FUSE_FLUSH && opcode != FUSE_WRITE) || len < sizeof fh)
		return;
	memcpy(&fh, pl, sizeof fh); /* (fuse_flush_in and fuse_write_in both begin with fh) */
	int found = 0;
	for (size_t i = 0; i < nconns; i++) {
		struct conn *f = conns[i];
		if (f->fd >= 0 && f->hello && f->kind == FZK_FILE && f->fkind == FZF_FILE && f->s == s && f->fh == fh &&
		    f->nodeid == nodeid) {
			f->flushed = opcode == FUSE_FLUSH;
			found = 1;
		}
	}
	if (!found && opcode == FUSE_FLUSH) {
		memmove(&early_flush[1], &early_flush[0], sizeof early_flush - sizeof early_flush[0]);
		early_flush[0].s = s;
		early_flush[0].fh = fh;
		early_flush[0].nodeid = nodeid;
	}
}

static void forget_early_flushes(struct sess *s)
{
	for (int i = 0; i < EARLY_FLUSHES; i++)
		if (early_flush[i].s == s)
			early_flush[i].s = NULL;
}

/* A file connection's hello: was its handle flushed already? */
static int flushed_early(struct sess *s, uint64_t fh, uint64_t nodeid)
{
	for (int i = 0; i < EARLY_FLUSHES; i++)
		if (early_flush[i].s == s && s && early_flush[i].fh == fh && early_flush[i].nodeid == nodeid) {
			early_flush[i].s = NULL;
			return 1;
		}
	return 0;
}

static void do_req(struct conn *c, const struct fz_msg *m, const char *pl, size_t len)
{
	struct sess *s = sess_by_mount((uint64_t)m->arg[0]);
	uint32_t opcode = (uint32_t)m->arg[1];
	if (!s || s->dead || s->aborted) {
		result(c, m->seq, s && s->aborted && !s->dead ? -ENOTCONN : -ENOTCONN, NULL, 0);
		return;
	}
	if (s->refused) {
		result(c, m->seq, -ECONNREFUSED, NULL, 0);
		return;
	}
	if (opcode < sizeof s->nosys && s->nosys[opcode]) {
		result(c, m->seq, -ENOSYS, NULL, 0);
		return;
	}
	uint64_t guard = (uint64_t)m->arg[3] >> FZ_GUARD_SHIFT;
	if (guard && (!guard_ok(s, guard) || !s->inited)) {
		int64_t a[2] = {-ESTALE, FZ_RETRY};
		reply(c, FZ_RESULT, m->seq, a, 2, NULL, 0);
		return;
	}
	if (opcode == FUSE_LOOKUP && s->inited && cached_lookup(c, s, m, pl, len))
		return;
	note_flush(s, opcode, (uint64_t)m->arg[2], pl, len);
	struct sreq *r = new_req(s, opcode, (uint64_t)m->arg[2], s->mount);
	uint64_t size; /* (before the READ marks the attributes stale) */
	if (opcode == FUSE_READ && fc_valid_size(&s->fc, r->nodeid, &size) && cached_read(s, r->nodeid, pl, len))
		r->clamp = (int64_t)size;
	if (guard && fc_hold(&s->fc, r->nodeid))
		r->pin = r->nodeid;
	if (opcode == FUSE_LOOKUP || invalidate(s, opcode, r->nodeid, pl, len)) {
		/* A WRITE's data is not needed: only its node is. */
		r->ilen = opcode == FUSE_WRITE ? 0 : len;
		r->inv = xmalloc(r->ilen ? r->ilen : 1);
		memcpy(r->inv, pl, r->ilen);
		r->gen = s->fc.gen;
	}
	r->outsize = (uint32_t)m->arg[3];
	r->peek = opcode == FUSE_LOOKUP && ((uint64_t)m->arg[5] & FZ_REQ_PEEK);
	r->argvar = ((uint64_t)m->arg[3] & FZ_ARGVAR) != 0;
	r->waiter = c;
	r->seq = m->seq;
	struct iovec iov = {(void *)pl, len};
	uint32_t uid = (uint32_t)m->arg[4], gid = (uint32_t)((uint64_t)m->arg[4] >> 32), pid = (uint32_t)m->arg[5];
	if (!s->inited) {
		/* As the kernel does, requests wait until INIT is answered. */
		r->body = len ? xmalloc(len) : NULL;
		if (len)
			memcpy(r->body, pl, len);
		r->blen = len;
		r->uid = uid;
		r->gid = gid;
		r->pid = pid;
		list_add(&s->held, r);
		return;
	}
	send_req(s, r, &iov, len ? 1 : 0, uid, gid, pid);
}

static void detach(struct conn *c, struct sreq *r)
{
	if (r->body || !r->sent) {
		free_req(r); /* held back before INIT: the daemon never saw it */
		return;
	}
	struct sess *s = NULL;
	for (struct sess *q = sessions; q && !s; q = q->next)
		for (struct sreq *x = q->reqs.next; x != &q->reqs; x = x->next)
			if (x == r) {
				s = q;
				break;
			}
	(void)c;
	r->waiter = NULL;
	if (!s)
		return;
	if (unqueue(s, r->unique)) {
		req_settle(s, r);
		free_req(r); /* the daemon never saw it */
		return;
	}
	if (!s->no_interrupt && !r->intr) {
		r->intr = 1;
		struct fuse_interrupt_in ii = {.unique = r->unique};
		struct iovec iov = {&ii, sizeof ii};
		enqueue(s, FUSE_INTERRUPT, r->unique | FUSE_INT_REQ_BIT, 0, &iov, 1, 0, 0, 0, 1, NULL);
	}
}

static struct sreq *find_waiting(struct conn *c, uint32_t seq)
{
	for (struct sess *s = sessions; s; s = s->next) {
		for (struct sreq *r = s->reqs.next; r != &s->reqs; r = r->next)
			if (r->waiter == c && (seq == 0 || r->seq == seq))
				return r;
		for (struct sreq *r = s->held.next; r != &s->held; r = r->next)
			if (r->waiter == c && (seq == 0 || r->seq == seq))
				return r;
	}
	return NULL;
}

static int set_slot(struct sess *s, const char *pl, size_t len, const struct fz_msg *m)
{
	const char *target = pl, *end = pl + len;
	const char *fstype = memchr(target, 0, (size_t)(end - target));
	if (!fstype++ || fstype >= end)
		return -EINVAL;
	const char *source = memchr(fstype, 0, (size_t)(end - fstype));
	if (!source++ || source >= end || !memchr(source, 0, (size_t)(end - source)))
		return -EINVAL;
	int slot = -1;
	for (int i = 0; i < FZ_MAX_MOUNTS && slot < 0; i++)
		if (!sh->m[i].id)
			slot = i;
	if (slot < 0)
		return -ENOMEM;
	struct fz_ment *e = &sh->m[slot];
	table_begin();
	memset(e, 0, sizeof *e);
	snprintf(e->path, sizeof e->path, "%s", target);
	snprintf(e->fstype, sizeof e->fstype, "%s", fstype);
	snprintf(e->source, sizeof e->source, "%s", source);
	e->sess = s->id;
	e->slot = (uint32_t)slot;
	s->fc.egen = sh->egen[slot];
	s->fc.agen = sh->agen[slot];
	e->rootmode = (uint32_t)m->arg[1];
	e->user_id = (uint32_t)m->arg[2];
	e->group_id = (uint32_t)((uint64_t)m->arg[2] >> 32);
	e->max_read = (uint32_t)m->arg[3];
	e->mflags = (uint32_t)m->arg[4];
	e->max_write = 4096;
	e->max_pages = 32;
	s->mount = next_mount++;
	e->id = s->mount;
	sh->nmounts++;
	table_end();
	s->slot = slot;
	s->blk = (e->mflags & FZM_BLK) != 0;
	return 0;
}

static void do_mount(struct conn *c, const struct fz_msg *m, const char *pl, size_t len)
{
	struct sess *s = sess_by_id((uint64_t)m->arg[0]);
	if (!s || s->dead || s->aborted || s->mounted_ever) {
		result(c, m->seq, -EINVAL, NULL, 0);
		return;
	}
	int e = set_slot(s, pl, len, m);
	if (e) {
		result(c, m->seq, e, NULL, 0);
		return;
	}
	s->mounted_ever = 1;
	struct fuse_init_in ii = {.major = FUSE_KERNEL_VERSION,
				  .minor = FUSE_KERNEL_MINOR_VERSION,
				  .max_readahead = 131072,
				  .flags = INIT_OFFER};
	struct sreq *r = new_req(s, FUSE_INIT, 0, s->mount);
	r->outsize = sizeof(struct fuse_init_out);
	r->argvar = 1;
	struct iovec iov = {&ii, sizeof ii};
	send_req(s, r, &iov, 1, 0, 0, 0);
	result(c, m->seq, 0, NULL, 0);
}


/* The caller closed its last file or left the mount just before asking
 * to unmount: those closes are already visible on our sockets, but not
 * yet taken in by this loop turn. Take them before judging "busy". */
static void reap_closed(struct sess *s)
{
	for (size_t i = 0; i < nconns && s->nuse > 0; i++) {
		struct conn *o = conns[i];
		if (o->s != s || o->fd < 0 || (o->kind != FZK_FILE && o->kind != FZK_CWD))
			continue;
		struct pollfd p = {o->fd, POLLIN, 0};
		if (poll(&p, 1, 0) == 1)
			conn_input(o);
	}
}

static void do_umount(struct conn *c, const struct fz_msg *m)
{
	struct sess *s = sess_by_mount((uint64_t)m->arg[0]);
	int flags = (int)m->arg[1];
	if (!s || s->slot < 0 || s->ending) {
		result(c, m->seq, -EINVAL, NULL, 0);
		return;
	}
	if (flags & 1 /* MNT_FORCE */)
		sess_abort(s, ECONNABORTED);
	take_new();
	if (!(flags & 2 /* MNT_DETACH */) && s->nuse > 0) {
		reap_closed(s);
		if (s->nuse > 0) {
			result(c, m->seq, -EBUSY, NULL, 0);
			return;
		}
	}
	/* Lazy or not, the mount is gone for new lookups now; the connection
	 * ends with its last user (sess_try_end). */
	table_detach(s);
	s->ending = 1;
	s->end_deadline = now_ms() + END_GRACE_MS;
	sess_try_end(s);
	result(c, m->seq, 0, NULL, 0);
}

static void do_ctl(struct conn *c, const struct fz_msg *m, const char *pl, size_t len)
{
	switch (m->type) {
	case FZ_REQ:
		do_req(c, m, pl, len);
		break;
	case FZ_INTR: {
		struct sreq *r = find_waiting(c, m->seq);
		if (r)
			detach(c, r);
		reply(c, FZ_INTRACK, m->seq, NULL, 0, NULL, 0);
		break;
	}
	case FZ_REPLY: {
		int64_t v = handle_reply(sess_by_id((uint64_t)m->arg[0]), pl, len);
		if (!(m->arg[1] & 1)) /* 1: the writer judged it itself and went on */
			result(c, m->seq, v, NULL, 0);
		break;
	}
	case FZ_FORGET: {
		struct sess *s = sess_by_mount((uint64_t)m->arg[0]);
		/* A session already freed counted its nodes as dropped. */
		if (s)
			node_put(s, (uint64_t)m->arg[1], (uint64_t)m->arg[2]);
		break;
	}
	case FZ_FILEINFO: {
		struct conn *f = file_by_id((uint64_t)m->arg[0]);
		if (!f) {
			result(c, m->seq, -EBADF, NULL, 0);
			break;
		}
		int64_t a[6] = {0,
				(int64_t)(f->s ? f->s->mount : 0),
				(int64_t)f->nodeid,
				(int64_t)f->fh,
				(int64_t)(f->oflags | (uint64_t)(f->fkind & 0xff) << 32 |
					  (uint64_t)(f->fopen & 0xffff) << 40 | (uint64_t)(f->gone != 0) << 63),
				f->pos};
		reply(c, FZ_RESULT, m->seq, a, 6, f->path, strlen(f->path) + 1);
		break;
	}
	case FZ_SETPOS: {
		struct conn *f = file_by_id((uint64_t)m->arg[0]);
		if (f)
			f->pos = m->arg[1];
		break;
	}
	case FZ_SETFL: {
		struct conn *f = file_by_id((uint64_t)m->arg[0]);
		if (f)
			f->oflags = (uint32_t)m->arg[1];
		result(c, m->seq, f ? 0 : -EBADF, NULL, 0);
		break;
	}
	case FZ_RENAMED:
		/* The caller's next rename: its paths move if it succeeds. */
		free(c->ren);
		c->ren = xmalloc(len ? len : 1);
		memcpy(c->ren, pl, len);
		c->ren_len = len;
		c->ren_mount = (uint64_t)m->arg[0];
		break;
	case FZ_HOLD: {
		struct sess *s = sess_by_mount((uint64_t)m->arg[0]);
		/* arg[3] 1: no guard, the caller's open file holds the node */
		int ok = s && !s->dead && !s->aborted && (m->arg[3] == 1 || guard_ok(s, (uint64_t)m->arg[2])) &&
			 fc_hold(&s->fc, (uint64_t)m->arg[1]);
		int64_t a[2] = {ok ? 0 : -ESTALE, ok ? 0 : FZ_RETRY};
		reply(c, FZ_RESULT, m->seq, a, 2, NULL, 0);
		break;
	}
	case FZ_MOUNT:
		do_mount(c, m, pl, len);
		break;
	case FZ_UMOUNT:
		do_umount(c, m);
		break;
	case FZ_STATS: {
		int64_t a[4] = {0, (int64_t)granted, (int64_t)forgotten, (int64_t)dropped};
		reply(c, FZ_RESULT, m->seq, a, 4, NULL, 0);
		break;
	}
	default:
		break;
	}
}

static void do_hello(struct conn *c, const struct fz_msg *m, const char *pl, size_t len)
{
	c->hello = 1;
	c->kind = (int)m->arg[0];
	c->id = (uint64_t)m->arg[1];
	/* The client waits for this before using the object on its control
	 * connection (the two sockets are not ordered with each other); FILE
	 * connections are found on demand instead (take_new). */
	if (c->kind != FZK_CTL && c->kind != FZK_FILE)
		send(c->fd, "k", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (c->kind == FZK_DEV) {
		uint64_t sid = (uint64_t)m->arg[2];
		struct sess *s = sess_by_id(sid);
		if (!s) {
			s = xmalloc(sizeof *s);
			memset(s, 0, sizeof *s);
			s->id = sid;
			s->slot = -1;
			s->next_unique = 0;
			list_init(&s->reqs);
			list_init(&s->held);
			fc_init(&s->fc, forget_cb, s);
			s->next = sessions;
			sessions = s;
		} else if (s->dead || s->aborted) {
			shutdown(c->fd, SHUT_WR);
		}
		s->ndev++;
		c->s = s;
		flush_out(s);
	} else if (c->kind == FZK_FILE || c->kind == FZK_CWD) {
		if (len < sizeof(struct fz_file)) {
			c->kind = 0;
			return;
		}
		const struct fz_file *f = (const void *)pl;
		c->s = sess_by_mount(f->mount);
		c->nodeid = f->nodeid;
		c->fh = f->fh;
		c->oflags = f->oflags;
		c->fkind = f->fkind;
		c->fopen = f->fopen;
		c->held = f->held;
		c->flushed = flushed_early(c->s, c->fh, c->nodeid);
		size_t pl_path = len - sizeof *f;
		c->path = xmalloc(pl_path + 1);
		memcpy(c->path, f->path, pl_path);
		c->path[pl_path] = 0;
		if (c->s)
			c->s->nuse++;
	} else if (c->kind != FZK_CTL) {
		c->kind = 0;
	}
}

/* Replies a daemon sent without waiting (FZ_REPLY arg1 1) went out before
 * it closed /dev/fuse, but on another socket: take them in before its
 * death fails the requests they answer. */
static void drain_ctls(void)
{
	for (size_t i = 0; i < nconns; i++) {
		struct conn *o = conns[i];
		if (o->kind != FZK_CTL || o->fd < 0 || !o->hello)
			continue;
		struct pollfd p = {o->fd, POLLIN, 0};
		if (poll(&p, 1, 0) == 1 && (p.revents & POLLIN))
			conn_input(o);
	}
}

/* The last holder of a connection closed it. */
static void conn_gone(struct conn *c)
{
	struct sess *s = c->s;
	if (c->kind == FZK_CTL) {
		/* A caller died mid-wait (SIGKILL...): its requests are detached. */
		struct sreq *r;
		while ((r = find_waiting(c, 0)))
			detach(c, r);
	} else if (c->kind == FZK_DEV && s) {
		if (s->ndev == 1 && !s->dead)
			drain_ctls();
		if (--s->ndev == 0 && !s->dead) {
			/* The daemon is gone. */
			s->dead = 1;
			struct sreq *h = &s->reqs;
			while (h->next != h) {
				struct sreq *r = h->next;
				if (r->waiter)
					result(r->waiter, r->seq, -ECONNABORTED, NULL, 0);
				req_settle(s, r);
				free_req(r);
			}
			fail_all(s, ECONNABORTED);
			fc_clear(&s->fc);
		}
	} else if ((c->kind == FZK_FILE || c->kind == FZK_CWD) && s) {
		struct sreq *rel = NULL;
		if (c->kind == FZK_FILE && c->fkind == FZF_FILE && !c->flushed && !(s->nosys[FUSE_FLUSH])) {
			struct fuse_flush_in fl = {.fh = c->fh};
			send_internal(s, FUSE_FLUSH, c->nodeid, &fl, sizeof fl, 0);
		}
		if (c->kind == FZK_FILE && (c->fkind == FZF_FILE || c->fkind == FZF_DIR)) {
			struct fuse_release_in ri = {.fh = c->fh, .flags = c->oflags};
			rel = send_internal(s, c->fkind == FZF_FILE ? FUSE_RELEASE : FUSE_RELEASEDIR, c->nodeid, &ri,
					    sizeof ri, 0);
		}
		if (c->held && rel) {
			rel->forget_node = c->nodeid; /* after the daemon's answer */
			s->nrel++;
		} else if (c->held) {
			node_put(s, c->nodeid, 1);
		}
		s->nuse--;
		sess_try_end(s);
	}
	close(c->fd);
	c->fd = -1;
}

static void conn_free(size_t i)
{
	struct conn *c = conns[i];
	struct sess *s = c->s;
	free(c->path);
	free(c->ren);
	free(c);
	conns[i] = conns[--nconns];
	if (s)
		maybe_free_sess(s);
}

static void add_conn(int fd)
{
	if (nconns == capconns) {
		size_t cap = capconns ? capconns * 2 : 64;
		struct conn **n = realloc(conns, cap * sizeof *n);
		if (!n) {
			close(fd);
			return;
		}
		conns = n;
		capconns = cap;
	}
	struct conn *c = xmalloc(sizeof *c);
	memset(c, 0, sizeof *c);
	c->fd = fd;
	conns[nconns++] = c;
}

static void conn_input(struct conn *c)
{
	for (;;) {
		struct iovec iov = {rbuf, FZ_MAX_MSG};
		struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
		ssize_t n = recvmsg(c->fd, &mh, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			conn_gone(c);
			return;
		}
		if (n == 0) {
			conn_gone(c);
			return;
		}
		if ((size_t)n < sizeof(struct fz_msg) || (mh.msg_flags & MSG_TRUNC))
			continue; /* garbage (a guest may write to its sockets): ignored */
		struct fz_msg m;
		memcpy(&m, rbuf, sizeof m);
		const char *pl = rbuf + sizeof m;
		size_t len = (size_t)n - sizeof m;
		if (!c->hello) {
			if (m.type == FZ_HELLO)
				do_hello(c, &m, pl, len);
			continue;
		}
		if (c->kind == FZK_CTL)
			do_ctl(c, &m, pl, len);
		/* anything else on object connections is the guest's noise */
		if (c->kind != FZK_CTL)
			return;
	}
}

/* Another server bound the name first, but binding and listening are two
 * steps: our starter would meet ECONNREFUSED in between. Report "ready"
 * only once the winner accepts connections (bounded: ~5 s). */
static void wait_winner(const struct sockaddr_un *sa, socklen_t sl)
{
	for (int i = 0; i < 500; i++) {
		int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return;
		int r = connect(fd, (const struct sockaddr *)sa, sl);
		int e = errno;
		close(fd);
		if (r == 0 || (e != ECONNREFUSED && e != EAGAIN && e != EINTR))
			return;
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

int fuse_server_main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	refs_file = argv[3];
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED, 3, 0);
	if (sh == MAP_FAILED)
		return 3;
	fcntl(3, F_SETFD, FD_CLOEXEC);
	__atomic_store_n(&sh->server_pid, (int32_t)getpid(), __ATOMIC_RELEASE);
	lsn = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	int n = snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, FZ_PREFIX "%s", argv[2]);
	socklen_t sl = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
	if (lsn < 0 || bind(lsn, (struct sockaddr *)&sa, sl) < 0 || listen(lsn, 128) < 0) {
		if (lsn >= 0 && errno == EADDRINUSE)
			wait_winner(&sa, sl);
		close(5);
		return 0; /* another server won the race */
	}
	rbuf = xmalloc(FZ_MAX_MSG);
	__atomic_store_n(&sh->active, 1, __ATOMIC_RELEASE);
	if (write(5, "r", 1) < 0) {
		/* the starter is gone: fine */
	}
	close(5);
	struct pollfd *pf = NULL;
	size_t pfcap = 0;
	for (;;) {
		if (pfcap < nconns + 2) {
			pfcap = (nconns + 2) * 2;
			pf = realloc(pf, pfcap * sizeof *pf);
			if (!pf)
				return 125;
		}
		pf[0] = (struct pollfd){lsn, POLLIN, 0};
		pf[1] = (struct pollfd){4, POLLIN, 0};
		size_t np = 2;
		for (size_t i = 0; i < nconns; i++) {
			short ev = POLLIN;
			if (conns[i]->kind == FZK_DEV && conns[i]->s && conns[i]->s->oq)
				ev |= POLLOUT;
			pf[np++] = (struct pollfd){conns[i]->fd, ev, 0};
		}
		int timeout = -1;
		int64_t now = now_ms();
		for (struct sess *s = sessions; s; s = s->next)
			if (s->ending && !s->aborted && s->nrel > 0) {
				int64_t left = s->end_deadline > now ? s->end_deadline - now : 0;
				if (timeout < 0 || left < timeout)
					timeout = (int)left + 1;
			}
		if (poll(pf, np, timeout) < 0)
			continue;
		if (pf[1].revents) {
			char c;
			if (read(4, &c, 1) <= 0)
				break; /* the tree is gone */
		}
		size_t count = nconns;
		for (size_t i = 0; i < count && i + 2 < np; i++) {
			if (!pf[i + 2].revents)
				continue;
			struct conn *c = conns[i];
			if (c->fd < 0)
				continue; /* already closed this turn (reap_closed) */
			if (pf[i + 2].revents & POLLOUT && c->s)
				flush_out(c->s);
			if (pf[i + 2].revents & (POLLIN | POLLHUP | POLLERR))
				conn_input(c);
		}
		for (size_t i = 0; i < nconns;) {
			if (conns[i]->fd < 0)
				conn_free(i);
			else
				i++;
		}
		if (pf[0].revents & POLLIN)
			accept_all();
		for (struct sess *s = sessions, *next; s; s = next) {
			next = s->next;
			sess_try_end(s);
			flush_forgets(s);
			flush_out(s);
			if (s->slot < 0 && s->ndev == 0 && s->nuse == 0)
				maybe_free_sess(s);
		}
		write_refs();
	}
	refs_dirty = 1;
	write_refs();
	fuse_lock_tree_gone(strtoull(argv[2], NULL, 16));
	return 0;
}
