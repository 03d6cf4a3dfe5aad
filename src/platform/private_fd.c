/* platform/private_fd.c: moves elfuse's own fds out of the guest's way. */
#include "platform/private_fd.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

int private_fd_base = 1024 - 64;

int guest_nofile_soft = 1024, guest_nofile_hard = 1024;

/* Where elfuse's own fds go. Best: above everything the guest may use, by
 * raising the host's hard limit by 1024 (allowed with CAP_SYS_RESOURCE);
 * the guest then keeps exactly the limits it was started with. Otherwise
 * the last fds below min(hard limit, 65536) (1024 of them, or a quarter)
 * are taken. */
void private_fd_init(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return;
	rlim_t cap = 1U << 30;
	guest_nofile_soft = (int)(rl.rlim_cur > cap ? cap : rl.rlim_cur);
	guest_nofile_hard = (int)(rl.rlim_max > cap ? cap : rl.rlim_max);
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max <= 65536 - 1024) {
		struct rlimit raised = {rl.rlim_max + 1024, rl.rlim_max + 1024};
		if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
			private_fd_base = (int)rl.rlim_max;
			return;
		}
	}
	rlim_t top = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 65536 ? 65536 : rl.rlim_max;
	if (top < 256)
		return;
	rlim_t size = top >= 8192 ? 1024 : top / 4;
	private_fd_base = (int)(top - size);
	/* The guest still sees the limits it was started with (programs print
	 * them); only fds from private_fd_base up are refused (EMFILE/EBADF). */
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
