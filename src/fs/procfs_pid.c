/* fs/procfs_pid.c: /proc/<self> cmdline, environ, auxv, comm, stat, status, limits, mounts: guest values over the
 * host's lines. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "fs/procfs.h"
#include "kernel/peerview.h"
#include "kernel/signal.h"
#include "mm/mm.h"
#include "platform/private_fd.h"

/* ---- sources ---- */

/* Append the host file at path. */
static int read_host(const char *path, struct sbuf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	char buf[4096];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		sb_putn(b, buf, (size_t)n);
	int e = n < 0 ? -errno : 0;
	close(fd);
	return e;
}

/* The host's file `name` for the task (/proc/self/<name> or task/<tid>/<name>). */
static int read_host_task(const struct procfs_target *t, const char *name, struct sbuf *b)
{
	char path[80];
	if (t->peer && t->per_task)
		snprintf(path, sizeof path, "/proc/%ld/task/%d/%s", t->peer, (int)t->tid, name);
	else if (t->peer)
		snprintf(path, sizeof path, "/proc/%ld/%s", t->peer, name);
	else if (t->per_task)
		snprintf(path, sizeof path, "/proc/self/task/%d/%s", (int)t->tid, name);
	else
		snprintf(path, sizeof path, "/proc/self/%s", name);
	return read_host(path, b);
}

/* read_host_task into an empty buffer, for a generator that parses the
 * host's text: 0 with h->s holding it, or -errno with nothing to free. */
static int read_host_text(const struct procfs_target *t, const char *name, struct sbuf *h)
{
	int r = read_host_task(t, name, h);
	if (r < 0 || h->err || !h->s) {
		free(h->s);
		return r < 0 ? r : -ENOMEM;
	}
	return 0;
}

/* Append guest memory [start, end), stopping at the first unreadable page
 * (Linux returns what it could read). */
static void put_guest(struct process *p, struct sbuf *b, uint64_t start, uint64_t end)
{
	char buf[4096];
	for (uint64_t a = start; a < end && !b->err;) {
		size_t n = (size_t)(end - a);
		uint64_t to_page = PAGE_SIZE - (a & (PAGE_SIZE - 1));
		if (n > to_page)
			n = (size_t)to_page;
		if (guest_read(p->mm, a, buf, n) < 0)
			return;
		sb_putn(b, buf, n);
		a += n;
	}
}

/* Number of NUL-terminated strings in guest [start, end). */
static uint64_t count_strings(struct process *p, uint64_t start, uint64_t end)
{
	struct sbuf b = {NULL, 0, 0, 0};
	put_guest(p, &b, start, end);
	uint64_t n = 0;
	for (size_t i = 0; i < b.len; i++)
		n += b.s[i] == 0;
	free(b.s);
	return n;
}

/* What the generators need of the process and the task, copied under p->lock. */
struct task_info {
	char comm[16];
	int nthreads;
	guest_sigset_t blocked, pending, ignored, caught;
};

static void task_info(struct process *p, pid_t tid, struct task_info *ti)
{
	memset(ti, 0, sizeof *ti);
	pthread_mutex_lock(&p->lock);
	memcpy(ti->comm, p->comm, sizeof ti->comm);
	ti->nthreads = __atomic_load_n(&p->nthreads, __ATOMIC_ACQUIRE);
	struct thread *th = p->threads;
	for (struct thread *x = p->threads; x; x = x->next)
		if (x->tid == tid) {
			th = x;
			memcpy(ti->comm, x->comm, sizeof ti->comm); /* each task its own name */
		}
	ti->comm[15] = 0;
	if (th) {
		ti->blocked = th->blocked;
		ti->pending = __atomic_load_n(&th->pending, __ATOMIC_ACQUIRE);
	}
	for (int s = 1; s <= GUEST_NSIG; s++) {
		uint64_t h = p->sig.action[s].handler;
		if (h == 1)
			ti->ignored |= SIGBIT(s);
		else if (h > 1)
			ti->caught |= SIGBIT(s);
	}
	pthread_mutex_unlock(&p->lock);
}

/* ---- simple entries ---- */

