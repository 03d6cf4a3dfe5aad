/* platform/private_fd.c: moves elfuse's own fds out of the guest's way. */
#include "platform/private_fd.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

int private_fd_base = 1024 - 64;

/* The private range is the last fds below min(hard limit, 65536): 1024 of
 * them (vCPU fds, mapped files, helpers) where the limit allows, a quarter
 * of it otherwise; the host soft limit is raised to reach it (the guest
 * keeps its own soft limit). */
void private_fd_init(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return;
	rlim_t top = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 65536 ? 65536 : rl.rlim_max;
	if (top < 256)
		return;
	rlim_t size = top >= 8192 ? 1024 : top / 4;
	private_fd_base = (int)(top - size);
	if (rl.rlim_cur < top) {
		struct rlimit raised = {top, rl.rlim_max};
		setrlimit(RLIMIT_NOFILE, &raised);
	}
}

int private_fd(int fd)
{
	if (fd < 0)
		return -errno;
	if (fd >= private_fd_base)
		return fd;
	int n = fcntl(fd, F_DUPFD_CLOEXEC, private_fd_base);
	int e = errno;
	close(fd);
	return n < 0 ? -e : n;
}
