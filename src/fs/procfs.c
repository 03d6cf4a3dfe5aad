/* fs/procfs.c: which /proc paths elfuse answers, opening them as snapshot files, their fd links, comm writes. */
#include "fs/procfs.h"

#include "fs/fuse/fuse.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fs/pathname.h"
#include "kernel/peerview.h"
#include "mm/mm.h"

/* Generated content lives in a memfd with this name; readlink of
 * /proc/self/fd/N maps it back to the /proc path it was opened by. */
#define MEMFD_NAME "elfuse-proc"
#define MEMFD_LINK "/memfd:" MEMFD_NAME " (deleted)"
#define MAX_RW_COUNT 0x7ffff000UL /* Linux's cap on one transfer */

/* ---- path lookup ---- */

static const struct {
	const char *name;
	enum procfs_entry e;
	unsigned mode;
} entries[] = {
    {"maps", PE_MAPS, 0444},	       {"smaps", PE_SMAPS, 0444},     {"smaps_rollup", PE_SMAPS_ROLLUP, 0444},
    {"cmdline", PE_CMDLINE, 0444},     {"environ", PE_ENVIRON, 0400}, {"auxv", PE_AUXV, 0400},
    {"comm", PE_COMM, 0644},	       {"stat", PE_STAT, 0444},	      {"statm", PE_STATM, 0444},
    {"status", PE_STATUS, 0444},       {"limits", PE_LIMITS, 0444},   {"mounts", PE_MOUNTS, 0444},
    {"mountinfo", PE_MOUNTINFO, 0444},
};
#define NENTRIES (sizeof entries / sizeof entries[0])

/* A host thread of elfuse that is no guest thread (KVM's worker, helpers). */
static int hidden_thread(long tid)
{
	char path[48];
	snprintf(path, sizeof path, "/proc/self/task/%ld", tid);
	return access(path, F_OK) == 0;
}

static int is_our_thread(struct process *p, long tid)
{
	int found = 0;
	pthread_mutex_lock(&p->lock);
	for (struct thread *t = p->threads; t && !found; t = t->next)
		found = t->tid == tid;
	pthread_mutex_unlock(&p->lock);
	return found;
}

int procfs_task_visible(struct process *p, pid_t tid) { return is_our_thread(p, tid); }

int procfs_is_task_dir(struct process *p, const char *target)
{
	char want[40];
	int n = snprintf(want, sizeof want, "/proc/%ld/task", p->pid > 0 ? (long)p->pid : (long)getpid());
	return strncmp(target, want, (size_t)n) == 0 && (target[n] == 0 || (target[n] == '/' && target[n + 1] == 0));
}

/* Canonical path of the entry (what Linux's fd links show): kept beside
 * the target for the fd table. */
struct lookup {
	struct procfs_target t;
	unsigned mode;
	char canon[80];
};

/* /proc/<pid>/... of a peer (another guest process), rest after "<pid>":
 * its status (and a thread's) comes from the host's with the guest's
 * threads and signal state put in (kernel/peerview.c); a task/<tid> that
 * is no guest thread of it does not exist (-1). 1: ours; 0: the host's. */
static int peer_lookup(long pid, const char *rest, struct lookup *out)
{
	struct peerview v;
	if (!procfs_peer(pid) || peerview_read(pid, &v) < 0)
		return 0;
	const char *s = rest, *tok;
	size_t len = path_next_comp(&s, &tok);
	long tid = pid;
	char base[64];
	snprintf(base, sizeof base, "/proc/%ld", pid);
	int per_task = 0;
	if (path_comp_is(tok, len, "task")) {
		len = path_next_comp(&s, &tok);
		if (len == 0)
			return 0; /* the directory: its listing is filtered (fs_dir_lists_fds) */
		tid = path_parse_num(tok, len);
		int known = 0;
		for (int i = 0; i < v.ntids; i++)
			known |= v.tids[i] == tid;
		if (tid < 0 || (!known && v.ntids < PEERVIEW_TIDS))
			return tid < 0 ? 0 : -1;
		snprintf(base, sizeof base, "/proc/%ld/task/%ld", pid, tid);
		per_task = 1;
		len = path_next_comp(&s, &tok);
	}
	if (!path_comp_is(tok, len, "status") || *s)
		return 0;
	out->t.entry = PE_STATUS;
	out->t.tid = (pid_t)tid;
	out->t.per_task = per_task;
	out->t.peer = pid;
	out->mode = 0444;
	snprintf(out->canon, sizeof out->canon, "%s/status", base);
	return 1;
}

