/* kernel/peerview.c: what other guest processes see of this one's threads
 * and signal state in /proc/<pid>/status and /proc/<pid>/task. The host's
 * view of an elfuse process counts elfuse's own threads and its own signal
 * handlers, so the processes of a tree keep their guest state in a table
 * the root makes at start-up and every process inherits (a shared memfd
 * mapping; exec keeps it, as elfuse's exec stays in the process). Each
 * process holds one entry, claimed at start-up and at fork, and updates
 * it where the state changes; readers look an entry up by pid. Made before
 * any guest code runs, the table is not subject to a guest's
 * RLIMIT_FSIZE. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/peerview.h"

#define SLOTS 1024

struct entry {
	int32_t pid;  /* 0: free */
	uint32_t seq; /* odd while it changes */
	struct peerview v;
};

static struct entry *table;
static struct entry *mine;
static pthread_mutex_t mine_lock = PTHREAD_MUTEX_INITIALIZER;

/* Claim an entry for this process: a free one, or one whose process is gone. */
static void claim(void)
{
	mine = NULL;
	if (!table)
		return;
	int32_t me = (int32_t)getpid();
	for (unsigned i = 0, h = (unsigned)me % SLOTS; i < SLOTS; i++) {
		struct entry *e = &table[(h + i) % SLOTS];
		int32_t cur = __atomic_load_n(&e->pid, __ATOMIC_ACQUIRE);
		int reusable = cur == 0 || cur == me || (kill(cur, 0) < 0 && errno == ESRCH); /* (me: a process gone before) */
		if (!reusable)
			continue;
		if (__atomic_compare_exchange_n(&e->pid, &cur, me, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			__atomic_store_n(&e->seq, 0, __ATOMIC_RELEASE);
			memset(&e->v, 0, sizeof e->v);
			mine = e;
			return;
		}
	}
}

void peerview_init(void)
{
	int fd = (int)syscall(SYS_memfd_create, "elfuse-peerview", 1 /* MFD_CLOEXEC */);
	if (fd < 0)
		return;
	void *m = MAP_FAILED;
	if (ftruncate(fd, (off_t)(SLOTS * sizeof(struct entry))) == 0)
		m = mmap(NULL, SLOTS * sizeof(struct entry), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return;
	table = m;
	claim();
}

static void begin(void)
{
	pthread_mutex_lock(&mine_lock);
	__atomic_add_fetch(&mine->seq, 1, __ATOMIC_ACQ_REL);
}

static void end(void)
{
	__atomic_add_fetch(&mine->seq, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&mine_lock);
}

void peerview_threads(struct process *p)
{
	if (!mine)
		return;
	pthread_mutex_lock(&p->lock);
	begin();
	int n = 0;
	for (struct thread *t = p->threads; t; t = t->next)
		if (n < PEERVIEW_TIDS)
			mine->v.tids[n++] = t->tid;
	mine->v.ntids = n;
	mine->v.nthreads = __atomic_load_n(&p->nthreads, __ATOMIC_ACQUIRE);
	end();
	pthread_mutex_unlock(&p->lock);
}

void peerview_after_fork(struct process *p)
{
	/* (the entry inherited is the parent's: the child takes its own) */
	pthread_mutex_init(&mine_lock, NULL);
	struct entry *parent = mine;
	claim();
	if (!mine || !parent)
		return;
	begin();
	mine->v = parent->v;
	end();
	peerview_threads(p);
}

void peerview_blocked(struct thread *t, uint64_t mask)
{
	if (!mine || t->tid != t->proc->pid)
		return;
	begin();
	mine->v.blocked = mask;
	end();
}

void peerview_action(int sig, int kind)
{
	if (!mine || sig < 1 || sig > 64)
		return;
	uint64_t bit = 1ULL << (sig - 1);
	begin();
	mine->v.ignored = kind == 1 ? mine->v.ignored | bit : mine->v.ignored & ~bit;
	mine->v.caught = kind == 2 ? mine->v.caught | bit : mine->v.caught & ~bit;
	end();
}

void peerview_fuse_cwd(uint64_t id)
{
	if (!mine)
		return;
	begin();
	mine->v.fuse_cwd = id;
	end();
}

int peerview_read(long pid, struct peerview *out)
{
	if (!table || pid <= 0 || pid > INT32_MAX)
		return -1;
	for (unsigned i = 0, h = (unsigned)pid % SLOTS; i < SLOTS; i++) {
		struct entry *e = &table[(h + i) % SLOTS];
		if (__atomic_load_n(&e->pid, __ATOMIC_ACQUIRE) != (int32_t)pid)
			continue;
		for (int tries = 0; tries < 1000; tries++) {
			uint32_t s = __atomic_load_n(&e->seq, __ATOMIC_ACQUIRE);
			if (s & 1)
				continue;
			memcpy(out, &e->v, sizeof *out);
			if (__atomic_load_n(&e->seq, __ATOMIC_ACQUIRE) == s &&
			    __atomic_load_n(&e->pid, __ATOMIC_ACQUIRE) == (int32_t)pid)
				return out->ntids >= 0 && out->ntids <= PEERVIEW_TIDS ? 0 : -1;
		}
		return -1;
	}
	return -1;
}
