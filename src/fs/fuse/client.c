/* fs/fuse/client.c: the tree's shared page and lifeline, starting the FUSE server, and each thread's control connection with the wait rules. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fs/fuse/fz.h"
#include "kernel/hostwait.h"
#include "platform/private_fd.h"
#include "run/run.h"

struct fz_shared *fz_sh;
int fz_lifeline_fd = -1, fz_shared_fd = -1;
static int lifeline_wr = -1;

uint64_t fz_rand64(void)
{
	uint64_t v = 0;
	if (getrandom(&v, sizeof v, GRND_NONBLOCK) != sizeof v) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		v = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40);
	}
	return v ? v : 1;
}

void fuse_tree_init(void)
{
	/* The mount page is a memfd so that the server (a fresh exec of elfuse) can map it too. */
	int fd = (int)syscall(SYS_memfd_create, "elfuse-fuse", 1 /* MFD_CLOEXEC */);
	if (fd < 0)
		return;
	if (ftruncate(fd, sizeof(struct fz_shared)) < 0) {
		close(fd);
		return;
	}
	void *m = mmap(NULL, sizeof(struct fz_shared), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		close(fd);
		return;
	}
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		munmap(m, sizeof(struct fz_shared));
		close(fd);
		return;
	}
	fz_shared_fd = private_fd(fd);
	/* Every elfuse process of the tree inherits the write end: when the
	 * last one is gone, the server sees EOF and exits. */
	fz_lifeline_fd = private_fd(pfd[0]);
	lifeline_wr = private_fd(pfd[1]);
	fz_sh = m;
	fz_sh->tree = fz_rand64();
}

int fuse_tree_active(void) { return fz_sh && __atomic_load_n(&fz_sh->active, __ATOMIC_RELAXED); }

int fuse_hidden_pid(long pid)
{
	return fz_sh && pid > 0 && pid == __atomic_load_n(&fz_sh->server_pid, __ATOMIC_ACQUIRE);
}

static socklen_t fz_addr(struct sockaddr_un *sa, const char *suffix)
{
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	int n = snprintf(sa->sun_path + 1, sizeof sa->sun_path - 1, FZ_PREFIX "%016llx%s",
			 (unsigned long long)fz_sh->tree, suffix);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
}

/* ---- starting the server ---- */

/* Fork twice (no SIGCHLD for the guest: exit signal 0) and exec elfuse
 * itself as the server, with nothing of the guest: fds 0-2 are /dev/null,
 * 3 the mount page, 4 the lifeline, 5 a readiness pipe. */
static int start_server(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return -ENOENT;
	exe[n] = 0;
	char tree[32];
	snprintf(tree, sizeof tree, "%016llx", (unsigned long long)fz_sh->tree);
	const char *refs = getenv("ELFUSE_FUSE_REFS");
	char *argv[] = {exe, "--fuse-server", tree, (char *)(refs ? refs : ""), NULL};
	char *envp[] = {NULL};
	int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	int ready[2];
	if (nul < 0 || pipe2(ready, O_CLOEXEC) < 0) {
		if (nul >= 0)
			close(nul);
		return -EMFILE;
	}
	int keep_err = getenv("ELFUSE_FUSE_DEBUG") != NULL;
	pid_t pid = (pid_t)syscall(SYS_clone, 0UL, NULL, NULL, NULL, 0UL);
	if (pid == 0) {
		/* Only async-signal-safe calls from here to exec. */
		pid_t g = (pid_t)syscall(SYS_clone, 0UL, NULL, NULL, NULL, 0UL);
		if (g != 0)
			_exit(0);
		setsid();
		int sfd = fz_shared_fd, lfd = fz_lifeline_fd, rfd = ready[1];
		/* Move the fds we keep out of the way, then into place. */
		sfd = fcntl(sfd, F_DUPFD, 10);
		lfd = fcntl(lfd, F_DUPFD, 10);
		rfd = fcntl(rfd, F_DUPFD, 10);
		if (sfd < 0 || lfd < 0 || rfd < 0)
			_exit(1);
		dup2(nul, 0);
		dup2(nul, 1);
		if (!keep_err)
			dup2(nul, 2);
		dup2(sfd, 3);
		dup2(lfd, 4);
		dup2(rfd, 5);
		syscall(SYS_close_range, 6U, ~0U, 0U);
		sigset_t all;
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		execve(exe, argv, envp);
		_exit(127);
	}
	close(nul);
	close(ready[1]);
	if (pid < 0) {
		close(ready[0]);
		return -EAGAIN;
	}
	while (waitpid(pid, NULL, __WALL) < 0 && errno == EINTR) {
	}
	char c;
	ssize_t r;
	do
		r = read(ready[0], &c, 1);
	while (r < 0 && errno == EINTR);
	close(ready[0]);
	return 0;
}

