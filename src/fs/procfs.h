/* fs/procfs.h: the per-process /proc entries elfuse generates for its guest (maps, status, stat, cmdline...). */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/proc.h"

/* The /proc/<self> files elfuse generates. Everything else under /proc
 * (other processes, the system-wide files, directories) is the host's. */
enum procfs_entry {
	PE_NONE = 0,
	PE_MAPS,
	PE_SMAPS,
	PE_SMAPS_ROLLUP,
	PE_CMDLINE,
	PE_ENVIRON,
	PE_AUXV,
	PE_COMM,
	PE_STAT,
	PE_STATM,
	PE_STATUS,
	PE_LIMITS,
	PE_MOUNTS,
	PE_MOUNTINFO,
};

/* What a path names: the entry and the task (tid; the process's own pid for
 * the process-level /proc/<pid>/... files). */
struct procfs_target {
	enum procfs_entry entry;
	pid_t tid;
	int per_task; /* reached through task/<tid>, thread-self or /proc/<tid> */
	long peer;    /* another guest process's entry (its pid), or 0 for ours */
};

/* Parse an absolute guest path. Returns 1 (and fills *out) if it names one
 * of the entries elfuse generates for the calling process, else 0. */
int procfs_lookup(struct process *p, const char *path, struct procfs_target *out);

/* 1 if tid is one of the guest's threads (a host thread of elfuse that is
 * none, such as KVM's worker, is hidden from /proc/<self>/task). */
int procfs_task_visible(struct process *p, pid_t tid);
/* 1 if the host path (a directory fd's target) is /proc/<own pid>/task. */
int procfs_is_task_dir(struct process *p, const char *target);

/* The open hook of fs_open: returns 0 if the host serves path; else 1 with
 * *fd the host fd reading a snapshot of the entry (generated now) or -errno. */
int procfs_open(struct process *p, const char *path, uint64_t flags, int *fd);

/* The same for a relative path (from dirfd or the cwd) that may lie in
 * /proc/<self> ("maps" from an fd of /proc/self, or after chdir there). */
int procfs_open_at(struct process *p, int dirfd, const char *path, uint64_t flags, int *fd);

/* readlink of /proc/self/fd/N: if host fd N is a generated file, write the
 * path it was opened by (as Linux shows it) into out and return its length;
 * else return -1 and leave out alone. */
long procfs_fd_link(int fd, char *out, size_t size);

/* 1 if the host file with this stat is a generated /proc file: mmap of it
 * fails with ENODEV, as Linux's /proc files have no mmap. */
/* Other processes' view (procfs_peer.c). The first private fd holds the
 * program of a guest process; reserve it at start-up. */
void procfs_reserve_exe_slot(void);
/* After an exec: publish the program (exe_fd, any fd of it) and a copy of
 * argv and envp as the host's /proc/<pid>/{exe,cmdline,environ} source. */
void procfs_publish_exec(int exe_fd, char *const *argv, char *const *envp);
/* 1 if pid is another guest process (an elfuse process). */
int procfs_peer(long pid);
/* A peer's program as the host names it, into buf: 0 or -ENOENT. */
int procfs_peer_exe(long pid, char *buf, size_t size);

struct stat;
int procfs_stat_is_generated(const struct stat *st);
/* A read of generated file fd starting over at offset 0: its content anew,
 * as Linux's seq_file makes it (fs/procfs.c). */
void procfs_refresh(struct process *p, int fd);

/* Writes to /proc/<self>/comm set the name. procfs_write_armed() is a cheap
 * test that is 0 unless such a file was ever opened for writing; then
 * procfs_write returns PROCFS_NOT_OURS for other fds, else the result. */
#define PROCFS_NOT_OURS (-100001L)
int procfs_write_armed(void);
long procfs_write(struct thread *t, int fd, uint64_t gva, uint64_t len);

/* Mount lines of elfuse's own file systems (its FUSE mounts), appended to
 * the host's mounts (mountinfo = 0) or mountinfo (1). Returns a malloc'ed
 * string or NULL when there are none (then the host's files are served). */
char *procfs_extra_mounts(struct process *p, int mountinfo);

/* ---- shared by the generators (procfs_*.c) ---- */

/* A growing text buffer; on allocation failure err is set and appends stop. */
struct sbuf {
	char *s;
	size_t len, cap;
	int err;
};
void sb_putn(struct sbuf *b, const char *s, size_t n);
void sb_puts(struct sbuf *b, const char *s);
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Memory totals of the guest, in pages unless noted. */
struct procfs_mem {
	uint64_t size, rss, rss_anon, rss_file, rss_shmem, data, stack, exec, lib, pte_kb;
	uint64_t start_code, end_code, start_data, end_data, start_stack;
};
/* Walks the VMAs (takes mm->lock). */
void procfs_mem_totals(struct process *p, struct procfs_mem *m);

/* Generators: append the entry's content for task tid to b (procfs_maps.c). */
int procfs_gen_maps(struct process *p, struct sbuf *b, int smaps);
int procfs_gen_smaps_rollup(struct process *p, struct sbuf *b);
int procfs_gen_statm(struct process *p, struct sbuf *b);
/* Every entry (procfs_pid.c); 0 or -errno. */
int procfs_gen_task(struct process *p, const struct procfs_target *t, struct sbuf *b);