static int gen_cmdline(struct process *p, struct sbuf *b)
{
	if (p->arg_start >= p->arg_end)
		return 0;
	/* As Linux: if the NUL ending the arguments was overwritten, the
	 * program rewrote its title (setproctitle): show the first string of
	 * the area, up to a page. */
	char last = 0;
	if (guest_read(p->mm, p->arg_end - 1, &last, 1) == 0 && last) {
		struct sbuf t = {NULL, 0, 0, 0};
		put_guest(p, &t, p->arg_start, p->arg_start + PAGE_SIZE);
		size_t n = t.s ? strnlen(t.s, t.len) : 0;
		if (n < t.len)
			n++;
		sb_putn(b, t.s ? t.s : "", n);
		free(t.s);
		return 0;
	}
	put_guest(p, b, p->arg_start, p->arg_end);
	return 0;
}

static int gen_comm(struct process *p, pid_t tid, struct sbuf *b)
{
	struct task_info ti;
	task_info(p, tid, &ti);
	sb_puts(b, ti.comm);
	sb_putn(b, "\n", 1);
	return 0;
}

/* ---- stat ---- */

#define STAT_FIELDS 52

static int gen_stat(struct process *p, const struct procfs_target *t, struct sbuf *b)
{
	struct sbuf h = {NULL, 0, 0, 0};
	int r = read_host_text(t, "stat", &h);
	if (r < 0)
		return r;
	/* Fields 3.. follow the last ')' (the comm may hold anything). */
	char *rp = strrchr(h.s, ')');
	if (!rp || rp[1] != ' ') {
		free(h.s);
		return -EIO;
	}
	char *fields[STAT_FIELDS + 1];
	int nf = 3;
	for (char *save = NULL, *tok = strtok_r(rp + 2, " \n", &save); tok && nf <= STAT_FIELDS;
	     tok = strtok_r(NULL, " \n", &save))
		fields[nf++] = tok;
	struct task_info ti;
	task_info(p, t->tid, &ti);
	struct procfs_mem m;
	procfs_mem_totals(p, &m);
	uint64_t argc = count_strings(p, p->arg_start, p->arg_end);
	uint64_t envc = count_strings(p, p->env_start, p->env_end);
	uint64_t start_stack = p->auxv_start ? p->auxv_start - 8 * (envc + 1) - 8 * (argc + 1) - 8 : m.start_stack;
	/* Replacements: guest values where the host's would describe elfuse. */
	uint64_t v[STAT_FIELDS + 1];
	int set[STAT_FIELDS + 1];
	memset(set, 0, sizeof set);
#define SETF(i, x) (v[i] = (uint64_t)(x), set[i] = 1)
	SETF(20, ti.nthreads);
	SETF(23, m.size * PAGE_SIZE);
	SETF(24, m.rss);
	SETF(26, m.start_code);
	SETF(27, m.end_code);
	SETF(28, start_stack);
	SETF(31, ti.pending & 0x7fffffffULL);
	SETF(32, ti.blocked & 0x7fffffffULL);
	SETF(33, ti.ignored & 0x7fffffffULL);
	SETF(34, ti.caught & 0x7fffffffULL);
	SETF(43, 0); /* guest_time: elfuse's time in the VM is the program's own */
	SETF(44, 0);
	SETF(45, m.start_data);
	SETF(46, m.end_data);
	SETF(47, p->mm->brk_start);
	SETF(48, p->arg_start);
	SETF(49, p->arg_end);
	SETF(50, p->env_start);
	SETF(51, p->env_end);
#undef SETF
	sb_printf(b, "%d (%s)", (int)t->tid, ti.comm);
	for (int i = 3; i < nf; i++) {
		if (set[i])
			sb_printf(b, " %" PRIu64, v[i]);
		else
			sb_printf(b, " %s", fields[i]);
	}
	sb_putn(b, "\n", 1);
	free(h.s);
	return 0;
}

/* ---- status ---- */

/* FDSize: the size Linux's fd table would have grown to for the guest's
 * highest open fd (elfuse's private fds are not the guest's). */
static unsigned guest_fdsize(void)
{
	long hi = -1;
	DIR *d = opendir("/proc/self/fd");
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			long n = strtol(e->d_name, NULL, 10);
			if (e->d_name[0] != '.' && n < private_fd_base && n > hi)
				hi = n;
		}
		closedir(d);
	}
	if (hi < 64)
		return 64;
	unsigned long nr = (unsigned long)hi / 128 + 1, pw = 1;
	while (pw < nr)
		pw <<= 1;
	return (unsigned)(pw * 128);
}