/* 1: one of ours (out filled); 0: the host's; -1: under a host thread of
 * elfuse that the guest must not see (ENOENT). */
static int lookup(struct process *p, const char *path, struct lookup *out)
{
	memset(out, 0, sizeof *out);
	if (path[0] != '/')
		return 0;
	const char *q = path;
	while (*q == '/')
		q++;
	if (strncmp(q, "proc/", 5) != 0 || strstr(path, ".."))
		return 0;
	const char *s = path, *tok;
	size_t len = path_next_comp(&s, &tok); /* "proc" */
	if (!path_comp_is(tok, len, "proc"))
		return 0;
	long pid = p->pid > 0 ? p->pid : (long)getpid();
	long tid = pid;
	int per_task = 0, via_task = 0;
	len = path_next_comp(&s, &tok);
	char base[64];
	if (path_comp_is(tok, len, "self")) {
		snprintf(base, sizeof base, "/proc/%ld", pid);
	} else if (path_comp_is(tok, len, "thread-self")) {
		tid = (long)syscall(SYS_gettid);
		per_task = via_task = 1;
		snprintf(base, sizeof base, "/proc/%ld/task/%ld", pid, tid);
	} else if (path_comp_is(tok, len, "mounts")) {
		/* /proc/mounts is a link to self/mounts */
		if (path_next_comp(&s, &tok) || *s)
			return 0;
		out->t.entry = PE_MOUNTS;
		out->t.tid = (pid_t)pid;
		out->t.per_task = 0;
		out->mode = 0444;
		snprintf(out->canon, sizeof out->canon, "/proc/%ld/mounts", pid);
		return 1;
	} else {
		long n = path_parse_num(tok, len);
		if (n < 0)
			return 0;
		if (n != pid) {
			/* Linux also answers /proc/<tid> for a thread (unlisted). */
			if (!is_our_thread(p, n))
				return hidden_thread(n) ? -1 : peer_lookup(n, s, out); /* else the host's /proc */
			tid = n;
			per_task = 1;
		}
		snprintf(base, sizeof base, "/proc/%ld", n);
	}
	const char *save = s;
	len = path_next_comp(&s, &tok);
	if (!via_task && path_comp_is(tok, len, "task")) {
		len = path_next_comp(&s, &tok);
		long n = path_parse_num(tok, len);
		if (n < 0)
			return 0;
		if (!is_our_thread(p, n))
			return hidden_thread(n) ? -1 : 0;
		/* /proc/<tid>/task/<x>: Linux lists only the group's threads there too. */
		tid = n;
		per_task = via_task = 1;
		snprintf(base, sizeof base, "/proc/%ld/task/%ld", pid, n);
		save = s;
	}
	s = save;
	len = path_next_comp(&s, &tok);
	if (len == 0 || *s)
		return 0; /* a directory, or "maps/" (the host's ENOTDIR) */
	for (size_t i = 0; i < NENTRIES; i++) {
		if (!path_comp_is(tok, len, entries[i].name))
			continue;
		out->t.entry = entries[i].e;
		out->t.tid = (pid_t)tid;
		out->t.per_task = per_task;
		out->mode = entries[i].mode;
		snprintf(out->canon, sizeof out->canon, "%s/%s", base, entries[i].name);
		return 1;
	}
	return 0;
}

int procfs_lookup(struct process *p, const char *path, struct procfs_target *out)
{
	struct lookup l;
	if (lookup(p, path, &l) <= 0)
		return 0;
	*out = l.t;
	return 1;
}

/* ---- the table of generated files (for fd links and comm writes) ---- */

/* One generated file, known by its memfd's inode. Entries are recycled
 * oldest first; a recycled one only loses its pretty fd link. */
struct gen_file {
	dev_t dev;
	ino_t ino;
	pid_t tid;    /* comm: whose name a write sets */
	int writable; /* comm opened for writing */
	char canon[80];
};

#define GEN_SLOTS 128
/* gen_lock protects gen[] and gen_next; a leaf lock. */
static pthread_mutex_t gen_lock = PTHREAD_MUTEX_INITIALIZER;
static struct gen_file gen[GEN_SLOTS];
static unsigned gen_next;
static int write_armed; /* set once a comm file was opened for writing */
static int gen_any;	/* set once gen_dev (the memfds' device) is known */
static dev_t gen_dev;

static void gen_record(int fd, const struct lookup *l, int writable)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return;
	pthread_mutex_lock(&gen_lock);
	struct gen_file *g = &gen[gen_next++ % GEN_SLOTS];
	g->dev = st.st_dev;
	g->ino = st.st_ino;
	g->tid = l->t.tid;
	g->writable = writable;
	snprintf(g->canon, sizeof g->canon, "%s", l->canon);
	if (!gen_any) {
		gen_dev = st.st_dev;
		__atomic_store_n(&gen_any, 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&gen_lock);
	if (writable)
		__atomic_store_n(&write_armed, 1, __ATOMIC_RELEASE);
}

