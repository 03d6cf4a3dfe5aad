/* kernel/fdtable.c: the guest fd table: guest fd N is host fd N below private_fd_base. */
#include "kernel/fdtable.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fs/pathname.h"
#include "platform/private_fd.h"

int fd_limit(struct process *p)
{
	int lim = p && p->nofile_cur > 0 ? p->nofile_cur : private_fd_base;
	return lim < private_fd_base ? lim : private_fd_base;
}

/* Fds the guest opened before lowering its RLIMIT_NOFILE stay valid, as on
 * Linux: only elfuse's range is refused. */
int fd_check(struct process *p, int fd)
{
	(void)p;
	return fd >= 0 && fd < private_fd_base ? 0 : -EBADF;
}

/* The host hands out the lowest free fd, so a result at or above the
 * guest's limit means every guest slot is taken: exactly Linux's EMFILE. */
int fd_result(struct process *p, int hostfd)
{
	if (hostfd < 0)
		return hostfd;
	if (hostfd >= fd_limit(p)) {
		close(hostfd);
		return -EMFILE;
	}
	return hostfd;
}

struct k_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int fd_close_on_exec(struct process *p)
{
	(void)p;
	int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return -errno;
	/* Collect first, close after: closing while listing would disturb the walk. */
	int *victims = NULL;
	size_t n = 0, cap = 0;
	char buf[4096];
	int err = 0;
	for (;;) {
		long got = syscall(SYS_getdents64, dir, buf, sizeof buf);
		if (got < 0) {
			err = -errno;
			break;
		}
		if (got == 0)
			break;
		for (long off = 0; off < got;) {
			struct k_dirent64 *d = (struct k_dirent64 *)(buf + off);
			off += d->d_reclen;
			long fd = path_parse_num(d->d_name, strlen(d->d_name));
			if (fd < 0 || fd == dir || fd >= private_fd_base)
				continue;
			int fl = fcntl((int)fd, F_GETFD);
			if (fl < 0 || !(fl & FD_CLOEXEC))
				continue;
			if (n == cap) {
				size_t ncap = cap ? cap * 2 : 64;
				int *nv = realloc(victims, ncap * sizeof *nv);
				if (!nv) {
					err = -ENOMEM;
					goto out;
				}
				victims = nv;
				cap = ncap;
			}
			victims[n++] = (int)fd;
		}
	}
out:
	close(dir);
	for (size_t i = 0; i < n; i++)
		close(victims[i]);
	free(victims);
	return err;
}
