/* syscall/fsio.h: small helpers shared by the file and I/O handlers (fs.c, io.c, ioctl.c, xattr.c). */
#pragma once
#include <errno.h>
#include <limits.h>
#include <stdint.h>

#include "fs/path.h"
#include "syscall/syscall.h"

/* A host address the host kernel rejects in access_ok (the kernel half):
 * handing it over makes the host produce Linux's EFAULT, in Linux's order
 * relative to its other checks. */
#define FSIO_KERNEL_PTR ((void *)0xffff800000000000ULL)

/* A PROT_NONE host range (8 MiB) standing in for inaccessible guest
 * memory: the host kernel faults on it exactly where Linux would fault on
 * the guest's buffer. Defined in io.c. */
void *fsio_guard(void);

/* Nonzero only on the transport server while it tries a socket or pipe
 * call that may block (syscall/nowait.c): the MSG_* flags (MSG_DONTWAIT,
 * MSG_NOSIGNAL, ...) its socket transfers add, or FSIO_NOWAIT_RWF: a pipe,
 * read and written with RWF_NOWAIT. */
extern _Thread_local int fsio_nowait;
#define FSIO_NOWAIT_RWF (-1)

/* Linux caps one transfer at INT_MAX rounded down to a page. */
#define FSIO_MAX_RW_COUNT 0x7ffff000L

/* Kernel fd arguments are `unsigned int` (read, close...) or `int` (dirfds):
 * either way the low 32 bits, as an int; negative values fail fd_check. */
static inline int arg_fd(uint64_t v) { return (int)(uint32_t)v; }

#define FSIO_CHECK_FD(t, fd)                                                                                           \
	do {                                                                                                           \
		int fsio_e_ = fd_check((t)->proc, (fd));                                                               \
		if (fsio_e_)                                                                                           \
			return fsio_e_;                                                                                \
	} while (0)

/* Copy a guest path (PATH_MAX buffer). NULL or unreadable: -EFAULT; no NUL
 * within PATH_MAX: -ENAMETOOLONG. Returns the length. */
static inline long get_path(struct thread *t, uint64_t gva, char *buf)
{
	return guest_strncpy(t_mm(t), buf, gva, PATH_MAX);
}
