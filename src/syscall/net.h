/* syscall/net.h: the socket handlers' hook for ioctl.c. */
#pragma once
#include <stdint.h>

#include "syscall/syscall.h"

/* Socket ioctls (SIOC*): read-only interface queries pass through,
 * anything that could change host networking is refused with -EPERM.
 * Returns -ENOTTY when cmd is not a socket ioctl (the caller goes on). */
long net_ioctl(struct thread *t, int fd, unsigned long cmd, uint64_t arg);