static int connect_server(int fd)
{
	struct sockaddr_un sa;
	socklen_t len = fz_addr(&sa, "");
	/* Start-up races (several processes starting a server at once, a
	 * server between bind and listen) resolve within a few tries; the
	 * bound keeps a tree whose server cannot start from hanging. */
	for (int tries = 0; tries < 50; tries++) {
		if (connect(fd, (struct sockaddr *)&sa, len) == 0)
			return 0;
		int e = errno;
		if (e == EISCONN)
			return 0;
		if (e == EINTR || e == EAGAIN) {
			struct timespec ts = {0, 2 * 1000 * 1000};
			nanosleep(&ts, NULL);
			continue;
		}
		if (e != ECONNREFUSED && e != ENOENT)
			return -e;
		/* No server yet (or it is gone): start one; losers of a race exit
		 * once the winner listens. Later tries also pause briefly. */
		if (start_server() < 0 || tries >= 2) {
			struct timespec ts = {0, 10 * 1000 * 1000};
			nanosleep(&ts, NULL);
		}
	}
	return -ECONNREFUSED;
}

static void set_bufs(int fd)
{
	int sz = FZ_SOCKBUF;
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
}

/* ---- object connections ---- */

int fz_obj_connect(int kind, uint64_t id, uint64_t sess, const void *pl, size_t len, int priv)
{
	if (!fz_sh)
		return -ENODEV;
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	char suffix[64];
	if (kind == FZK_DEV)
		snprintf(suffix, sizeof suffix, "-D%llx.%llx", (unsigned long long)sess, (unsigned long long)id);
	else
		snprintf(suffix, sizeof suffix, "-%c%llx", kind == FZK_FILE ? 'F' : 'C', (unsigned long long)id);
	struct sockaddr_un sa;
	socklen_t sl = fz_addr(&sa, suffix);
	int e = 0;
	if (bind(fd, (struct sockaddr *)&sa, sl) < 0)
		e = -errno;
	if (!e) {
		set_bufs(fd);
		e = connect_server(fd);
	}
	if (!e) {
		struct fz_msg m = {.type = FZ_HELLO, .arg = {kind, (int64_t)id, (int64_t)sess}};
		struct iovec iov[2] = {{&m, sizeof m}, {(void *)pl, len}};
		struct msghdr mh = {.msg_iov = iov, .msg_iovlen = len ? 2 : 1};
		if (sendmsg(fd, &mh, MSG_NOSIGNAL) < 0)
			e = -errno;
		/* FILE objects are found by the server when first named. */
		if (!e && kind != FZK_FILE) {
			char ack;
			ssize_t k;
			do
				k = recv(fd, &ack, 1, 0);
			while (k < 0 && errno == EINTR);
			if (k != 1)
				e = -ENOTCONN;
		}
	}
	if (e) {
		close(fd);
		return e;
	}
	if (priv)
		return private_fd(fd);
	return fd;
}

