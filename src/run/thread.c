/* run/thread.c: guest threads: one vCPU and one host thread each. */
#include <errno.h>

#include "run/run.h"

long run_clone_thread(struct thread *t, uint64_t flags, uint64_t stack, uint64_t parent_tid, uint64_t child_tid,
		      uint64_t tls)
{
	(void)t, (void)flags, (void)stack, (void)parent_tid, (void)child_tid, (void)tls;
	return -ENOSYS;
}
