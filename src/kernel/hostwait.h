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
/* The last host wait of t's current syscall ended before it began. */
int hostwait_unstarted(struct thread *t);

/* The host syscall nr, as syscall(2) but returning -errno: -EINTR when a
 * guest signal comes at any moment from the call on (Linux's check for
 * a pending signal before sleeping). On a thread not bound, a plain call. */
long host_wait_call(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
#define host_wait(...) HOST_WAIT_PAD(__VA_ARGS__, 0, 0, 0, 0, 0, 0, 0)
#define HOST_WAIT_PAD(nr, a, b, c, d, e, f, ...)                                                                       \
	host_wait_call(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