int fz_fd_kind(int fd, uint64_t *id, uint64_t *sess)
{
	if (!fz_sh || fd < 0)
		return 0;
	struct sockaddr_un sa;
	socklen_t sl = sizeof sa;
	if (getsockname(fd, (struct sockaddr *)&sa, &sl) < 0 || sa.sun_family != AF_UNIX || sl <= 2 ||
	    sa.sun_path[0] != 0)
		return 0;
	char want[64];
	int wn = snprintf(want, sizeof want, FZ_PREFIX "%016llx-", (unsigned long long)fz_sh->tree);
	size_t nlen = sl - offsetof(struct sockaddr_un, sun_path) - 1;
	const char *name = sa.sun_path + 1;
	if (nlen <= (size_t)wn + 1 || memcmp(name, want, (size_t)wn) != 0)
		return 0;
	char buf[64];
	size_t rl = nlen - (size_t)wn;
	if (rl >= sizeof buf)
		return 0;
	memcpy(buf, name + wn, rl);
	buf[rl] = 0;
	char *end;
	if (buf[0] == 'D') {
		uint64_t s = strtoull(buf + 1, &end, 16);
		if (*end != '.')
			return 0;
		if (sess)
			*sess = s;
		if (id)
			*id = strtoull(end + 1, NULL, 16);
		return FZK_DEV;
	}
	uint64_t v = strtoull(buf + 1, &end, 16);
	if (id)
		*id = v;
	return buf[0] == 'F' ? FZK_FILE : buf[0] == 'C' ? FZK_CWD : 0;
}

/* ---- the control connection of this thread ---- */

static _Thread_local int ctl_fd = -1;
static _Thread_local pid_t ctl_pid;
static _Thread_local uint32_t ctl_seq;
static _Thread_local int interrupted;
static pthread_key_t ctl_key;
static pthread_once_t ctl_once = PTHREAD_ONCE_INIT;

static void ctl_destroy(void *v)
{
	int fd = (int)(intptr_t)v - 1;
	if (fd >= 0 && ctl_pid == getpid())
		close(fd);
}
static void ctl_key_init(void) { pthread_key_create(&ctl_key, ctl_destroy); }

static int ctl(void)
{
	pid_t me = getpid();
	if (ctl_fd >= 0 && ctl_pid == me)
		return ctl_fd;
	if (ctl_fd >= 0)
		close(ctl_fd); /* inherited by fork: the parent's thread owns that conversation */
	ctl_fd = -1;
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	set_bufs(fd);
	int e = connect_server(fd);
	struct fz_msg m = {.type = FZ_HELLO, .arg = {FZK_CTL}};
	if (!e && send(fd, &m, sizeof m, MSG_NOSIGNAL) < 0)
		e = -errno;
	if (e) {
		close(fd);
		return e;
	}
	fd = private_fd(fd);
	if (fd < 0)
		return fd;
	pthread_once(&ctl_once, ctl_key_init);
	pthread_setspecific(ctl_key, (void *)(intptr_t)(fd + 1));
	ctl_fd = fd;
	ctl_pid = me;
	return fd;
}

void fz_mark_interrupted(void) { interrupted = 1; }

int fuse_take_interrupted(void)
{
	int v = interrupted;
	interrupted = 0;
	return v;
}

static void send_on(int fd, struct fz_msg *m, const void *pl, size_t len)
{
	m->seq = 0;
	struct iovec iov[2] = {{m, sizeof *m}, {(void *)pl, len}};
	struct msghdr mh = {.msg_iov = iov, .msg_iovlen = len ? 2 : 1};
	while (sendmsg(fd, &mh, MSG_NOSIGNAL) < 0 && errno == EINTR) {
	}
}

void fz_send(struct fz_msg *m, const void *pl, size_t len)
{
	int fd = ctl();
	if (fd >= 0)
		send_on(fd, m, pl, len);
}

void fz_ctl_remember(struct thread *t)
{
	int fd = ctl();
	if (fd >= 0 && t) {
		t->fz_ctl_pid = t->proc->pid;
		__atomic_store_n(&t->fz_ctl, fd + 1, __ATOMIC_RELEASE);
	}
}

int fz_send_as(struct thread *t, struct fz_msg *m, const void *pl, size_t len)
{
	int v = __atomic_load_n(&t->fz_ctl, __ATOMIC_ACQUIRE);
	/* (a fork child's copy of t names its parent's connection) */
	if (!v || t->fz_ctl_pid != t->proc->pid)
		return -1;
	send_on(v - 1, m, pl, len);
	return 0;
}

