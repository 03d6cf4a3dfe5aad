/* fs/procfs_peer.c: what /proc/<pid> shows of a guest process to others
 * (its command line, environment and program), and the /proc/<pid>
 * entries of other guest processes ("peers": other elfuse processes).
 *
 * The host's /proc/<pid> of an elfuse process describes elfuse: its command
 * line, its binary, its own fds. So at each exec a guest process
 * - points its host command line and environment (prctl PR_SET_MM_MAP,
 *   which needs no privilege) at a copy of the guest's, so that every
 *   reader, the host's own ps included, sees the guest's. It is a copy
 *   taken at exec: a later rewrite of argv in guest memory shows in the
 *   process's own /proc/self/cmdline only;
 * - keeps an O_PATH fd of its program in the first private fd (the exe
 *   slot), from which a peer reads /proc/<pid>/exe. */
#include <errno.h>
#include <fcntl.h>
#include <linux/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fs/procfs.h"
#include "platform/private_fd.h"

static char *published;
static size_t published_size;

void procfs_reserve_exe_slot(void)
{
	int fd = open("/", O_PATH | O_CLOEXEC);
	if (fd >= 0 && fd != private_fd_base) {
		dup3(fd, private_fd_base, O_CLOEXEC);
		close(fd);
	}
}

/* The mm fields PR_SET_MM_MAP wants besides the ones it changes, as they
 * are now (/proc/self/stat fields 26-28 and 45-47, and the break). */
static int current_mm_map(struct prctl_mm_map *m)
{
	char buf[2048];
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *s = strrchr(buf, ')');
	if (!s)
		return -1;
	unsigned long long v[52] = {0};
	int field = 2; /* the comm just ended */
	for (char *tok = strtok(s + 1, " "); tok && field < 51; tok = strtok(NULL, " "))
		v[++field] = strtoull(tok, NULL, 10);
	if (field < 47)
		return -1;
	memset(m, 0, sizeof *m);
	m->start_code = v[26];
	m->end_code = v[27];
	m->start_stack = v[28];
	m->start_data = v[45];
	m->end_data = v[46];
	m->start_brk = v[47];
	m->brk = (uint64_t)syscall(SYS_brk, 0);
	m->exe_fd = (uint32_t)-1;
	return 0;
}

static size_t strings_len(char *const *v)
{
	size_t n = 0;
	for (; v && *v; v++)
		n += strlen(*v) + 1;
	return n;
}

static char *put_strings(char *dst, char *const *v)
{
	for (; v && *v; v++) {
		size_t n = strlen(*v) + 1;
		memcpy(dst, *v, n);
		dst += n;
	}
	return dst;
}

void procfs_publish_exec(int exe_fd, char *const *argv, char *const *envp)
{
	if (exe_fd >= 0)
		dup3(exe_fd, private_fd_base, O_CLOEXEC);
	size_t alen = strings_len(argv), elen = strings_len(envp);
	size_t size = (alen + elen + 4095) & ~(size_t)4095;
	char *area = mmap(NULL, size ? size : 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		return;
	put_strings(put_strings(area, argv), envp);
	struct prctl_mm_map m;
	if (current_mm_map(&m) < 0) {
		munmap(area, size ? size : 4096);
		return;
	}
	m.arg_start = (uint64_t)(uintptr_t)area;
	m.arg_end = m.arg_start + alen;
	m.env_start = m.arg_end;
	m.env_end = m.env_start + elen;
	if (prctl(PR_SET_MM, PR_SET_MM_MAP, (unsigned long)&m, sizeof m, 0) != 0) {
		munmap(area, size ? size : 4096);
		return; /* (no CONFIG_CHECKPOINT_RESTORE: the host's view stays) */
	}
	if (published)
		munmap(published, published_size);
	published = area;
	published_size = size ? size : 4096;
}

int procfs_peer(long pid)
{
	static dev_t self_dev;
	static ino_t self_ino;
	static int known = -1;
	struct stat st;
	if (known < 0)
		known = stat("/proc/self/exe", &st) == 0 ? (self_dev = st.st_dev, self_ino = st.st_ino, 1) : 0;
	char path[48];
	snprintf(path, sizeof path, "/proc/%ld/exe", pid);
	return known && pid > 0 && pid != getpid() && stat(path, &st) == 0 && st.st_dev == self_dev &&
	       st.st_ino == self_ino;
}

int procfs_peer_exe(long pid, char *buf, size_t size)
{
	char link[64];
	snprintf(link, sizeof link, "/proc/%ld/fd/%d", pid, private_fd_base);
	ssize_t n = readlink(link, buf, size - 1);
	if (n <= 0 || buf[0] != '/')
		return -ENOENT;
	buf[n] = 0;
	return 0;
}
