/* kernel/rlimit.c: the guest's resource limits that elfuse keeps virtual
 * (RLIMIT_NOFILE's hard limit, RLIMIT_AS, RLIMIT_DATA): set and read by the
 * rlimit calls, shown by /proc/self/limits. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sys/resource.h>

#include "kernel/proc.h"
#include "platform/private_fd.h"

/* RLIMIT_NOFILE is virtual: elfuse keeps the host's soft limit raised for its
 * private fds, the guest has its own soft limit (p->nofile_cur), and a hard
 * limit the guest lowered stays virtual too (lowering the host's would take
 * elfuse's private range away). nofile_max is the guest's hard limit once
 * it set one, or 0 while it is the one it started with. */
static pthread_mutex_t nofile_lock = PTHREAD_MUTEX_INITIALIZER; /* protects nofile_max; a leaf lock */
static uint64_t nofile_max;

void rlim_nofile_get(struct process *p, struct rlimit *out)
{
	pthread_mutex_lock(&nofile_lock);
	out->rlim_max = nofile_max ? nofile_max : (rlim_t)guest_nofile_hard;
	pthread_mutex_unlock(&nofile_lock);
	out->rlim_cur = p->nofile_cur > 0 ? (rlim_t)p->nofile_cur : (rlim_t)guest_nofile_soft;
	if (out->rlim_cur > out->rlim_max)
		out->rlim_cur = out->rlim_max;
}

/* Entirely virtual: the host's limit stays where private_fd_init put it.
 * Raising the hard limit needs may_raise (CAP_SYS_RESOURCE), as on Linux;
 * fds beyond elfuse's private base stay unusable whatever the guest sets. */
int rlim_nofile_set(struct process *p, const struct rlimit *nw, int may_raise)
{
	int ret = 0;
	pthread_mutex_lock(&nofile_lock);
	rlim_t old_max = nofile_max ? nofile_max : (rlim_t)guest_nofile_hard;
	if (nw->rlim_max > old_max && !may_raise)
		ret = -EPERM;
	else if (nw->rlim_max > (1U << 20))
		ret = -EPERM; /* beyond the kernel's nr_open */
	else
		nofile_max = nw->rlim_max;
	if (ret == 0)
		p->nofile_cur = nw->rlim_cur > INT_MAX ? INT_MAX : (int)nw->rlim_cur;
	pthread_mutex_unlock(&nofile_lock);
	return ret;
}

/* RLIMIT_AS and RLIMIT_DATA are virtual too: applied to the host they would
 * count elfuse's own guest-memory reservation and break it. The guest's
 * values are kept here (inherited by fork) and enforced by mm. */
static struct rlimit virt_as, virt_data;
static int virt_init;

struct rlimit *rlim_virt(unsigned res)
{
	if (!virt_init) {
		getrlimit(RLIMIT_AS, &virt_as);
		getrlimit(RLIMIT_DATA, &virt_data);
		virt_init = 1;
	}
	return res == RLIMIT_AS ? &virt_as : res == RLIMIT_DATA ? &virt_data : NULL;
}