/* The wait rules: is any pending, unblocked signal disruptive? */
static int disruptive_pending(struct thread *t)
{
	guest_sigset_t pend = __atomic_load_n(&t->pending, __ATOMIC_ACQUIRE) & ~t->blocked;
	while (pend) {
		int sig = __builtin_ctzll(pend) + 1;
		pend &= pend - 1;
		const struct guest_sigaction *ga = &t->proc->sig.action[sig];
		if (ga->handler == 1)
			continue; /* SIG_IGN */
		if (ga->handler == 0) {
			/* default: ignore (CHLD, URG, WINCH), continue or stop do not end a wait */
			if (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT || sig == SIGSTOP ||
			    sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
				continue;
			return 1;
		}
		if (ga->flags & SA_RESTART)
			continue;
		return 1;
	}
	return 0;
}

static int never_over(struct thread *t)
{
	(void)t;
	return 0;
}

/* One answer from the server. over: whether the wait must not begin (a
 * disruptive signal, while the request may still be interrupted); any
 * guest signal that comes while it blocks gives -EINTR. */
static ssize_t recv_one(int fd, struct fz_msg *res, void *out, size_t cap, int *trunc, int (*over)(struct thread *))
{
	struct iovec iov[2] = {{res, sizeof *res}, {out, cap}};
	struct msghdr mh = {.msg_iov = iov, .msg_iovlen = cap ? 2 : 1};
	ssize_t n = host_wait_until(over, SYS_recvmsg, fd, &mh, 0);
	*trunc = n >= 0 && (mh.msg_flags & MSG_TRUNC);
	return n;
}

static long wait_result(struct thread *t, int fd, const struct fz_msg *m, struct fz_msg *res, void *out, size_t cap,
			size_t *outlen, int intr);

long fz_call(struct thread *t, struct fz_msg *m, const struct iovec *in, int nin, struct fz_msg *res, void *out,
	     size_t cap, size_t *outlen, int intr)
{
	int fd = ctl();
	if (fd < 0)
		return fd == -ECONNREFUSED ? -ENOTCONN : fd;
	m->seq = ++ctl_seq;
	struct iovec iov[8];
	iov[0].iov_base = m;
	iov[0].iov_len = sizeof *m;
	int n = 1;
	for (int i = 0; i < nin && n < 8; i++)
		iov[n++] = in[i];
	struct msghdr mh = {.msg_iov = iov, .msg_iovlen = (size_t)n};
	ssize_t s;
	do
		s = sendmsg(fd, &mh, MSG_NOSIGNAL);
	while (s < 0 && errno == EINTR);
	if (s < 0)
		return errno == EMSGSIZE ? -EINVAL : -ENOTCONN;
	uint64_t t0 = run_stats_on ? run_stats_now() : 0;
	long r = wait_result(t, fd, m, res, out, cap, outlen, intr);
	run_stats_fuse(FSTAT_CALL, t0);
	return r;
}

/* fz_call's wait for the answer to m. */
static long wait_result(struct thread *t, int fd, const struct fz_msg *m, struct fz_msg *res, void *out, size_t cap,
			size_t *outlen, int intr)
{
	int abandoned = 0;
	for (;;) {
		int trunc;
		ssize_t r =
		    recv_one(fd, res, out, cap, &trunc, intr && t && !abandoned ? disruptive_pending : never_over);
		if (r == 0)
			return -ENOTCONN; /* the server is gone */
		if (r < 0) {
			if (r != -EINTR && r != -EAGAIN)
				return -ENOTCONN;
			if (intr && t && !abandoned && disruptive_pending(t)) {
				/* Detach the request: the server queues one FUSE_INTERRUPT. */
				struct fz_msg im = {.type = FZ_INTR, .seq = m->seq};
				while (send(fd, &im, sizeof im, MSG_NOSIGNAL) < 0 && errno == EINTR) {
				}
				abandoned = 1;
			}
			continue;
		}
		if ((size_t)r < sizeof *res || res->seq != m->seq)
			continue; /* a stale answer to a call abandoned earlier */
		if (res->type == FZ_INTRACK) {
			interrupted = 1;
			return -EINTR;
		}
		if (res->type != FZ_RESULT)
			continue;
		if (abandoned) {
			/* The answer beat the interrupt: it stands; swallow the ack. */
			struct fz_msg ack;
			int tr;
			for (;;) {
				ssize_t k = recv_one(fd, &ack, NULL, 0, &tr, never_over);
				if (k == 0 || (k < 0 && k != -EINTR && k != -EAGAIN))
					break;
				if (k > 0 && ack.type == FZ_INTRACK && ack.seq == m->seq)
					break;
			}
		}
		size_t got = (size_t)r - sizeof *res;
		if (trunc)
			return -EIO;
		if (outlen)
			*outlen = got;
		return res->arg[0];
	}
}

/* ---- the mount page ---- */

static int mount_find(int (*match)(const struct fz_ment *, const void *), const void *key, struct fz_ment *out)
{
	if (!fz_sh)
		return 0;
	for (;;) {
		uint32_t s1 = __atomic_load_n(&fz_sh->seq, __ATOMIC_ACQUIRE);
		if (s1 & 1) {
			sched_yield();
			continue;
		}
		int found = 0;
		uint64_t best = 0;
		for (int i = 0; i < FZ_MAX_MOUNTS; i++) {
			const struct fz_ment *e = &fz_sh->m[i];
			uint64_t id = __atomic_load_n(&e->id, __ATOMIC_RELAXED);
			if (!id || id < best || !match(e, key))
				continue;
			memcpy(out, e, sizeof *out);
			out->path[sizeof out->path - 1] = 0;
			out->fstype[sizeof out->fstype - 1] = 0;
			out->source[sizeof out->source - 1] = 0;
			best = id;
			found = 1;
		}
		/* Seqlock reader: x86 keeps loads in order; the compiler must not move them. */
		__asm__ volatile("" ::: "memory");
		if (__atomic_load_n(&fz_sh->seq, __ATOMIC_RELAXED) == s1)
			return found && out->id == best;
	}
}

static int m_path(const struct fz_ment *e, const void *k)
{
	return !(e->mflags & FZM_DETACHED) && strncmp(e->path, k, sizeof e->path) == 0;
}
static int m_id(const struct fz_ment *e, const void *k) { return e->id == *(const uint64_t *)k; }
static int m_sess(const struct fz_ment *e, const void *k) { return e->sess == *(const uint64_t *)k; }

/* A live mount at path or at one of its ancestors. */
static int m_prefix(const struct fz_ment *e, const void *k)
{
	const char *p = k;
	size_t l = strnlen(e->path, sizeof e->path);
	if (e->mflags & FZM_DETACHED)
		return 0;
	if (l == 1 && e->path[0] == '/')
		return 1;
	return strncmp(p, e->path, l) == 0 && (p[l] == 0 || p[l] == '/');
}

int fuse_plain_name(int dirfd, const char *name)
{
	if (!fz_nmounts())
		return 1;
	char link[64], path[PATH_MAX + NAME_MAX + 2];
	snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
	ssize_t n = readlink(link, path, PATH_MAX);
	if (n <= 0 || path[0] != '/')
		return 0;
	path[n] = 0;
	size_t nl = strlen(name);
	if (nl > NAME_MAX)
		return 0;
	if (n > 1)
		path[n++] = '/';
	memcpy(path + n, name, nl + 1);
	struct fz_ment m;
	return !mount_find(m_prefix, path, &m);
}

int fz_mount_at(const char *path, struct fz_ment *out) { return mount_find(m_path, path, out); }
int fz_mount_by_id(uint64_t id, struct fz_ment *out) { return mount_find(m_id, &id, out); }
int fz_mount_by_sess(uint64_t sess, struct fz_ment *out) { return mount_find(m_sess, &sess, out); }
