/* fs/exec_open.c: opens programs and interpreters for exec, inside the sysroot. */
#include "fs/exec_open.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fs/fuse/fuse.h"
#include "fs/path.h"
#include "kernel/proc.h"
#include "platform/private_fd.h"

int exec_open(struct process *p, const char *path, char *exe, size_t exe_size)
{
	if (!path[0])
		return -ENOENT;
	int ffd;
	int fr = fuse_exec_open(p, path, &ffd, exe, exe_size); /* a program inside a FUSE mount: a memfd copy */
	if (fr < 0)
		return fr;
	if (fr)
		return private_fd(ffd);
	int fd = fs_open(p, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0, 0, 0);
	if (fd < 0)
		return fd;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EACCES;
	}
	if (syscall(SYS_faccessat2, fd, "", X_OK, AT_EMPTY_PATH | AT_EACCESS) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	char link[64], host[4096];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, host, sizeof host - 1);
	if (n < 0)
		n = 0;
	host[n] = 0;
	fs_host_to_guest(p, host);
	snprintf(exe, exe_size, "%s", host);
	return private_fd(fd);
}

int exec_open_interp(struct process *p, const char *path, char *exe, size_t exe_size)
{
	return exec_open(p, path, exe, exe_size);
}
