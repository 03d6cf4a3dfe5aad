/* syscall/eligible.c: which calls the transport server may run off the
 * vCPU's own thread: those that never block and do not depend on the calling
 * host thread (signal mask, credentials, tid-based state, vCPU registers). */
#include <fcntl.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>

#include "fs/fuse/fuse.h"
#include "fs/path.h"
#include "syscall/syscall.h"

/* Plain files and directories never block; pipes, sockets and ttys may. */
static int fd_never_blocks(struct thread *t, uint64_t fd)
{
	struct stat st;
	if (fd_check(t->proc, (int)fd) < 0)
		return 1; /* the handler answers EBADF */
	if (fstat((int)fd, &st) < 0)
		return 1;
	if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
		return 1;
	/* /dev/null, /dev/zero, /dev/full, /dev/urandom */
	return S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && (minor(st.st_rdev) == 3 || minor(st.st_rdev) == 5 ||
								 minor(st.st_rdev) == 7 || minor(st.st_rdev) == 9);
}

static int path_never_blocks(struct thread *t, uint64_t dirfd, uint64_t upath)
{
	char path[256];
	long n = guest_strncpy(t_mm(t), path, upath, sizeof path);
	if (n < 0)
		return 0; /* long or bad path: let the vCPU thread deal with it */
	if ((path[0] != '/' && (int)dirfd != AT_FDCWD) || fs_sysroot_active(t->proc))
		return 0;
	/* /proc/thread-self (and what procfs generates for it) names the calling host thread. */
	if (strncmp(path, "/proc/", 6) == 0)
		return 0;
	struct stat st;
	if (fstatat(AT_FDCWD, path, &st, 0) < 0)
		return 1; /* does not exist (yet): creating a regular file */
	return S_ISREG(st.st_mode) || S_ISDIR(st.st_mode);
}

/* Calls that touch neither paths nor fds (or only anonymous memory). */
static int fuse_neutral(uint64_t nr, const uint64_t *a)
{
	switch (nr) {
	case SYS_getpid: case SYS_getppid: case SYS_gettid: case SYS_getuid: case SYS_geteuid:
	case SYS_getgid: case SYS_getegid: case SYS_getpgrp: case SYS_uname: case SYS_umask:
	case SYS_brk: case SYS_munmap: case SYS_mprotect: case SYS_madvise: case SYS_mremap:
	case SYS_gettimeofday: case SYS_time:
	case SYS_sched_yield: case SYS_getrandom: case SYS_sysinfo: case SYS_futex:
	case SYS_pipe: case SYS_pipe2:
		return 1;
	case SYS_mmap:
		return (a[3] & MAP_ANONYMOUS) != 0;
	default:
		return 0;
	}
}

/* A name relative to a host directory fd that provably stays out of every
 * FUSE mount: one component, no "." or "..", the directory a host one
 * (FUSE directories are sockets) and dirfd/name no mount point. */
