/* fs/path.h: guest path -> host (dirfd, name): sysroot confinement and the few paths elfuse serves itself. */
#pragma once
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/pathname.h"
#include "kernel/proc.h"

/* x86_64 kernel open flag values glibc does not give: O_LARGEFILE (0 in
 * 64-bit glibc) and O_TMPFILE's own bit (glibc's O_TMPFILE adds O_DIRECTORY). */
#define K_O_LARGEFILE 0100000
#define K_O_TMPFILE_BIT 020000000

/* How the final component is treated by the operation. */
enum fs_how {
	FS_FOLLOW = 0,	 /* the operation follows a final symlink (stat, open, chmod...) */
	FS_NOFOLLOW = 1, /* it acts on the final component itself (lstat, readlink, lchown...) */
	FS_PARENT = 2,	 /* it creates, removes or renames the final component (mkdir, unlink...) */
};
#define FS_EMPTY 0x10 /* OR into how: AT_EMPTY_PATH was given, "" means dirfd itself */

/* The result of a resolution. Use dirfd/name with the host *at call (with
 * fs_res_atflags applied to its flags), or fs_res_path() for calls without
 * a dirfd; then fs_release(). */
struct fs_res {
	int dirfd;	  /* AT_FDCWD or a host directory fd */
	const char *name; /* relative to dirfd (may point into the caller's path) */
	int tmpfd;	  /* opened by the resolver, closed by fs_release; or -1 */
	int full;	  /* name is a /proc/self/fd magic link to the object itself */
	char buf[PATH_MAX + 64];
	char fbuf[PATH_MAX]; /* a path rewritten by a walk through a FUSE mount */
};

/* Set up the sysroot (canonical prefix, root_fd in the private range).
 * Optional: done lazily on first use. Returns 0 or -errno. */
int fs_init(struct process *p);
/* 1 if guest paths resolve inside a sysroot other than the host root. */
int fs_sysroot_active(struct process *p);

/* Resolve (dirfd, path) for an operation. Checks a relative path's dirfd
 * (elfuse's fds give -EBADF), hides elfuse's fds under /proc/self/fd, maps
 * /proc/self/exe to the guest program for following operations and, with a
 * sysroot, confines the walk to it. Returns 0 or -errno (r needs no release
 * on error). */
int fs_resolve(struct process *p, int dirfd, const char *path, int how, struct fs_res *r);
void fs_release(struct fs_res *r);
/* One host path string for the resolved object (calls without a dirfd). */
const char *fs_res_path(struct fs_res *r);
/* flags for the host *at call: AT_SYMLINK_NOFOLLOW must go when name is a magic link. */
int fs_res_atflags(const struct fs_res *r, int flags);

/* open/openat (strict = 0: flags and mode cleaned as the kernel's openat
 * does) or openat2 (strict = 1: how passed on, guest resolve flags kept).
 * Returns a host fd (not yet checked against the guest's limit) or -errno. */
/* 1 if opening path with flags would write to the running program (ETXTBSY). */
int fs_text_busy(struct process *p, int dirfd, const char *path, uint64_t flags);
int fs_open(struct process *p, int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve,
	    int strict);

/* Classify an absolute guest path (PROC_NONE for ordinary paths): the
 * process's own /proc entries, or (*peer set to its pid, else 0) those of
 * another guest process. */
enum proc_kind fs_classify(struct process *p, const char *path, int *num, const char **rest, long *peer);
/* A process's guest program (/proc/<pid>/exe): p's own (peer 0) or a
 * peer's, into buf: 0 or -ENOENT. */
int fs_exe_path(struct process *p, long peer, char *buf, size_t size);
/* 3 if it is /proc itself while the tree has a FUSE server (hidden there);
 * 1 if the directory fd lists a process's fds (/proc/<self>/fd or fdinfo),
 * whose entries for elfuse's own fds must be hidden; 2 if it lists its
 * tasks (/proc/<self>/task), where host threads that are no guest thread
 * (KVM's workers, elfuse's helpers) must be hidden; 4 for another guest
 * process's tasks (its pid in *peer); else 0. */
int fs_dir_lists_fds(struct process *p, int fd, long *peer);
/* Rewrite a host absolute path in place into the guest's view (strip the
 * sysroot). Returns 1 if it lay inside the sysroot, 0 if not (unchanged). */
int fs_host_to_guest(struct process *p, char *path);
/* The guest's cwd into buf (size bytes); returns the length including the
 * NUL, as the getcwd syscall does, or -errno (-ERANGE when too small). */
long fs_getcwd(struct process *p, char *buf, size_t size);
