/* fs/fuse/cache.c: the server's node table and entry/attr cache, honouring the daemon's entry_valid/attr_valid as Linux's dcache does. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fs/fuse/cache.h"

struct fc_node {
	struct fc_node *hnext;
	uint64_t nodeid, nlookup, users;
	struct fuse_attr attr;
	int64_t attr_exp; /* monotonic ns; 0: no valid attributes */
};

struct fc_ent {
	struct fc_ent *hnext, *prev, *next;
	uint64_t parent, nodeid; /* nodeid 0: a negative entry */
	int64_t exp;
	uint32_t hash;
	uint32_t nlen;
	char name[];
};

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The end of a validity period from a reply's (seconds, nanoseconds); 0 if none. */
static int64_t deadline(uint64_t sec, uint32_t nsec)
{
	if (!sec && !nsec)
		return 0;
	int64_t now = now_ns();
	if (sec > (uint64_t)(INT64_MAX - now) / 1000000000 - 1)
		return INT64_MAX;
	return now + (int64_t)sec * 1000000000 + (nsec < 1000000000 ? nsec : 999999999);
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

static void ebump(struct fcache *c, uint64_t parent, const char *name, size_t nlen)
{
	if (c->egen)
		__atomic_add_fetch(&c->egen[fz_ebucket(parent, name, nlen)], 1, __ATOMIC_RELEASE);
}

static void abump(struct fcache *c, uint64_t nodeid)
{
	if (c->agen)
		__atomic_add_fetch(&c->agen[fz_abucket(nodeid)], 1, __ATOMIC_RELEASE);
}

static uint32_t ent_hash(uint64_t parent, const char *name, size_t nlen)
{
	uint64_t h = mix(parent) ^ 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < nlen; i++)
		h = (h ^ (unsigned char)name[i]) * 0x100000001b3ULL;
	return (uint32_t)(h ^ h >> 32);
}

void fc_init(struct fcache *c, void (*forget)(void *, uint64_t, uint64_t), void *ctx)
{
	memset(c, 0, sizeof *c);
	c->forget = forget;
	c->ctx = ctx;
}

/* ---- nodes ---- */

static struct fc_node *node_find(struct fcache *c, uint64_t nodeid)
{
	if (!c->ncap)
		return NULL;
	for (struct fc_node *n = c->nt[mix(nodeid) & (c->ncap - 1)]; n; n = n->hnext)
		if (n->nodeid == nodeid)
			return n;
	return NULL;
}

static void node_grow(struct fcache *c)
{
	size_t cap = c->ncap ? c->ncap * 2 : 256;
	struct fc_node **t = calloc(cap, sizeof *t);
	if (!t)
		return; /* longer chains, still correct */
	for (size_t i = 0; i < c->ncap; i++)
		for (struct fc_node *n = c->nt[i], *next; n; n = next) {
			next = n->hnext;
			size_t b = mix(n->nodeid) & (cap - 1);
			n->hnext = t[b];
			t[b] = n;
		}
	free(c->nt);
	c->nt = t;
	c->ncap = cap;
}

/* A non-directory with more than one name: unlinking another of its names
 * changes its attributes. */
static int linked(const struct fuse_attr *a) { return !S_ISDIR(a->mode) && a->nlink > 1; }

static void node_unlink(struct fcache *c, struct fc_node *n)
{
	for (struct fc_node **pp = &c->nt[mix(n->nodeid) & (c->ncap - 1)]; *pp; pp = &(*pp)->hnext)
		if (*pp == n) {
			*pp = n->hnext;
			c->nn--;
			return;
		}
}

void fc_grant(struct fcache *c, uint64_t nodeid)
{
	struct fc_node *n = node_find(c, nodeid);
	if (!n) {
		if (c->nn >= c->ncap)
			node_grow(c);
		n = c->ncap ? calloc(1, sizeof *n) : NULL;
		if (!n) {
			/* No memory to remember it: hand the lookup straight back. */
			c->forget(c->ctx, nodeid, 1);
			return;
		}
		n->nodeid = nodeid;
		size_t b = mix(nodeid) & (c->ncap - 1);
		n->hnext = c->nt[b];
		c->nt[b] = n;
		c->nn++;
	}
	n->nlookup++;
	n->users++;
}