int procfs_stat_is_generated(const struct stat *st)
{
	if (!S_ISREG(st->st_mode) || !__atomic_load_n(&gen_any, __ATOMIC_ACQUIRE) || st->st_dev != gen_dev)
		return 0;
	int found = 0;
	pthread_mutex_lock(&gen_lock);
	for (unsigned i = 0; i < GEN_SLOTS && !found; i++)
		found = gen[i].ino == st->st_ino && gen[i].dev == st->st_dev && gen[i].canon[0];
	pthread_mutex_unlock(&gen_lock);
	return found;
}

/* Copy the record of host fd's file into *out; 1 if found. */
static int gen_find(int fd, struct gen_file *out)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	int found = 0;
	pthread_mutex_lock(&gen_lock);
	for (unsigned i = 0; i < GEN_SLOTS && !found; i++)
		if (gen[i].ino == st.st_ino && gen[i].dev == st.st_dev && gen[i].canon[0]) {
			*out = gen[i];
			found = 1;
		}
	pthread_mutex_unlock(&gen_lock);
	return found;
}

long procfs_fd_link(int fd, char *out, size_t size)
{
	if (strncmp(out, MEMFD_LINK, sizeof MEMFD_LINK) != 0)
		return -1;
	struct gen_file g;
	if (!gen_find(fd, &g))
		return -1;
	size_t n = strlen(g.canon);
	if (n >= size)
		return -1;
	memcpy(out, g.canon, n + 1);
	return (long)n;
}

/* Linux's seq_file makes a file's content anew when reading starts over
 * at offset 0 (after an lseek there, or a pread at 0): a generated file
 * kept open and read again shows the state of that moment, not of the
 * open. fd is the guest's; anything but a generated file of p is left. */
void procfs_refresh(struct process *p, int fd)
{
	if (!__atomic_load_n(&gen_any, __ATOMIC_ACQUIRE) || fd_check(p, fd) < 0)
		return;
	struct gen_file g;
	struct stat st;
	if (!gen_find(fd, &g) || g.writable || fstat(fd, &st) < 0)
		return;
	struct lookup l;
	if (lookup(p, g.canon, &l) <= 0 || l.t.entry == PE_MOUNTS || l.t.entry == PE_MOUNTINFO)
		return; /* another process's (inherited across fork), or the mounts */
	struct sbuf b = {NULL, 0, 0, 0};
	if (procfs_gen_task(p, &l.t, &b) == 0 && !b.err) {
		/* The guest's description may be read-only: write through a
		 * second one, which the file's mode must allow for a moment. */
		char link[40];
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		fchmod(fd, (st.st_mode & 07777) | S_IWUSR);
		int w = open(link, O_WRONLY | O_TRUNC | O_CLOEXEC);
		fchmod(fd, st.st_mode & 07777);
		if (w >= 0) {
			for (size_t off = 0; off < b.len;) {
				ssize_t n = write(w, b.s + off, b.len - off);
				if (n <= 0)
					break;
				off += (size_t)n;
			}
			close(w);
		}
	}
	free(b.s);
}

/* ---- open ---- */

/* A host fd reading content (len bytes) with the guest's open flags: the
 * lowest free fd, as the guest's open would get. */
static int snapshot_fd(const char *content, size_t len, unsigned mode, uint64_t flags)
{
	int mfd = (int)syscall(SYS_memfd_create, MEMFD_NAME, MFD_CLOEXEC);
	if (mfd < 0)
		return -errno;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(mfd, content + off, len - off);
		if (w <= 0) {
			int e = w < 0 ? errno : EIO;
			close(mfd);
			return -e;
		}
		off += (size_t)w;
	}
	fchmod(mfd, mode);
	/* Reopen for the guest's access mode and status flags, then put that
	 * description at the memfd's (lowest) number. */
	char link[40];
	snprintf(link, sizeof link, "/proc/self/fd/%d", mfd);
	int keep = O_ACCMODE | O_NONBLOCK | O_APPEND | O_NOATIME;
	int rfd = open(link, (int)(flags & keep) | O_CLOEXEC);
	if (rfd < 0) {
		int e = errno;
		close(mfd);
		return -e;
	}
	if (dup3(rfd, mfd, (flags & O_CLOEXEC) ? O_CLOEXEC : 0) < 0) {
		int e = errno;
		close(rfd);
		close(mfd);
		return -e;
	}
	close(rfd);
	return mfd;
}

