/* platform/private_fd.h: elfuse's own host fds live above the guest's fd range. */
#pragma once

/* Guest fd numbers are host fd numbers below private_fd_base; elfuse's own
 * fds (kvm, vm, vcpu, helpers) sit at or above it, close-on-exec, and are
 * invisible to the guest. Set once at start-up from RLIMIT_NOFILE. */
extern int private_fd_base;

/* The RLIMIT_NOFILE the guest starts with (set by private_fd_init). */
extern int guest_nofile_soft, guest_nofile_hard;

void private_fd_init(void);
/* Move fd into the private range (close-on-exec); returns the new fd or -errno. */
int private_fd(int fd);
