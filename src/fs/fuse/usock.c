/* fs/fuse/usock.c: AF_UNIX path names in FUSE directories. On Linux,
 * bind(2) makes the name a socket node of the file system (FUSE MKNOD),
 * while the socket itself stays the kernel's: connect(2) and sendto(2)
 * find it through the node, never asking the daemon. Here the socket is a
 * host socket bound at a name in the tree's private directory that stands
 * for the node (mount and inode number), and the name the guest bound is
 * kept beside it, for getsockname(2) and the peer's view. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "fs/fuse/fuse.h"
#include "fs/fuse/fz.h"

#define SUN_OFF offsetof(struct sockaddr_un, sun_path)

/* The host name of node's socket (suffix "sock"), or of the file keeping
 * the guest's name for it ("name"): 0, or -ENAMETOOLONG. */
static int host_name(uint64_t mount, uint64_t ino, const char *suffix, char *buf, size_t size)
{
	char dir[128];
	fz_tree_dir_path(dir, sizeof dir);
	int n = snprintf(buf, size, "%s/", dir);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : fz_node_file(buf + n, size - (size_t)n, mount, ino, suffix);
}

int fuse_unix_addr(struct thread *t, void *addr, socklen_t *len, int bind_fd)
{
	struct sockaddr_un *sun = addr;
	if (!fuse_tree_active() || *len <= SUN_OFF || *len > sizeof *sun || sun->sun_family != AF_UNIX ||
	    !sun->sun_path[0])
		return 0;
	char path[sizeof sun->sun_path + 1];
	size_t n = *len - SUN_OFF;
	memcpy(path, sun->sun_path, n);
	path[n] = 0;
	uint64_t mount = 0, ino = 0;
	char gpath[4096];
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	if (bind_fd >= 0 && getsockname(bind_fd, (struct sockaddr *)&ss, &sl) == 0 && ss.ss_family == AF_UNIX &&
	    sl > SUN_OFF) {
		/* Bound already. Linux makes the node first (a name in use is
		 * EADDRINUSE), then finds the socket bound (EINVAL) and removes
		 * the node again: the same answers, without the node. */
		int r = fz_unix_node(t, path, 0, &mount, &ino, gpath, sizeof gpath);
		if (r == 0 || r == 2)
			return 0;
		return r == 1 || r == -ECONNREFUSED ? -EADDRINUSE : r == -ENOENT ? -EINVAL : r;
	}
	int r = fz_unix_node(t, path, bind_fd >= 0, &mount, &ino, gpath, sizeof gpath);
	if (r == 2) {
		/* It left a mount through "..": the host takes the guest's absolute path. */
		size_t gl = strlen(gpath);
		if (gl >= sizeof sun->sun_path)
			return -ENAMETOOLONG;
		memcpy(sun->sun_path, gpath, gl + 1);
		*len = (socklen_t)(SUN_OFF + gl + 1);
		return 0;
	}
	if (r <= 0)
		return r;
	char hp[sizeof sun->sun_path];
	if (host_name(mount, ino, ".sock", hp, sizeof hp) < 0)
		return -ENAMETOOLONG;
	if (bind_fd >= 0) {
		char np[4096];
		if (fz_tree_dir() < 0 || host_name(mount, ino, ".name", np, sizeof np) < 0)
			return -ENOMEM;
		unlink(hp); /* a socket of a node that was removed (the inode number came back) */
		int fd = open(np, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0)
			return -EIO;
		ssize_t w = write(fd, path, strlen(path));
		close(fd);
		if (w != (ssize_t)strlen(path))
			return -EIO;
	}
	memcpy(sun->sun_path, hp, strlen(hp) + 1);
	*len = (socklen_t)(SUN_OFF + strlen(hp) + 1);
	return 1;
}

int fuse_unix_name(void *addr, socklen_t *len)
{
	struct sockaddr_un *sun = addr;
	if (!fuse_tree_active() || *len <= SUN_OFF + 1 || sun->sun_family != AF_UNIX || !sun->sun_path[0])
		return 0;
	char dir[128];
	fz_tree_dir_path(dir, sizeof dir);
	size_t dl = strlen(dir), n = strnlen(sun->sun_path, *len - SUN_OFF);
	if (n <= dl + 5 || strncmp(sun->sun_path, dir, dl) != 0 || sun->sun_path[dl] != '/' ||
	    strncmp(sun->sun_path + n - 5, ".sock", 5) != 0)
		return 0;
	char np[sizeof sun->sun_path + 8];
	snprintf(np, sizeof np, "%.*sname", (int)(n - 4), sun->sun_path);
	int fd = open(np, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	char name[sizeof sun->sun_path];
	ssize_t k = read(fd, name, sizeof name - 1);
	close(fd);
	if (k <= 0)
		return 0;
	memcpy(sun->sun_path, name, (size_t)k);
	sun->sun_path[k] = 0;
	*len = (socklen_t)(SUN_OFF + (size_t)k + 1);
	return 1;
}
