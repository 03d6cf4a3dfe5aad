/* fs/exec_open.c: opens programs and interpreters for exec, inside the sysroot. */
#include "fs/exec_open.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/proc.h"
#include "platform/private_fd.h"

static int open_in_root(struct process *p, const char *path)
{
	if (p->root_fd < 0)
		return open(path, O_RDONLY | O_CLOEXEC);
	struct open_how how = {.flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT};
	int dirfd = path[0] == '/' ? p->root_fd : AT_FDCWD;
	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

int exec_open(struct process *p, const char *path, char *exe, size_t exe_size)
{
	if (!path[0])
		return -ENOENT;
	int fd = open_in_root(p, path);
	if (fd < 0)
		return -errno;
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
	const char *guest = host;
	if (p->sysroot && p->root_fd >= 0) {
		size_t rl = strlen(p->sysroot);
		if (strncmp(host, p->sysroot, rl) == 0 && (host[rl] == '/' || host[rl] == 0))
			guest = host[rl] ? host + rl : "/";
	}
	snprintf(exe, exe_size, "%s", guest);
	return private_fd(fd);
}

int exec_open_interp(struct process *p, const char *path, char *exe, size_t exe_size)
{
	return exec_open(p, path, exe, exe_size);
}
