/* fs/fuse/fuse.h: the guest-internal FUSE client: what the rest of elfuse calls. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "kernel/proc.h"

/* Start-up of the root elfuse process: the tree's shared mount page, tree
 * id and lifeline. Cheap; failure only disables FUSE. */
void fuse_tree_init(void);
/* `elfuse --fuse-server ...`: the per-tree server process's main. */
int fuse_server_main(int argc, char **argv);
/* The tree is gone (the server's exit): remove its lock files (lock.c). */
void fuse_lock_tree_gone(uint64_t tree);

/* 1 once any /dev/fuse was opened anywhere in this tree (one load). */
int fuse_tree_active(void);
/* 1 if pid is the tree's FUSE server, which is no guest process: calls
 * naming it give ESRCH and /proc does not show it. */
int fuse_hidden_pid(long pid);

/* The syscall-level entry: 1 if the call touches /dev/fuse, a FUSE file or
 * a path under a FUSE mount and *ret holds its result; 0 for the ordinary
 * handler. A result of -EINTR that must not be restarted is reported by
 * fuse_take_interrupted() returning 1. */
int fuse_syscall(struct thread *t, uint64_t nr, const uint64_t *a, long *ret);
int fuse_take_interrupted(void);
/* The transport server's try of a call on a /dev/fuse fd (a daemon's reply
 * it can judge itself, a request already queued): its result, or
 * SYSCALL_XPORT_REJECT / SYSCALL_XPORT_BLOCKS (see syscall_server_try). */
long fuse_server_try(struct thread *t, uint64_t nr, const uint64_t *a);

/* The implicit closes of exit: Linux sends FLUSH for every fd of an open
 * FUSE file (RELEASE follows at the last close, from the server). */
void fuse_exit_flush(struct thread *t);
/* exec: FLUSH for the close-on-exec fds of FUSE files (before they close). */
void fuse_exec_flush(struct process *p);
/* Death by a signal: FLUSH for every fd of an open FUSE file, as Linux's
 * exit closes them (not possible for SIGKILL, which ends elfuse at once). */
void fuse_die_flush(void);

/* Path hook for fs_resolve/fs_open: a path that passes through a FUSE
 * mount (or starts at a cwd inside one) and ends outside is rewritten to a
 * guest absolute path in buf: returns 1. 0: untouched. -errno: the path
 * lies in a FUSE mount (served by fuse_syscall only) or its mount is dead. */
int fuse_path_rewrite(struct process *p, int dirfd, const char *path, int nofollow, char *buf, size_t size);
/* The guest cwd when it lies inside a FUSE mount: 1 and the path in buf. */
int fuse_getcwd(char *buf, size_t size);
/* A successful host chdir/fchdir: the cwd left any FUSE mount. */
void fuse_cwd_left(void);
/* exec of a FUSE file: the file's content in a memfd (private fd) and its
 * guest path; 0 if path is no FUSE path, fd or -errno. */
int fuse_exec_open(struct process *p, const char *path, int *fd, char *exe, size_t exe_size);
/* mmap of a FUSE file fd: 1 and a host fd to map in *memfd (caller
 * closes), and the file's guest path in name; 0 if fd is no FUSE file, or
 * -errno. Private: a copy of the content. Shared: the tree's copy of the
 * file, whose changes *owner writes back (mm_set_owner), open with the
 * fd's access mode. */
struct mf_owner;
int fuse_mmap_fd(struct thread *t, int fd, int shared, int *memfd, struct mf_owner **owner, char *name, size_t nsz);
/* A forked child: the FUSE client's process-local locks start unlocked. */
void fuse_after_fork(void);
/* AF_UNIX path names in FUSE directories (usock.c). addr, *len: a copy of
 * the guest's sockaddr, rewritten to the host socket that stands for the
 * node: 1; bind_fd is the socket being bound (bind makes the node) or -1.
 * 0: not in a FUSE mount (a path that left one through ".." becomes the
 * guest's absolute path); -errno. */
int fuse_unix_addr(struct thread *t, void *addr, socklen_t *len, int bind_fd);
/* An address from the host back into the name the guest bound (1), or 0. */
int fuse_unix_name(void *addr, socklen_t *len);
/* /proc/self/mounts (0) or mountinfo (1) lines for the live FUSE mounts, or NULL. */
char *fuse_mount_lines(int mountinfo);

/* mount(2) / umount2(2) for FUSE: source, target path, fstype, options. */
long fuse_mount(struct thread *t, const char *source, const char *target, const char *fstype, unsigned long flags,
		const char *data);
long fuse_umount(struct thread *t, const char *target, int flags);
/* 1 if fd is a /dev/fuse fd (poll reports POLLERR on it once the
 * connection is gone: its socket then shows POLLRDHUP). */
int fuse_dev_fd(int fd);
/* open("/dev/fuse"): a new device connection as a guest fd, or -errno. */
int fuse_dev_open(int oflags);
/* 1 if name relative to the host directory fd dirfd lies in no FUSE
 * mount (nor is one's mount point); 0 if it may. */
int fuse_plain_name(int dirfd, const char *name);
/* 1 if fstype names a FUSE file system. */
int fuse_fstype(const char *fstype);