static void put_escaped_name(struct sbuf *b, const char *name)
{
	for (const char *c = name; *c; c++) {
		if (*c == '\n')
			sb_puts(b, "\\n");
		else if (*c == '\\')
			sb_puts(b, "\\\\");
		else
			sb_putn(b, c, 1);
	}
}

static int gen_status(struct process *p, const struct procfs_target *t, struct sbuf *b)
{
	struct sbuf h = {NULL, 0, 0, 0};
	int r = read_host_text(t, "status", &h);
	if (r < 0)
		return r;
	struct task_info ti;
	struct procfs_mem m;
	if (t->peer) {
		/* Another guest process: the host's lines, with its guest
		 * threads and signal dispositions (kernel/peerview.c). */
		struct peerview v;
		if (peerview_read(t->peer, &v) < 0) {
			sb_puts(b, h.s);
			free(h.s);
			return 0;
		}
		memset(&ti, 0, sizeof ti);
		ti.nthreads = v.nthreads;
		ti.ignored = v.ignored;
		ti.caught = v.caught;
		ti.blocked = v.blocked;
		memset(&m, 0, sizeof m);
	} else {
		task_info(p, t->tid, &ti);
		procfs_mem_totals(p, &m);
	}
	uint64_t kb = PAGE_SIZE / 1024;
	const struct {
		const char *key;
		uint64_t kb;
	} vm[] = {
	    {"VmPeak", m.size * kb},
	    {"VmSize", m.size * kb},
	    {"VmLck", 0},
	    {"VmPin", 0},
	    {"VmHWM", m.rss * kb},
	    {"VmRSS", m.rss * kb},
	    {"RssAnon", m.rss_anon * kb},
	    {"RssFile", m.rss_file * kb},
	    {"RssShmem", m.rss_shmem * kb},
	    {"VmData", m.data * kb},
	    {"VmStk", m.stack * kb},
	    {"VmExe", m.exec * kb},
	    {"VmLib", m.lib * kb},
	    {"VmPTE", m.pte_kb},
	    {"VmSwap", 0},
	};
	const guest_sigset_t kick = SIGBIT(SIG_KICK);
	for (char *line = h.s, *next; line && *line; line = next) {
		char *nl = strchr(line, '\n');
		next = nl ? nl + 1 : NULL;
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *colon = memchr(line, ':', len);
		size_t klen = colon ? (size_t)(colon - line) : len;
		char key[32];
		if (klen >= sizeof key)
			klen = sizeof key - 1;
		memcpy(key, line, klen);
		key[klen] = 0;
		int done = 1;
		if (t->peer && strcmp(key, "Threads") && strcmp(key, "SigIgn") && strcmp(key, "SigCgt") &&
		    (strcmp(key, "SigBlk") || t->tid != t->peer)) {
			done = 0; /* (the host's line) */
		} else if (!strcmp(key, "Name")) {
			sb_puts(b, "Name:\t");
			put_escaped_name(b, ti.comm);
			sb_putn(b, "\n", 1);
		} else if (!strcmp(key, "FDSize")) {
			sb_printf(b, "FDSize:\t%u\n", guest_fdsize());
		} else if (!strcmp(key, "Threads")) {
			sb_printf(b, "Threads:\t%d\n", ti.nthreads);
		} else if (!strcmp(key, "SigPnd") || !strcmp(key, "ShdPnd")) {
			/* Guest signals still pending in the host, and those taken from it. */
			guest_sigset_t s = colon ? strtoull(colon + 1, NULL, 16) & ~kick : 0;
			if (key[0] == 'S' && key[1] == 'i')
				s |= ti.pending;
			sb_printf(b, "%s:\t%016" PRIx64 "\n", key, s);
		} else if (!strcmp(key, "SigBlk")) {
			sb_printf(b, "SigBlk:\t%016" PRIx64 "\n", ti.blocked);
		} else if (!strcmp(key, "SigIgn")) {
			sb_printf(b, "SigIgn:\t%016" PRIx64 "\n", ti.ignored);
		} else if (!strcmp(key, "SigCgt")) {
			sb_printf(b, "SigCgt:\t%016" PRIx64 "\n", ti.caught);
		} else {
			done = 0;
			for (size_t i = 0; !t->peer && i < sizeof vm / sizeof vm[0]; i++)
				if (!strcmp(key, vm[i].key)) {
					sb_printf(b, "%s:\t%8" PRIu64 " kB\n", key, vm[i].kb);
					done = 1;
				}
		}
		if (!done) {
			sb_putn(b, line, len);
			sb_putn(b, "\n", 1);
		}
	}
	free(h.s);
	return 0;
}

