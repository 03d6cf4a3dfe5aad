/* kernel/hostwait.h: host calls that may block, ended by a guest signal
 * whenever it comes, also just before the call begins. */
#pragma once
#include "kernel/proc.h"

/* Bind the calling host thread to its guest thread (once, at its start). */
void hostwait_bind(struct thread *t);
/* From the host signal handler of t's thread: a signal was recorded (or a
 * kick came); a host wait about to begin must not begin. uc: its ucontext. */
void hostwait_on_signal(struct thread *t, int sig, void *uc);
/* A guest signal is waiting for t, the process is going away, or another
 * thread is exec'ing: a wait of t must end. */
int thread_wait_over(struct thread *t);

/* The host syscall nr, as syscall(2) but returning -errno: -EINTR when a
 * guest signal comes at any moment from the call on (Linux's check for
 * a pending signal before sleeping). On a thread not bound, a plain call. */
#define host_wait(...) HOST_WAIT_PAD(thread_wait_over, __VA_ARGS__, 0, 0, 0, 0, 0, 0, 0)
/* The same for a wait that only some signals end: over(t) says whether the
 * wait must not begin; other signals only make it return -EINTR when they
 * come while it blocks (the caller waits again). */
#define host_wait_until(over, ...) HOST_WAIT_PAD(over, __VA_ARGS__, 0, 0, 0, 0, 0, 0, 0)
long host_wait_call(int (*over)(struct thread *), long nr, long a1, long a2, long a3, long a4, long a5, long a6);
#define HOST_WAIT_PAD(over, nr, a, b, c, d, e, f, ...)                                                                 \
	host_wait_call(over, nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
