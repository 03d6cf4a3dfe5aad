/* run/vfork.c: a CLONE_VM|CLONE_VFORK child runs on a copy-on-write copy of
 * its parent's memory, not on the memory itself; what it writes there is
 * written into the parent when it execs or exits (mm/writetrack.c), before
 * the parent resumes. So the parent sees the child's stores as on Linux
 * (posix_spawn's exec error slot, a vfork child's variables). */
#include <unistd.h>

#include "mm/mm.h"
#include "run/run.h"

static pid_t parent;

void run_vfork_track(struct process *p, pid_t ppid)
{
	pthread_mutex_lock(&p->mm->lock);
	if (ppid)
		mm_track_writes(p->mm);
	else
		mm_track_stop();
	pthread_mutex_unlock(&p->mm->lock);
	parent = ppid;
}

void run_vfork_writeback(struct process *p)
{
	if (!parent)
		return;
	pthread_mutex_lock(&p->mm->lock);
	mm_track_write_back(p->mm, parent);
	pthread_mutex_unlock(&p->mm->lock);
	parent = 0;
}
