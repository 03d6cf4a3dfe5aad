/* kernel/proc.h: guest processes and threads: the state syscall handlers share. */
#pragma once
#include <pthread.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "kernel/signal.h"

struct mm;
struct vm;
struct vcpu;

struct thread {
	struct process *proc;
	struct vcpu *vcpu;
	int slot; /* index of the vCPU slot (TSS, kernel stack) */
	pid_t tid;                /* host tid == guest tid */
	uint64_t clear_child_tid; /* CLONE_CHILD_CLEARTID / set_tid_address */
	uint64_t robust_list, robust_len;
	uint64_t sas_sp, sas_size; /* sigaltstack */
	int sas_flags;
	guest_sigset_t blocked; /* this thread's signal mask (mirrored to the host thread) */
	guest_sigset_t saved_mask; /* sigsuspend & co: mask to restore after delivery */
	int saved_mask_valid;
	/* Signals taken from the host (or raised by faults), not yet delivered.
	 * Written by the host signal handler of this thread: atomics only. */
	guest_sigset_t pending;
	struct guest_siginfo pending_info[GUEST_NSIG + 1];
	int forced; /* pending_info of a synchronous fault must be delivered even if blocked */
	int64_t interrupted_nr; /* syscall that returned EINTR and may be restarted, or -1 */
	int interrupted_class;  /* its enum restart_class */
	volatile int kick_requested;
	/* kernel/hostwait: a signal came since the last host wait began; this
	 * syscall's last host wait never began. */
	volatile int wait_wake;
	int wait_unstarted;
	uint64_t fault_err, fault_trapno, fault_cr2; /* for the sigcontext of a fault signal */
	char comm[16]; /* this thread's name (PR_SET_NAME is per thread); under proc->lock */
	/* fs/fuse: this thread's control connection (fd + 1, 0: none yet) and the
	 * pid it belongs to, so the transport server may send on it. */
	int fz_ctl;
	pid_t fz_ctl_pid;
	struct thread *next;
};

struct process {
	struct mm *mm;
	struct vm *vm;
	pid_t pid;
	char exe[4096];     /* guest path of the running program, for /proc/self/exe */
	char comm[16];      /* the leader thread's name: /proc/<pid>/comm; under lock */
	uint64_t arg_start, arg_end, env_start, env_end, auxv_start, auxv_end;
	char *sysroot;      /* NULL or "/" means the host root */
	int root_fd;        /* O_PATH fd of the sysroot (private range), or -1 */
	int nofile_cur;     /* the guest's RLIMIT_NOFILE soft limit */
	struct rlimit stack_rlim;
	struct sighand sig; /* dispositions, shared by all threads */
	struct thread *threads;
	int nthreads;
	/* vCPU slots: KVM cannot destroy one vCPU, so an exited thread's vCPU
	 * waits here (slot_vcpu[i] with slot_used[i] == 0) for the next thread. */
	struct vcpu *slot_vcpu[512];
	unsigned char slot_used[512];
	struct thread *dethread; /* exec in progress by this thread: the others must leave */
	/* Protects threads list, sig dispositions and stack_rlim; taken after no other lock. */
	pthread_mutex_t lock;
	int trace;          /* --trace: one line per syscall */
	int verbose;
	int exiting;
	int exit_status;    /* wait-style status once the process ends */
	int vfork_fd;       /* write end held while a vfork parent waits for our exec/exit, or -1 */
	/* The running program and its interpreter (dev, ino): Linux denies
	 * writes to them (ETXTBSY); the host does not know elfuse runs them. */
	dev_t text_dev[2];
	ino_t text_ino[2];
};

/* Is (dev, ino) the running program or its interpreter? */
int proc_is_text(const struct process *p, dev_t dev, ino_t ino);

extern struct process *current_process; /* one guest process per host process */

/* The fd table: guest fd N is host fd N for every fd below the guest's limit. */
int fd_check(struct process *p, int fd);        /* 0 if fd is a guest fd number, else -EBADF */
int fd_result(struct process *p, int hostfd);   /* a freshly created host fd -> guest fd or -EMFILE */
int fd_limit(struct process *p);                /* first fd number the guest may not use */

struct process *process_new(void);
struct thread *thread_new(struct process *p);
/* Name thread tid (name: 16 bytes, NUL-terminated); the leader's name is
 * also the process's. Returns -ESRCH if there is no such thread. */
int thread_set_comm(struct process *p, pid_t tid, const char *name);
/* The limits elfuse keeps virtual (kernel/rlimit.c): RLIMIT_NOFILE (a
 * hard limit above the start's needs may_raise: CAP_SYS_RESOURCE), and
 * RLIMIT_AS / RLIMIT_DATA (the guest's values, res one of those two). */
struct rlimit;
void rlim_nofile_get(struct process *p, struct rlimit *out);
int rlim_nofile_set(struct process *p, const struct rlimit *nw, int may_raise);
struct rlimit *rlim_virt(unsigned res);
/* execve's capability change for the calling thread (kernel/caps.c);
 * 1 if it changed the thread's capabilities. */
int caps_apply_exec(void);
/* Robust futexes still held by a dying thread get FUTEX_OWNER_DIED. */
void robust_list_release(struct thread *t);
/* Unlink t from p's thread list; returns the number of threads left. */
int thread_unlink(struct process *p, struct thread *t);