void fc_put(struct fcache *c, uint64_t nodeid, uint64_t k)
{
	struct fc_node *n = node_find(c, nodeid);
	if (!n || !k)
		return;
	n->users = k >= n->users ? 0 : n->users - k;
	if (n->users)
		return;
	c->gen++;
	node_unlink(c, n);
	c->nlinked -= (size_t)linked(&n->attr);
	c->forget(c->ctx, n->nodeid, n->nlookup);
	free(n);
}

int fc_hold(struct fcache *c, uint64_t nodeid)
{
	struct fc_node *n = node_find(c, nodeid);
	if (!n)
		return 0;
	n->users++;
	return 1;
}

void fc_set_attr(struct fcache *c, uint64_t nodeid, const struct fuse_attr *a, uint64_t valid, uint32_t nsec)
{
	struct fc_node *n = node_find(c, nodeid);
	if (!n)
		return;
	c->nlinked += (size_t)linked(a) - (size_t)linked(&n->attr);
	n->attr = *a;
	n->attr_exp = deadline(valid, nsec);
}

int fc_valid_size(struct fcache *c, uint64_t nodeid, uint64_t *size)
{
	struct fc_node *n = node_find(c, nodeid);
	if (!n || now_ns() >= n->attr_exp)
		return 0;
	*size = n->attr.size;
	return 1;
}

void fc_inval_attr(struct fcache *c, uint64_t nodeid)
{
	struct fc_node *n = node_find(c, nodeid);
	if (n)
		n->attr_exp = 0;
	abump(c, nodeid);
	c->gen++;
}

void fc_inval_linked_attrs(struct fcache *c)
{
	c->gen++;
	if (!c->nlinked)
		return; /* (the common case: no cached node has a second name) */
	for (size_t i = 0; i < c->ncap; i++)
		for (struct fc_node *n = c->nt[i]; n; n = n->hnext)
			if (linked(&n->attr)) {
				n->attr_exp = 0;
				abump(c, n->nodeid);
			}
}

/* ---- entries ---- */

static struct fc_ent **ent_slot(struct fcache *c, uint64_t parent, const char *name, size_t nlen, uint32_t h)
{
	struct fc_ent **pp = &c->et[h & (c->ecap - 1)];
	for (; *pp; pp = &(*pp)->hnext) {
		struct fc_ent *e = *pp;
		if (e->hash == h && e->parent == parent && e->nlen == nlen && memcmp(e->name, name, nlen) == 0)
			break;
	}
	return pp;
}

static void lru_unlink(struct fcache *c, struct fc_ent *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		c->lru_head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->lru_tail = e->prev;
	e->prev = e->next = NULL;
}

static void lru_front(struct fcache *c, struct fc_ent *e)
{
	e->prev = NULL;
	e->next = c->lru_head;
	if (c->lru_head)
		c->lru_head->prev = e;
	c->lru_head = e;
	if (!c->lru_tail)
		c->lru_tail = e;
}

/* Remove the entry at *pp: its node loses the entry's user. */
static void ent_remove(struct fcache *c, struct fc_ent **pp)
{
	struct fc_ent *e = *pp;
	*pp = e->hnext;
	lru_unlink(c, e);
	c->en--;
	c->gen++;
	ebump(c, e->parent, e->name, e->nlen);
	uint64_t nodeid = e->nodeid, parent = e->parent;
	free(e);
	if (nodeid)
		fc_put(c, nodeid, 1);
	if (parent != FUSE_ROOT_ID)
		fc_put(c, parent, 1);
}

static void ent_remove_ptr(struct fcache *c, struct fc_ent *e)
{
	struct fc_ent **pp = ent_slot(c, e->parent, e->name, e->nlen, e->hash);
	if (*pp == e)
		ent_remove(c, pp);
}

static void ent_grow(struct fcache *c)
{
	size_t cap = c->ecap ? c->ecap * 2 : 256;
	struct fc_ent **t = calloc(cap, sizeof *t);
	if (!t)
		return;
	for (size_t i = 0; i < c->ecap; i++)
		for (struct fc_ent *e = c->et[i], *next; e; e = next) {
			next = e->hnext;
			e->hnext = t[e->hash & (cap - 1)];
			t[e->hash & (cap - 1)] = e;
		}
	free(c->et);
	c->et = t;
	c->ecap = cap;
}

