/* kernel/peerview.h: a guest process's threads and signal dispositions,
 * published for other guest processes' /proc/<pid>/status and task/. */
#pragma once
#include <stdint.h>
#include <sys/types.h>

#include "kernel/proc.h"

#define PEERVIEW_TIDS 480

struct peerview {
	int32_t nthreads;
	int32_t ntids; /* tids[] holds the first ntids of the guest's threads */
	uint64_t blocked; /* the main thread's mask */
	uint64_t ignored, caught;
	uint64_t fuse_cwd; /* the id of its cwd's connection when the cwd is in a FUSE mount, else 0 */
	int32_t tids[PEERVIEW_TIDS];
};

/* Start-up (the root makes the tree's table), and a fork child (its own entry). */
void peerview_init(void);
void peerview_after_fork(struct process *p);
/* The thread list changed (lock not held). */
void peerview_threads(struct process *p);
/* The main thread's mask, and one signal's disposition (0 default, 1 ignored, 2 caught). */
void peerview_blocked(struct thread *t, uint64_t mask);
void peerview_action(int sig, int kind);
/* The cwd went into a FUSE mount (its connection's id) or left it (0). */
void peerview_fuse_cwd(uint64_t id);
/* Another process of the tree: 0 (out filled), or -1 if it has no entry. */
int peerview_read(long pid, struct peerview *out);
