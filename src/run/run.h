/* run/run.h: driving vCPUs: process start, the thread loop, process death. */
#pragma once
#include "kernel/proc.h"

struct launch {
	const char *path;
	char **argv;
	char **envp;
	const char *sysroot;
	const char *trace_file; /* NULL: no trace; "" or "-": stderr */
	int verbose;
};

/* Boot the first guest process and run it; returns only on failure to start
 * (the exit status elfuse should use). */
int run_launch(const struct launch *l);
/* The vCPU loop of one thread; never returns. */
_Noreturn void run_thread(struct thread *t);
/* End the host process as the guest's exit or death demands. */
_Noreturn void run_exit(int status);
_Noreturn void run_die_by_signal(int sig);

/* fork/vfork/clone without CLONE_VM, prepared by the syscall layer. */
struct fork_request {
	int exit_signal;
	int vfork;       /* parent waits for the child's exec or exit */
	uint64_t stack;  /* child's stack pointer, 0 = same as parent */
	int set_tls;
	uint64_t tls;
	int child_settid, child_cleartid;
	uint64_t child_tid;
	int share_vm; /* CLONE_VM: write the child's changes back at its exec/exit (run/vfork.c) */
};
/* Value run_fork returns in the child (the syscall then returns 0 there). */
#define FORK_CHILD (-999999L)
/* Returns the child's pid in the parent, FORK_CHILD in the child, or -errno. */
long run_fork(struct thread *t, const struct fork_request *req);
/* Replace the running image (execve); returns -errno only if the old image survives. */
long run_exec(struct thread *t, const char *path, char **argv, char **envp);
/* The same for execveat relative to a fd: open_path is opened, path is the
 * "/dev/fd/N[/name]" Linux reports; flags are loader.h's EXEC_*. */
long run_execat(struct thread *t, const char *path, const char *open_path, int flags, char **argv, char **envp);
/* clone(CLONE_THREAD): a new vCPU and host thread in this process. */
long run_clone_thread(struct thread *t, uint64_t flags, uint64_t stack, uint64_t parent_tid, uint64_t child_tid,
		      uint64_t tls);
void run_thread_init(void);
/* exit(2) of one thread; the process ends with the last one. */
_Noreturn void run_thread_exit(struct thread *t, int status);
/* --bench-exit N: measure the raw VM exit round trip; returns the exit status. */
int run_bench_exit(long n);
/* The exit-free syscall transport (run/xport.c). */
void run_xport_disable(void);
void run_xport_register(struct thread *t);
void run_xport_unregister(struct thread *t);
void run_xport_after_fork(void);
void run_xport_note_doorbell(struct thread *t, uint64_t nr, const uint64_t *a, int withdrawn);
void run_xport_clear_attn(struct thread *t);
int run_xport_take_tried(struct thread *t, uint64_t nr, const uint64_t *a, uint64_t *done);
void run_xport_handoff(struct thread *t);
void run_xport_handback(struct thread *t);
void run_xport_prime(struct thread *t, int watch_fd);
/* A detached host thread of elfuse's own that never takes signals; 0 or -errno. */
int run_helper_thread(void *(*fn)(void *), void *arg, size_t stack);
/* In-guest identity answers (run/ident.c): after every syscall, at exec, when
 * a vCPU changes hands, in a fork child. */
void run_ident_after(struct thread *t, uint64_t nr, const uint64_t *a, long ret);
void run_ident_exec(struct thread *t);
void run_ident_thread(struct thread *t);
void run_ident_after_fork(void);
/* --stats (run/stats.c). Exit kinds: enum vcpu_event_kind order, 5 = withdrawn post. */
extern int run_stats_on;
uint64_t run_stats_now(void);
void run_stats_syscall(uint64_t nr, uint64_t t0, int via_server);
void run_stats_exit(int kind);
/* Transport events (--stats): */
enum { XSTAT_BLOCKS, XSTAT_REST, XSTAT_STALL, XSTAT_SLEEP, XSTAT_WAKE, XSTAT_PRIMED, XSTAT_N };
void run_stats_xport(int kind);
/* FUSE times (--stats): a client's wait for the server's answer to one
 * call; a daemon's time from reading a request to writing its reply. */
enum { FSTAT_CALL, FSTAT_SERVED, FSTAT_N };
void run_stats_fuse(int kind, uint64_t t0);
void run_stats_print(void);
void run_stats_init(void); /* after private_fd_init: keeps a private copy of stderr */
/* A fault that was a call into the vsyscall page: emulated (1), else 0 (run/vsyscall.c). */
struct vcpu_event;
int run_vsyscall(struct thread *t, const struct vcpu_event *ev);
/* CLONE_VM|CLONE_VFORK children (run/vfork.c): in a new child, track its
 * writes for its vfork parent ppid (0: not a CLONE_VM vfork child). */
void run_vfork_track(struct process *p, pid_t ppid);
void run_vfork_writeback(struct process *p);