static int plain_at(struct thread *t, uint64_t dirfd, uint64_t upath, int exists)
{
	char name[256];
	if ((int)dirfd == AT_FDCWD || !upath || guest_strncpy(t_mm(t), name, upath, sizeof name) < 0 ||
	    fs_sysroot_active(t->proc))
		return 0;
	if (!name[0] || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return 0;
	struct stat st;
	if (fd_check(t->proc, (int)dirfd) < 0 || fstat((int)dirfd, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;
	if (!fuse_plain_name((int)dirfd, name))
		return 0;
	if (!exists)
		return 1;
	/* openat: only what never blocks (a fifo or a device may) */
	if (fstatat((int)dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 1;
	return S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode);
}

static int empty_path(struct thread *t, uint64_t upath)
{
	char c;
	return upath && guest_strncpy(t_mm(t), &c, upath, 1) == 0 && c == 0;
}

/* Once a tree uses FUSE, fd and path calls stay on the vCPU thread (they
 * may be FUSE requests that block and follow the wait rules), except those
 * that provably touch none: a FUSE daemon's own calls on its backing
 * directory (host fds, names relative to them) are served off the vCPU. */
static int fuse_free_call(struct thread *t, uint64_t nr, const uint64_t *a)
{
	switch (nr) {
	case SYS_fstat: case SYS_close: case SYS_lseek: case SYS_getdents64: case SYS_getdents:
	case SYS_read: case SYS_write: case SYS_pread64: case SYS_pwrite64: case SYS_readv: case SYS_writev:
	case SYS_fsync: case SYS_fdatasync: case SYS_fgetxattr: case SYS_flistxattr: case SYS_fstatfs:
	case SYS_fchmod: case SYS_ftruncate: case SYS_dup:
		return fd_check(t->proc, (int)a[0]) == 0 && fd_never_blocks(t, a[0]);
	case SYS_fcntl:
		return fd_check(t->proc, (int)a[0]) == 0 && fd_never_blocks(t, a[0]) &&
		       (a[1] == F_GETFD || a[1] == F_SETFD || a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC);
	case SYS_newfstatat:
		if ((a[3] & AT_EMPTY_PATH) && empty_path(t, a[1]))
			return fd_check(t->proc, (int)a[0]) == 0 && fd_never_blocks(t, a[0]);
		return plain_at(t, a[0], a[1], 0);
	case SYS_openat:
		return plain_at(t, a[0], a[1], 1);
	case SYS_unlinkat: case SYS_mkdirat: case SYS_readlinkat: case SYS_fchmodat:
		return plain_at(t, a[0], a[1], 0);
	case SYS_symlinkat:
		return plain_at(t, a[1], a[2], 0);
	case SYS_renameat: case SYS_renameat2:
		return plain_at(t, a[0], a[1], 0) && plain_at(t, a[2], a[3], 0);
	default:
		return 0;
	}
}

int syscall_server_eligible(struct thread *t, uint64_t nr, const uint64_t *a)
{
	if (fuse_tree_active() && !fuse_neutral(nr, a))
		return fuse_free_call(t, nr, a);
	switch (nr) {
	case SYS_getpid: case SYS_getppid: case SYS_gettid: case SYS_getuid: case SYS_geteuid:
	case SYS_getgid: case SYS_getegid: case SYS_getpgrp: case SYS_uname: case SYS_umask:
	case SYS_lseek: case SYS_fstat: case SYS_newfstatat: case SYS_stat: case SYS_lstat: case SYS_statx:
	case SYS_access: case SYS_faccessat: case SYS_faccessat2: case SYS_readlink: case SYS_readlinkat:
	case SYS_getcwd: case SYS_getdents64: case SYS_getdents: case SYS_close: case SYS_dup:
	case SYS_brk: case SYS_mmap: case SYS_munmap: case SYS_mprotect: case SYS_madvise: case SYS_mremap:
	case SYS_gettimeofday: case SYS_time:
	case SYS_sched_yield: case SYS_mkdir: case SYS_mkdirat: case SYS_unlink: case SYS_unlinkat:
	case SYS_rename: case SYS_renameat: case SYS_renameat2: case SYS_symlink: case SYS_symlinkat:
	case SYS_chmod: case SYS_fchmod: case SYS_fchmodat: case SYS_utimensat: case SYS_ftruncate:
	case SYS_truncate: case SYS_pipe2: case SYS_pipe: case SYS_statfs: case SYS_fstatfs:
	case SYS_getrandom: case SYS_fadvise64: case SYS_sysinfo:
	case SYS_getxattr: case SYS_lgetxattr: case SYS_fgetxattr: case SYS_listxattr: case SYS_llistxattr:
	case SYS_flistxattr:
		return 1;
	case SYS_clock_gettime:
	case SYS_clock_getres:
		/* Not the calling thread's own CPU clock (the server is another thread). */
		return (int64_t)a[0] >= 0 && a[0] != CLOCK_THREAD_CPUTIME_ID;
	case SYS_getrusage:
		return (int)a[0] != RUSAGE_THREAD;
	case SYS_fcntl:
		return a[1] == F_GETFD || a[1] == F_SETFD || a[1] == F_GETFL || a[1] == F_SETFL ||
		       a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC;
	case SYS_futex:
		return ((a[1] & FUTEX_CMD_MASK) == FUTEX_WAKE || (a[1] & FUTEX_CMD_MASK) == FUTEX_WAKE_BITSET);
	case SYS_read: case SYS_write: case SYS_pread64: case SYS_pwrite64: case SYS_readv: case SYS_writev:
	case SYS_preadv: case SYS_pwritev: case SYS_fsync: case SYS_fdatasync:
		return fd_never_blocks(t, a[0]);
	case SYS_open:
		return path_never_blocks(t, (uint64_t)AT_FDCWD, a[0]);
	case SYS_openat:
		return path_never_blocks(t, a[0], a[1]);
	default:
		return 0;
	}
}

int syscall_changes_creds(uint64_t nr)
{
	switch (nr) {
	case SYS_setuid: case SYS_setgid: case SYS_setreuid: case SYS_setregid: case SYS_setresuid:
	case SYS_setresgid: case SYS_setfsuid: case SYS_setfsgid: case SYS_setgroups: case SYS_capset:
	case SYS_unshare: case SYS_setns:
		return 1;
	default:
		return 0;
	}
}
