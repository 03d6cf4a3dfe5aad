/* fs/fuse/ccache.c: each elfuse process's copy of entries the server's cache holds, valid while the mount's published generation stays. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fs/fuse/fz.h"

/* Direct-mapped: a collision replaces. Names longer than CC_NAME are not
 * kept (walks of them ask the server as before). */
#define CC_SLOTS 4096
#define CC_NAME 64

struct cc_ent {
	uint64_t mount, parent, egen, agen, nodeid;
	int64_t eexp, aexp;
	struct fuse_attr attr;
	uint32_t nlen;
	char name[CC_NAME];
};

static struct cc_ent *tab;
/* trylock only: a fork while another thread held it leaves the child
 * without this cache, never stuck. */
static pthread_mutex_t cc_lock = PTHREAD_MUTEX_INITIALIZER;

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static size_t slot_of(uint64_t mount, uint64_t parent, const char *name, size_t nlen)
{
	uint64_t h = (mount * 0x9e3779b97f4a7c15ULL) ^ (parent * 0xff51afd7ed558ccdULL) ^ 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < nlen; i++)
		h = (h ^ (unsigned char)name[i]) * 0x100000001b3ULL;
	return (size_t)(h ^ h >> 29) & (CC_SLOTS - 1);
}

static uint64_t gen_of(const uint64_t (*tab_)[FZ_GEN_BUCKETS], const struct fz_ment *m, unsigned b)
{
	if (!fz_sh || m->slot >= FZ_MAX_MOUNTS)
		return ~0ULL;
	return __atomic_load_n(&tab_[m->slot][b], __ATOMIC_ACQUIRE);
}

int fz_cc_get(const struct fz_ment *m, uint64_t parent, const char *name, size_t nlen, struct fz_ccent *out)
{
	if (!tab || nlen >= CC_NAME || pthread_mutex_trylock(&cc_lock) != 0)
		return 0;
	const struct cc_ent *e = &tab[slot_of(m->id, parent, name, nlen)];
	int hit = e->nodeid && e->mount == m->id && e->parent == parent && e->nlen == nlen &&
		  memcmp(e->name, name, nlen) == 0;
	if (hit) {
		out->nodeid = e->nodeid;
		out->egen = e->egen;
		out->agen = e->agen;
		out->attr = e->attr;
		out->eexp = e->eexp;
		out->aexp = e->aexp;
	}
	pthread_mutex_unlock(&cc_lock);
	if (!hit)
		return 0;
	/* The generations are read after the entry: a change published since
	 * the server answered makes it stale. */
	int64_t now = now_ns();
	unsigned eb = fz_ebucket(parent, name, nlen);
	if (gen_of(fz_sh->egen, m, eb) != out->egen || now >= out->eexp)
		return 0;
	out->attr_ok = now < out->aexp && gen_of(fz_sh->agen, m, fz_abucket(out->nodeid)) == out->agen;
	out->guard = fz_guard(eb, out->egen);
	return 1;
}

void fz_cc_put(const struct fz_ment *m, uint64_t parent, const char *name, size_t nlen, const struct fz_ccent *in)
{
	if (nlen >= CC_NAME)
		return;
	if (!tab) {
		struct cc_ent *t = calloc(CC_SLOTS, sizeof *t);
		if (!t)
			return;
		struct cc_ent *none = NULL;
		if (!__atomic_compare_exchange_n(&tab, &none, t, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			free(t);
	}
	if (pthread_mutex_trylock(&cc_lock) != 0)
		return;
	struct cc_ent *e = &tab[slot_of(m->id, parent, name, nlen)];
	e->mount = m->id;
	e->parent = parent;
	e->egen = in->egen;
	e->agen = in->agen;
	e->nodeid = in->nodeid;
	e->eexp = in->eexp;
	e->aexp = in->aexp;
	e->attr = in->attr;
	e->nlen = (uint32_t)nlen;
	memcpy(e->name, name, nlen);
	pthread_mutex_unlock(&cc_lock);
}
