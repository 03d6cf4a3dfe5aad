/* syscall/syscall.h: the handler interface and the x86_64 syscall table. */
#pragma once
#include <errno.h>
#include <stdint.h>

#include "kernel/proc.h"
#include "mm/mm.h"

/* Newer than some build hosts' headers (Linux 6.6). */
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

/* A handler gets the calling thread and the six raw arguments, and returns
 * a value >= 0 or a negative Linux errno. */
typedef long (*syscall_fn)(struct thread *t, const uint64_t *a);

#define SYSCALL_DEFINE(name) long sys_##name(struct thread *t __attribute__((unused)), const uint64_t *a __attribute__((unused)))

/* Declare every handler (weak: a syscall nobody implemented dispatches to -ENOSYS). */
#define X(nr, name, args) long sys_##name(struct thread *t, const uint64_t *a) __attribute__((weak));
#include "syscall/table.h"
#undef X

long syscall_dispatch(struct thread *t, uint64_t nr, const uint64_t *a);
const char *syscall_name(uint64_t nr);
int syscall_implemented(uint64_t nr);
/* enum restart_class of a syscall interrupted by a signal (kernel/sigdeliver.h);
 * a is the call's arguments (some classes depend on them or on the fd). */
int syscall_restart_class(struct thread *t, uint64_t nr, const uint64_t *a);
/* May the transport server thread run this call (never blocks, no thread identity)? */
int syscall_server_eligible(struct thread *t, uint64_t nr, const uint64_t *a);
/* The server's second chance for a call that may block (syscall/nowait.c):
 * try it without blocking. Returns its result, SYSCALL_XPORT_REJECT (not
 * tried: the vCPU thread makes it), or SYSCALL_XPORT_BLOCKS (it would
 * block once *done bytes were moved: the vCPU thread finishes it with
 * syscall_finish_rest). */
long syscall_server_try(struct thread *t, uint64_t nr, const uint64_t *a, uint64_t *done);
long syscall_finish_rest(struct thread *t, uint64_t nr, const uint64_t *a, uint64_t done);
#define SYSCALL_XPORT_REJECT (-100002L)
#define SYSCALL_XPORT_BLOCKS (-100003L)
/* Does this call change the calling thread's credentials (then the server
 * thread, which keeps its own, must stop answering for the process)? */
int syscall_changes_creds(uint64_t nr);

/* Handlers that must not return to the caller in the usual way (execve,
 * rt_sigreturn, exit) return this; the run loop then does not touch RAX. */
#define SYSCALL_NORETURN_VALUE (-100000L)
/* -EINTR that must not be restarted whatever the handler's SA_RESTART
 * (a FUSE wait ended by a disruptive signal); the run loop reports -EINTR. */
#define SYSCALL_EINTR_FINAL (-100001L)

/* Host result: a value >= 0, or -errno read right after the call. */
static inline long host_ret(long r) { return r < 0 ? -errno : r; }

/* RLIMIT_AS/DATA are the guest's own (syscall/sys.c): takeover before guest
 * memory is reserved, apply once the process has its mm. */
void sys_rlimits_takeover(void);
void sys_rlimits_apply(struct process *p);

/* Convenience accessors on the calling thread's memory. */
static inline struct mm *t_mm(struct thread *t) { return t->proc->mm; }
