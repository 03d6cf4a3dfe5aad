/* fs/fuse/dev.h: the /dev/fuse device's operations, for the syscall entry (ops.c). */
#pragma once
#include <stdint.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "kernel/proc.h"

/* umount2 of a path that is no FUSE mount: the ordinary answer. */
#define NOT_FUSE_MOUNT (-1000)

int fz_dev_open(int oflags);
void fz_dev_stat(struct stat *st);
long fz_dev_read(struct thread *t, int fd, uint64_t sess, uint64_t gva, uint64_t count, int nowait);
/* giov: guest iovecs (iov_base holds guest addresses). */
long fz_dev_writev(struct thread *t, int fd, uint64_t sess, const struct iovec *giov, int n, int nowait);
long fz_dev_write_buf(struct thread *t, int fd, uint64_t sess, const char *buf, size_t total, int nowait);
/* splice(2) of len bytes from pipe_fd into the /dev/fuse fd. */
long fz_dev_splice_in(struct thread *t, int pipe_fd, int fd, uint64_t sess, size_t len);
long fz_dev_clone(struct thread *t, int fd, uint64_t gva);