int procfs_open(struct process *p, const char *path, uint64_t flags, int *fd)
{
	struct lookup l;
	int k = lookup(p, path, &l);
	if (k < 0) {
		*fd = -ENOENT;
		return 1;
	}
	if (k == 0)
		return 0;
	/* Opens that are not plain reads (O_PATH, O_DIRECTORY, O_CREAT|O_EXCL,
	 * O_TMPFILE, writes to read-only entries) get the host's answer on the
	 * same entry of elfuse's own /proc: EACCES, ENOTDIR, EEXIST, or an fd
	 * whose writes fail with EINVAL, exactly as Linux decides. */
	int acc = (int)(flags & O_ACCMODE);
	if (flags & (O_PATH | O_DIRECTORY | O_TMPFILE))
		return 0;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return 0;
	if (acc == 3 || (acc != O_RDONLY && l.t.entry != PE_COMM))
		return 0;
	struct sbuf b = {NULL, 0, 0, 0};
	int r;
	if (l.t.entry == PE_MOUNTS || l.t.entry == PE_MOUNTINFO) {
		char *extra = procfs_extra_mounts(p, l.t.entry == PE_MOUNTINFO);
		if (!extra)
			return 0; /* nothing of elfuse's mounted: the host's own file */
		free(extra);
	}
	r = procfs_gen_task(p, &l.t, &b);
	if (r == 0 && b.err)
		r = -ENOMEM;
	if (r == 0) {
		r = snapshot_fd(b.s ? b.s : "", b.len, l.mode, flags);
		if (r >= 0)
			gen_record(r, &l, acc != O_RDONLY);
	}
	free(b.s);
	*fd = r;
	return 1;
}

int procfs_open_at(struct process *p, int dirfd, const char *path, uint64_t flags, int *fd)
{
	/* Cheap filter first: only names that could be one of ours go on to
	 * find out where dirfd (or the cwd) is. */
	size_t first = strcspn(path, "/");
	int candidate = first == 4 && memcmp(path, "task", 4) == 0;
	for (size_t i = 0; i < NENTRIES && !candidate; i++)
		candidate = strlen(entries[i].name) == first && memcmp(path, entries[i].name, first) == 0;
	if (!candidate)
		return 0;
	char full[PATH_MAX];
	ssize_t n;
	if (dirfd == AT_FDCWD) {
		n = getcwd(full, sizeof full) ? (ssize_t)strlen(full) : -1;
	} else {
		char link[40];
		snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
		n = readlink(link, full, sizeof full - 1);
	}
	if (n < 6 || strncmp(full, "/proc/", 6) != 0)
		return 0;
	if ((size_t)n + 1 + strlen(path) + 1 > sizeof full)
		return 0;
	full[n] = '/';
	strcpy(full + n + 1, path);
	return procfs_open(p, full, flags, fd);
}

/* ---- comm writes ---- */

int procfs_write_armed(void) { return __atomic_load_n(&write_armed, __ATOMIC_ACQUIRE); }

long procfs_write(struct thread *t, int fd, uint64_t gva, uint64_t len)
{
	struct gen_file g;
	if (!gen_find(fd, &g) || !g.writable)
		return PROCFS_NOT_OURS;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY)
		return PROCFS_NOT_OURS; /* the host's EBADF */
	/* Linux's comm_write: at most 15 bytes are taken, the whole count is
	 * reported written. */
	char name[16];
	memset(name, 0, sizeof name);
	size_t n = len < sizeof name - 1 ? (size_t)len : sizeof name - 1;
	if (n && guest_read(t->proc->mm, gva, name, n) < 0)
		return -EFAULT;
	/* The name of the file's task (each thread has its own, as with PR_SET_NAME). */
	thread_set_comm(t->proc, g.tid, name);
	/* Name the host thread too, as PR_SET_NAME does, for host tools. */
	char hpath[64];
	snprintf(hpath, sizeof hpath, "/proc/self/task/%d/comm", (int)g.tid);
	int h = open(hpath, O_WRONLY | O_CLOEXEC);
	if (h >= 0) {
		if (write(h, name, strnlen(name, sizeof name)) < 0) {
			/* the guest's name is set; the host's is cosmetic */
		}
		close(h);
	}
	return (long)(len > MAX_RW_COUNT ? MAX_RW_COUNT : len);
}

/* ---- mounts ---- */

char *procfs_extra_mounts(struct process *p, int mountinfo)
{
	(void)p;
	return fuse_mount_lines(mountinfo);
}