int fc_lookup(struct fcache *c, uint64_t parent, const char *name, size_t nlen, struct fuse_entry_out *eo, int *attr_ok,
	      int64_t exp[2])
{
	if (!c->en)
		return 0;
	uint32_t h = ent_hash(parent, name, nlen);
	struct fc_ent **pp = ent_slot(c, parent, name, nlen, h);
	struct fc_ent *e = *pp;
	if (!e)
		return 0;
	int64_t now = now_ns();
	if (now >= e->exp) {
		/* Expired: Linux revalidates with a LOOKUP; the reply replaces it. */
		return 0;
	}
	lru_unlink(c, e);
	lru_front(c, e);
	memset(eo, 0, sizeof *eo);
	if (!e->nodeid)
		return 2;
	struct fc_node *n = node_find(c, e->nodeid);
	if (!n)
		return 0;
	n->users++;
	eo->nodeid = n->nodeid;
	eo->attr = n->attr;
	*attr_ok = now < n->attr_exp;
	exp[0] = e->exp;
	exp[1] = n->attr_exp;
	return 1;
}

int fc_insert(struct fcache *c, uint64_t parent, const char *name, size_t nlen, const struct fuse_entry_out *eo,
	      int64_t xp[2])
{
	int64_t exp = deadline(eo->entry_valid, eo->entry_valid_nsec);
	xp[0] = xp[1] = 0;
	if (c->en >= c->ecap)
		ent_grow(c);
	if (!c->ecap)
		return 0;
	uint32_t h = ent_hash(parent, name, nlen);
	struct fc_ent **pp = ent_slot(c, parent, name, nlen, h);
	if (*pp)
		ent_remove(c, pp);
	if (!exp)
		return 0; /* entry_valid 0: every use asks the daemon again */
	if (eo->nodeid && !node_find(c, eo->nodeid))
		return 0;
	/* An entry keeps its directory's node, as a dentry pins its parent:
	 * a forgotten nodeid may come back from the daemon for another node,
	 * and must not find the old one's names. */
	struct fc_node *pn = parent == FUSE_ROOT_ID ? NULL : node_find(c, parent);
	if (parent != FUSE_ROOT_ID && !pn)
		return 0;
	struct fc_ent *e = malloc(sizeof *e + nlen);
	if (!e)
		return 0;
	memset(e, 0, sizeof *e);
	e->parent = parent;
	e->nodeid = eo->nodeid;
	e->exp = exp;
	e->hash = h;
	e->nlen = (uint32_t)nlen;
	memcpy(e->name, name, nlen);
	if (e->nodeid) {
		struct fc_node *n = node_find(c, e->nodeid);
		n->users++;
		xp[1] = n->attr_exp;
	}
	if (pn)
		pn->users++;
	xp[0] = exp;
	/* The slot may have moved if the removal above freed a chain link. */
	pp = &c->et[h & (c->ecap - 1)];
	e->hnext = *pp;
	*pp = e;
	lru_front(c, e);
	c->en++;
	while (c->en > FC_MAX_ENTRIES && c->lru_tail)
		ent_remove_ptr(c, c->lru_tail);
	return c->lru_head == e;
}

void fc_drop(struct fcache *c, uint64_t parent, const char *name, size_t nlen)
{
	if (!c->en)
		return;
	struct fc_ent **pp = ent_slot(c, parent, name, nlen, ent_hash(parent, name, nlen));
	if (!*pp)
		return;
	if ((*pp)->nodeid)
		fc_inval_attr(c, (*pp)->nodeid);
	ent_remove(c, pp);
}

void fc_drop_children(struct fcache *c, uint64_t nodeid)
{
	for (struct fc_ent *e = c->lru_head, *next; e; e = next) {
		next = e->next;
		if (e->parent == nodeid)
			ent_remove_ptr(c, e);
	}
}

uint64_t fc_peek(struct fcache *c, uint64_t parent, const char *name, size_t nlen)
{
	if (!c->en)
		return 0;
	struct fc_ent *e = *ent_slot(c, parent, name, nlen, ent_hash(parent, name, nlen));
	return e ? e->nodeid : 0;
}

void fc_clear(struct fcache *c)
{
	while (c->lru_head)
		ent_remove_ptr(c, c->lru_head);
}

uint64_t fc_free(struct fcache *c)
{
	fc_clear(c);
	uint64_t lost = 0;
	for (size_t i = 0; i < c->ncap; i++)
		for (struct fc_node *n = c->nt[i], *next; n; n = next) {
			next = n->hnext;
			lost += n->nlookup;
			free(n);
		}
	free(c->nt);
	free(c->et);
	c->nt = NULL;
	c->et = NULL;
	c->ncap = c->ecap = c->nn = c->en = 0;
	c->nlinked = 0;
	return lost;
}