/* ---- limits ---- */

static void put_limit(struct sbuf *b, const char *name, const struct rlimit *rl, const char *unit)
{
	char cur[24], max[24];
	if (rl->rlim_cur == RLIM_INFINITY)
		snprintf(cur, sizeof cur, "unlimited");
	else
		snprintf(cur, sizeof cur, "%llu", (unsigned long long)rl->rlim_cur);
	if (rl->rlim_max == RLIM_INFINITY)
		snprintf(max, sizeof max, "unlimited");
	else
		snprintf(max, sizeof max, "%llu", (unsigned long long)rl->rlim_max);
	sb_printf(b, "%-25s %-20s %-20s %-10s\n", name, cur, max, unit);
}

static int gen_limits(struct process *p, const struct procfs_target *t, struct sbuf *b)
{
	struct sbuf h = {NULL, 0, 0, 0};
	int r = read_host_text(t, "limits", &h);
	if (r < 0)
		return r;
	/* The host's, except the limits elfuse keeps for the guest. */
	struct rlimit nofile, stack, as = *rlim_virt(RLIMIT_AS), data = *rlim_virt(RLIMIT_DATA);
	rlim_nofile_get(p, &nofile);
	if (p->stack_rlim.rlim_max != 0)
		stack = p->stack_rlim;
	else if (getrlimit(RLIMIT_STACK, &stack) < 0)
		stack.rlim_cur = stack.rlim_max = RLIM_INFINITY;
	for (char *line = h.s, *next; line && *line; line = next) {
		char *nl = strchr(line, '\n');
		next = nl ? nl + 1 : NULL;
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		if (!strncmp(line, "Max open files ", 15))
			put_limit(b, "Max open files", &nofile, "files");
		else if (!strncmp(line, "Max stack size ", 15))
			put_limit(b, "Max stack size", &stack, "bytes");
		else if (!strncmp(line, "Max data size ", 14))
			put_limit(b, "Max data size", &data, "bytes");
		else if (!strncmp(line, "Max address space ", 18))
			put_limit(b, "Max address space", &as, "bytes");
		else {
			sb_putn(b, line, len);
			sb_putn(b, "\n", 1);
		}
	}
	free(h.s);
	return 0;
}

/* ---- mounts ---- */

static int gen_mounts(struct process *p, const struct procfs_target *t, struct sbuf *b, int mountinfo)
{
	int r = read_host_task(t, mountinfo ? "mountinfo" : "mounts", b);
	if (r < 0)
		return r;
	char *extra = procfs_extra_mounts(p, mountinfo);
	if (extra) {
		sb_puts(b, extra);
		free(extra);
	}
	return 0;
}

int procfs_gen_task(struct process *p, const struct procfs_target *t, struct sbuf *b)
{
	switch (t->entry) {
	case PE_MAPS:
		return procfs_gen_maps(p, b, 0);
	case PE_SMAPS:
		return procfs_gen_maps(p, b, 1);
	case PE_SMAPS_ROLLUP:
		return procfs_gen_smaps_rollup(p, b);
	case PE_CMDLINE:
		return gen_cmdline(p, b);
	case PE_ENVIRON:
		put_guest(p, b, p->env_start, p->env_end);
		return 0;
	case PE_AUXV:
		put_guest(p, b, p->auxv_start, p->auxv_end);
		return 0;
	case PE_COMM:
		return gen_comm(p, t->tid, b);
	case PE_STAT:
		return gen_stat(p, t, b);
	case PE_STATM:
		return procfs_gen_statm(p, b);
	case PE_STATUS:
		return gen_status(p, t, b);
	case PE_LIMITS:
		return gen_limits(p, t, b);
	case PE_MOUNTS:
		return gen_mounts(p, t, b, 0);
	case PE_MOUNTINFO:
		return gen_mounts(p, t, b, 1);
	case PE_NONE:
		break;
	}
	return -ENOENT;
}
