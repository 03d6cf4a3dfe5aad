/* fs/fuse/cache.h: the server's node table (the daemon's lookup count per nodeid) and entry/attr cache. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "fs/fuse/proto.h"

/* A node is what Linux's FUSE inode is to nlookup: every entry reply the
 * daemon gave for it counts once (nlookup); every holder (a walk step, an
 * open file, a cwd, a cached entry) is a user. When the last user goes,
 * the node's whole nlookup is forgotten in one FORGET. */
struct fc_node;
struct fc_ent;

struct fcache {
	struct fc_node **nt;
	size_t ncap, nn;
	struct fc_ent **et;
	size_t ecap, en;
	struct fc_ent *lru_head, *lru_tail; /* most recently used first */
	/* Bumped by every change of the tree (ours or the daemon's
	 * notifications) and every entry removal or attribute invalidation:
	 * a LOOKUP answered across one is not cached, and clients' own
	 * copies of entries are valid only while it stays. */
	uint64_t gen;
	size_t nlinked; /* nodes whose cached attributes show a non-directory with nlink > 1 */
	void (*forget)(void *ctx, uint64_t nodeid, uint64_t nlookup);
	void *ctx;
	/* The mount's published bucket generations (NULL while unmounted). */
	uint64_t *egen, *agen;
};

/* How many entries a connection caches before it drops the least recently used. */
#define FC_MAX_ENTRIES 65536

void fc_init(struct fcache *c, void (*forget)(void *, uint64_t, uint64_t), void *ctx);
/* The daemon granted one lookup of nodeid: nlookup and users both grow. */
void fc_grant(struct fcache *c, uint64_t nodeid);
/* A holder lets go of n users; the last one forgets the node. */
void fc_put(struct fcache *c, uint64_t nodeid, uint64_t n);
/* One more user of a known node: 1, or 0 if nodeid is unknown. */
int fc_hold(struct fcache *c, uint64_t nodeid);
/* The attributes of nodeid as the daemon just returned them. */
void fc_set_attr(struct fcache *c, uint64_t nodeid, const struct fuse_attr *a, uint64_t valid, uint32_t nsec);
/* A cached answer to LOOKUP(parent, name): 0 none; 1 positive (eo filled,
 * one user taken for the caller, *attr_ok: attributes still valid);
 * 2 negative. */
int fc_lookup(struct fcache *c, uint64_t parent, const char *name, size_t nlen, struct fuse_entry_out *eo, int *attr_ok,
	      int64_t exp[2]);
/* An entry reply (nodeid 0: negative) to cache for its entry_valid: 1 if
 * cached (exp: the entry's and its attributes' deadlines). */
int fc_insert(struct fcache *c, uint64_t parent, const char *name, size_t nlen, const struct fuse_entry_out *eo,
	      int64_t exp[2]);
/* Invalidation: one name (and its node's attributes), one node's attributes. */
void fc_drop(struct fcache *c, uint64_t parent, const char *name, size_t nlen);
/* A directory went away (removed, or replaced by a rename): the names
 * cached in it go, as Linux prunes a dead directory's dentries. */
void fc_drop_children(struct fcache *c, uint64_t nodeid);
void fc_inval_attr(struct fcache *c, uint64_t nodeid);
/* 1 with *size if nodeid's cached attributes are still valid. */
int fc_valid_size(struct fcache *c, uint64_t nodeid, uint64_t *size);
/* A name of an unknown node went away: the attributes of every cached
 * node with more than one name (its link count may have dropped). */
void fc_inval_linked_attrs(struct fcache *c);
/* Is (parent, name) cached (positive)? Its nodeid, or 0. */
uint64_t fc_peek(struct fcache *c, uint64_t parent, const char *name, size_t nlen);
/* Drop every cached entry (unmount, daemon death): their users go. */
void fc_clear(struct fcache *c);
/* Free everything; returns the lookups still counted (never forgotten). */
uint64_t fc_free(struct fcache *c);
