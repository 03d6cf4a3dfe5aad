// fc: guest-side client for the FUSE scenarios. One static binary, many
// subcommands; every result is printed deterministically (errno names, no
// inode numbers, no times unless asked).
//
//   fc wait FILE [MS [FAIL...]]    wait until FILE exists (default 10 s); exit 1 on
//                                  timeout or as soon as FILE.failed or a FAIL file exists
//   fc stat PATH...                stat each PATH: type/mode/size/nlink or errno name
//   fc lstat PATH...               same with lstat
//   fc cat PATH                    print contents or errno name
//   fc waitcat MARKER PATH         (forked before the mount) wait for MARKER, then read PATH
//   fc err OP ARGS...              one call, print "OP: ok|ERRNO" (ops: see do_err)
//   fc sig MODE PATH MARKER        signal-during-a-stalled-request scenario (see do_sig)
//   fc smallread PATH              5-byte read into a canary-guarded buffer
//   fc refs PATH                   stat/ENOENT walks/open/close/O_PATH on PATH (a dir in the mount)
//   fc mounterr DIR                mount(2) argument and /dev/fuse device errors
//   fc gen FILE MB                 write MB MiB of a fixed pseudo-random pattern
//   fc mkfiles DIR N               create DIR/file00000..N-1 (empty)
//   fc readers FILE REF N          N forked processes read FILE whole, compare with REF
//   fc preads FILE REF T ITERS     T threads do ITERS random preads each, compare with REF
//   fc busy MNT                    umount2 busy / lazy semantics with an open file and cwd
//   fc force MNT                   umount2(MNT_FORCE) with an open file
//   fc openexec PATH PROG...       open PATH twice (O_CLOEXEC, and not), then exec PROG
//   fc opendie PATH                open PATH, then die of SIGSEGV (a fault, default action)
//   fc openwait PATH MARKER        open PATH, create MARKER, then sleep (to be killed)
//   fc as UID GID OP ARGS...       `fc err OP ARGS` as UID/GID (more ops: rename, symlink,
//                                  chmod (0600), chmod2/lchmod2 (fchmodat2 0640, the latter with
//                                  AT_SYMLINK_NOFOLLOW), chown/chgrp (to us), truncate (to 1), touch, utime)
//   fc access UID GID PATH...      as UID/GID (real and effective ids; -1 keeps ours), print
//                                  access(R_OK, W_OK, X_OK) of each PATH and whether it
//                                  opens O_RDONLY, O_WRONLY, O_RDWR (shown as r, w, x)
//   fc mmapsh DIR                  MAP_SHARED of a file DIR/m: writes through the mapping seen by
//                                  read(2), other processes and the file; write(2) seen in the
//                                  mapping; fork sharing; SIGBUS past EOF; EACCES; msync errors
//   fc usock DIR                   AF_UNIX sockets bound in DIR (a FUSE directory): the socket
//                                  node, names, connect/sendto, errors, a renamed directory
//   fc mmapkinds FILE              mmap FILE (created, 4 KiB) shared rw, shared ro, private: ok or errno
//   fc mmapipc DIR                 two unrelated processes (fork+exec) map DIR/ipc shared and
//                                  see each other's stores at once, as through one page cache
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <stddef.h>
#include <setjmp.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *en(int e)
{
	static char b[32];
	switch (e) {
#define E(x) case x: return #x;
	E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG) E(ENOEXEC) E(EBADF)
	E(ECHILD) E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT) E(EBUSY) E(EEXIST) E(EXDEV)
	E(ENODEV) E(ENOTDIR) E(EISDIR) E(EINVAL) E(ENFILE) E(EMFILE) E(ENOTTY) E(ETXTBSY)
	E(EFBIG) E(ENOSPC) E(ESPIPE) E(EROFS) E(EMLINK) E(EPIPE) E(ERANGE) E(ENAMETOOLONG)
	E(ENOSYS) E(ENOTEMPTY) E(ELOOP) E(ENODATA) E(EPROTO) E(EOVERFLOW) E(ENOTSUP)
	E(ECONNABORTED) E(ECONNREFUSED) E(ENOTCONN) E(ETIMEDOUT) E(ESTALE) E(ENOTBLK) E(EADDRINUSE)
#undef E
	case 0: return "ok";
	}
	snprintf(b, sizeof b, "errno%d", e);
	return b;
}

static void pr(const char *what, long r)
{
	if (r < 0)
		printf("%s: %s\n", what, en(errno));
	else
		printf("%s: ok\n", what);
	fflush(stdout);
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void msleep(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000};
	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

// Wait until f exists; give up after ms, or at once when FILE.failed or one
// of the nfail files fail[] exists (the daemon could not mount).
static int wait_file2(const char *f, long ms, char **fail, int nfail)
{
	long end = now_ms() + ms;
	struct stat s;
	char ff[4096];
	snprintf(ff, sizeof ff, "%s.failed", f);
	while (stat(f, &s) < 0) {
		if (now_ms() > end || stat(ff, &s) == 0)
			return -1;
		for (int i = 0; i < nfail; i++)
			if (stat(fail[i], &s) == 0)
				return -1;
		msleep(5);
	}
	return 0;
}

static int wait_file(const char *f, long ms)
{
	return wait_file2(f, ms, NULL, 0);
}

static const char *ftype(mode_t m)
{
	if (S_ISREG(m)) return "file";
	if (S_ISDIR(m)) return "dir";
	if (S_ISLNK(m)) return "symlink";
	if (S_ISCHR(m)) return "chr";
	if (S_ISFIFO(m)) return "fifo";
	return "other";
}

static void print_stat(const char *p, int l)
{
	struct stat s;
	int r = l ? lstat(p, &s) : stat(p, &s);
	if (r < 0) {
		printf("%s %s: %s\n", l ? "lstat" : "stat", p, en(errno));
	} else {
		printf("%s %s: %s %04o size %lld nlink %lu\n", l ? "lstat" : "stat", p,
		       ftype(s.st_mode), s.st_mode & 07777, (long long)s.st_size,
		       (unsigned long)s.st_nlink);
	}
	fflush(stdout);
}

static int do_cat(const char *p)
{
	int fd = open(p, O_RDONLY);
	if (fd < 0) {
		printf("open %s: %s\n", p, en(errno));
		return 1;
	}
	char buf[4096];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		fwrite(buf, 1, n, stdout);
	if (n < 0)
		printf("read %s: %s\n", p, en(errno));
	close(fd);
	fflush(stdout);
	return n < 0;
}

// ------------------------------------------------------------ fc err
static int do_err(int argc, char **argv)
{
	const char *op = argv[0];
	char what[512];
	snprintf(what, sizeof what, "%s %s", op, argc > 1 ? argv[1] : "");
	long r = -1;
	errno = 0;
	if (!strcmp(op, "open")) {
		r = open(argv[1], O_RDONLY);
		if (r >= 0) close(r);
	} else if (!strcmp(op, "opendir")) {
		DIR *d = opendir(argv[1]);
		r = d ? 0 : -1;
		if (d) closedir(d);
	} else if (!strcmp(op, "mkdir")) r = mkdir(argv[1], 0755);
	else if (!strcmp(op, "rmdir")) r = rmdir(argv[1]);
	else if (!strcmp(op, "unlink")) r = unlink(argv[1]);
	else if (!strcmp(op, "chdir")) r = chdir(argv[1]);
	else if (!strcmp(op, "readlink")) {
		char b[256];
		r = readlink(argv[1], b, sizeof b);
		if (r >= 0) {
			printf("%s: ok -> %.*s\n", what, (int)r, b);
			return 0;
		}
	} else if (!strcmp(op, "umount")) r = umount2(argv[1], 0);
	else if (!strcmp(op, "umount-lazy")) r = umount2(argv[1], MNT_DETACH);
	else if (!strcmp(op, "umount-force")) r = umount2(argv[1], MNT_FORCE);
	else if (!strcmp(op, "statfs")) {
		struct stat s;
		r = stat(argv[1], &s);
	} else if (!strcmp(op, "creat")) {
		r = open(argv[1], O_WRONLY | O_CREAT, 0644);
		if (r >= 0) close(r);
	} else if (!strcmp(op, "rename") && argc > 2) {
		r = rename(argv[1], argv[2]);
	} else if (!strcmp(op, "symlink") && argc > 2) {
		r = symlink(argv[1], argv[2]);
	} else if (!strcmp(op, "chmod")) {
		r = chmod(argv[1], 0600);
	} else if (!strcmp(op, "chmod2")) {
		r = syscall(452, AT_FDCWD, argv[1], 0640, 0); /* fchmodat2 */
	} else if (!strcmp(op, "lchmod2")) {
		r = syscall(452, AT_FDCWD, argv[1], 0640, AT_SYMLINK_NOFOLLOW);
	} else if (!strcmp(op, "chown")) {
		r = chown(argv[1], getuid(), (gid_t)-1);
	} else if (!strcmp(op, "chgrp")) {
		r = chown(argv[1], (uid_t)-1, getgid());
	} else if (!strcmp(op, "truncate")) {
		r = truncate(argv[1], 1);
	} else if (!strcmp(op, "touch")) {
		r = utimensat(AT_FDCWD, argv[1], NULL, 0);
	} else if (!strcmp(op, "utime")) {
		struct timespec ts[2] = {{1000000000, 0}, {1000000000, 0}};
		r = utimensat(AT_FDCWD, argv[1], ts, 0);
	} else if (!strcmp(op, "stat")) {
		struct stat st;
		r = stat(argv[1], &st);
	} else if (!strcmp(op, "utimes_badusec")) {
		// Microseconds out of range (and huge enough to overflow when
		// scaled to nanoseconds): EINVAL before the path is looked at.
		// The raw syscall: glibc's utimes converts through utimensat.
		struct timeval tv[2] = {{1, 0x7fffffffffffffffL}, {1, 0}};
		r = syscall(SYS_utimes, argv[1], tv);
	} else if (!strcmp(op, "utimes")) {
		struct timeval tv[2] = {{1000000000, 999999}, {1000000000, 0}};
		r = syscall(SYS_utimes, argv[1], tv);
	} else {
		fprintf(stderr, "fc err: unknown op %s\n", op);
		return 2;
	}
	pr(what, r);
	return 0;
}

// ------------------------------------------------------------ fc sig
// A worker child sets up signal dispositions for MODE and stats PATH (a
// request the daemon stalls); the parent waits for MARKER (the daemon
// created it when it stalled the request), sends the signal(s) and reports
// how the worker's call ended and how long after the signal.
static volatile sig_atomic_t got_sig;
static void on_sig(int s) { got_sig = s; }

static int do_sig(const char *mode, const char *path, const char *marker)
{
	int pfd[2];
	if (pipe(pfd) < 0)
		return 2;
	pid_t w = fork();
	if (w == 0) {
		close(pfd[0]);
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_sig;
		if (!strcmp(mode, "usr1")) {
			sigaction(SIGUSR1, &sa, NULL);
		} else if (!strcmp(mode, "usr1-restart")) {
			sa.sa_flags = SA_RESTART;
			sigaction(SIGUSR1, &sa, NULL);
		} else if (!strcmp(mode, "chld-ign")) {
			signal(SIGCHLD, SIG_IGN);
		} else if (!strcmp(mode, "chld-dfl")) {
			signal(SIGCHLD, SIG_DFL);
		} else if (!strcmp(mode, "winch")) {
			signal(SIGWINCH, SIG_DFL);
		} else if (!strcmp(mode, "term-behind-chld")) {
			signal(SIGCHLD, SIG_IGN);
			signal(SIGTERM, SIG_DFL);
		} else if (!strcmp(mode, "kill") || !strcmp(mode, "daemon-kill")) {
		} else {
			_exit(3);
		}
		struct stat s;
		int r = stat(path, &s);
		int e = errno;
		char msg[128];
		int n = snprintf(msg, sizeof msg, "worker: stat %s%s, handler %s\n",
				 r < 0 ? "" : "ok", r < 0 ? en(e) : "",
				 got_sig ? "ran" : "did not run");
		if (write(pfd[1], msg, n) < 0)
			_exit(4);
		_exit(0);
	}
	close(pfd[1]);
	// Wait for the stall; give up when the worker is already done.
	long end = now_ms() + 10000;
	struct stat ms_;
	int status, reaped = 0;
	while (stat(marker, &ms_) < 0) {
		if (now_ms() > end || waitpid(w, &status, WNOHANG) == w) {
			reaped = now_ms() <= end;
			printf("no stall marker\n");
			break;
		}
		msleep(5);
	}
	msleep(100);
	long t0 = now_ms();
	if (reaped)
		;
	else if (!strcmp(mode, "usr1") || !strcmp(mode, "usr1-restart"))
		kill(w, SIGUSR1);
	else if (!strcmp(mode, "chld-ign") || !strcmp(mode, "chld-dfl"))
		kill(w, SIGCHLD);
	else if (!strcmp(mode, "winch"))
		kill(w, SIGWINCH);
	else if (!strcmp(mode, "term-behind-chld")) {
		kill(w, SIGCHLD);
		kill(w, SIGTERM);
	} else if (!strcmp(mode, "kill"))
		kill(w, SIGKILL);
	// daemon-kill: the script kills the daemon; we just wait.
	char buf[256];
	ssize_t n;
	size_t used = 0;
	while ((n = read(pfd[0], buf + used, sizeof buf - 1 - used)) > 0)
		used += n;
	buf[used] = 0;
	if (!reaped)
		waitpid(w, &status, 0);
	long dt = now_ms() - t0;
	fputs(used ? buf : "worker: no report\n", stdout);
	if (WIFSIGNALED(status))
		printf("worker killed by signal %d (%s)\n", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		printf("worker exit %d\n", WEXITSTATUS(status));
	// The daemon stalls for 2 s by default: an interrupted wait ends long
	// before; a wait that continues until the reply takes about that long.
	printf("worker ended %s\n", dt < 1000 ? "promptly (< 1 s)" : "after the stall (>= 1 s)");
	return 0;
}

// ------------------------------------------------------------ fc smallread
static int do_smallread(const char *p)
{
	unsigned char area[64 + 5 + 64];
	memset(area, 0xa5, sizeof area);
	int fd = open(p, O_RDONLY);
	if (fd < 0) {
		printf("open: %s\n", en(errno));
		return 0;
	}
	ssize_t n = read(fd, area + 64, 5);
	if (n < 0)
		printf("read 5: %s\n", en(errno));
	else
		printf("read 5: %zd bytes\n", n);
	int ok = 1;
	for (int i = 0; i < 64; i++)
		if (area[i] != 0xa5 || area[64 + 5 + i] != 0xa5)
			ok = 0;
	printf("canaries around the buffer: %s\n", ok ? "intact" : "CLOBBERED");
	close(fd);
	// The file is still readable afterwards (one misbehaving reply only).
	fd = open(p, O_RDONLY);
	char b[64] = {0};
	n = fd < 0 ? -1 : read(fd, b, sizeof b - 1);
	if (n < 0)
		printf("second read: %s\n", en(errno));
	else
		printf("second read: %zd bytes: %s", n, b);
	if (fd >= 0)
		close(fd);
	return 0;
}

// ------------------------------------------------------------ fc refs
static int do_refs(const char *m)
{
	char p[4096];
	struct stat s;
	// ENOENT walks: missing names, deep, through a file and a dir.
	const char *miss[] = {"nope", "d/nope", "d/nope/deeper", "f/x", "d/../nope", "l/x", "d/../d/../f/zz"};
	for (size_t i = 0; i < sizeof miss / sizeof miss[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", m, miss[i]);
		int r = stat(p, &s);
		printf("stat %s: %s\n", miss[i], r < 0 ? en(errno) : "ok");
	}
	const char *hit[] = {"f", "d", "l", "d/../f", "big"};
	for (size_t i = 0; i < sizeof hit / sizeof hit[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", m, hit[i]);
		int r = stat(p, &s);
		printf("stat %s: %s\n", hit[i], r < 0 ? en(errno) : "ok");
		r = lstat(p, &s);
		printf("lstat %s: %s\n", hit[i], r < 0 ? en(errno) : "ok");
	}
	snprintf(p, sizeof p, "%s/f", m);
	for (int i = 0; i < 3; i++) {
		int fd = open(p, O_RDONLY);
		pr("open f", fd);
		if (fd >= 0) {
			struct stat fs;
			pr("fstat f", fstat(fd, &fs));
			close(fd);
		}
	}
	int fd = open(p, O_PATH);
	pr("open f O_PATH", fd);
	if (fd >= 0)
		close(fd);
	snprintf(p, sizeof p, "%s/d", m);
	fd = open(p, O_PATH | O_DIRECTORY);
	pr("open d O_PATH", fd);
	if (fd >= 0) {
		pr("fstatat d/..", fstatat(fd, "..", &s, 0));
		pr("fstatat d/nope", fstatat(fd, "nope", &s, 0));
		close(fd);
	}
	fd = open(p, O_RDONLY | O_DIRECTORY);
	pr("open d", fd);
	if (fd >= 0)
		close(fd);
	snprintf(p, sizeof p, "%s/l", m);
	char b[16];
	long r = readlink(p, b, sizeof b);
	pr("readlink l", r);
	return 0;
}

// ------------------------------------------------------------ fc mounterr
static void try_mount_src(const char *label, const char *src, const char *target, const char *type, const char *opts)
{
	int r = mount(src, target, type, 0, opts);
	printf("mount %s: %s\n", label, r < 0 ? en(errno) : "ok");
	if (r == 0)
		umount2(target, MNT_DETACH);
	fflush(stdout);
}

static void try_mount(const char *label, const char *target, const char *type, const char *opts)
{
	try_mount_src(label, "x", target, type, opts);
}

/* A mount with options fmt (its %d: *fd), then a fresh /dev/fuse fd in *fd. */
static void try_fresh(const char *label, int *fd, const char *src, const char *target, const char *type, const char *fmt)
{
	char o[256];
	snprintf(o, sizeof o, fmt, *fd);
	try_mount_src(label, src, target, type, o);
	close(*fd);
	*fd = open("/dev/fuse", O_RDWR);
}

static const char *pollbits(short r)
{
	static char b[64];
	b[0] = 0;
	if (r & POLLIN) strcat(b, "IN ");
	if (r & POLLOUT) strcat(b, "OUT ");
	if (r & POLLERR) strcat(b, "ERR ");
	if (r & POLLHUP) strcat(b, "HUP ");
	if (r & POLLNVAL) strcat(b, "NVAL ");
	if (!b[0]) strcpy(b, "none");
	return b;
}

static void epoll_report(const char *what, int ep)
{
	struct epoll_event got[4];
	memset(got, 0, sizeof got);
	int n = epoll_wait(ep, got, 4, 0);
	printf("%s: %d", what, n);
	for (int i = 0; i < n; i++)
		printf(" [%s%s%sdata %s]", pollbits((short)got[i].events), got[i].events & EPOLLRDHUP ? "RDHUP " : "",
		       "", got[i].data.u64 == 0x1234567890abcdefULL ? "kept" : "CHANGED");
	printf("\n");
	fflush(stdout);
}

static int do_mounterr(const char *dir)
{
	char m[4096], f[4096], o[256];
	snprintf(m, sizeof m, "%s/m", dir);
	snprintf(f, sizeof f, "%s/file", dir);
	mkdir(m, 0755);
	close(open(f, O_WRONLY | O_CREAT, 0644));
	struct stat s;
	if (stat("/dev/fuse", &s) < 0)
		printf("stat /dev/fuse: %s\n", en(errno));
	else
		printf("stat /dev/fuse: %s %u:%u\n", ftype(s.st_mode), major(s.st_rdev), minor(s.st_rdev));
	static char buf[1 << 18];
	int fd = open("/dev/fuse", O_RDWR);
	pr("open /dev/fuse", fd);
	pr("read before mount", read(fd, buf, sizeof buf));
	// Argument errors: a fresh /dev/fuse fd for every attempt.
#define FRESH() do { close(fd); fd = open("/dev/fuse", O_RDWR); } while (0)
	try_mount("missing fd", m, "fuse", "rootmode=40000,user_id=0,group_id=0");
	FRESH();
	try_mount("fd=abc", m, "fuse", "fd=abc,rootmode=40000,user_id=0,group_id=0");
	try_mount("fd=999 (not open)", m, "fuse", "fd=999,rootmode=40000,user_id=0,group_id=0");
	snprintf(o, sizeof o, "fd=%d,user_id=0,group_id=0", fd);
	try_mount("missing rootmode", m, "fuse", o);
	FRESH();
	snprintf(o, sizeof o, "fd=%d,rootmode=4z,user_id=0,group_id=0", fd);
	try_mount("rootmode=4z", m, "fuse", o);
	FRESH();
	int reg = open(f, O_RDONLY);
	snprintf(o, sizeof o, "fd=%d,rootmode=40000,user_id=0,group_id=0", reg);
	try_mount("fd of a regular file", m, "fuse", o);
	close(reg);
	snprintf(o, sizeof o, "fd=%d,rootmode=40000,user_id=0,group_id=0,bogus=1", fd);
	try_mount("unknown option", m, "fuse", o);
	FRESH();
	snprintf(o, sizeof o, "fd=%d,rootmode=40000,user_id=0,group_id=0", fd);
	try_mount("fstype fusex", m, "fusex", o);
	try_mount("fstype nosuchfs", m, "nosuchfs", o);
	char missing[4096];
	snprintf(missing, sizeof missing, "%s/missing", dir);
	try_mount("missing target", missing, "fuse", o);
	FRESH();
	snprintf(o, sizeof o, "fd=%d,rootmode=40000,user_id=0,group_id=0", fd);
	try_mount("target is a file", f, "fuse.rawd", o);
	FRESH();
	try_fresh("missing user_id", &fd, "x", m, "fuse", "fd=%d,rootmode=40000,group_id=0");
	try_fresh("missing group_id", &fd, "x", m, "fuse", "fd=%d,rootmode=40000,user_id=0");
	// fuseblk: the source must be a block device, looked up first.
	const char *all = "fd=%d,rootmode=40000,user_id=0,group_id=0";
	try_fresh("fuseblk on a regular file", &fd, f, m, "fuseblk", all);
	try_fresh("fuseblk on a missing source", &fd, missing, m, "fuseblk.rawd", all);
	try_fresh("fuseblk without a source", &fd, NULL, m, "fuseblk", all);
	try_fresh("fuseblk on a missing source, no rootmode", &fd, missing, m, "fuseblk", "fd=%d,user_id=0,group_id=0");
	try_fresh("fuseblk on /dev/null", &fd, "/dev/null", m, "fuseblk", all);
	// A good mount, then the device rules.
	snprintf(o, sizeof o, "fd=%d,rootmode=40000,user_id=0,group_id=0", fd);
	int r = mount("x", m, "fuse", 0, o);
	pr("mount good", r);
	if (r < 0)
		return 1;
	pr("read with 4096-byte buffer", read(fd, buf, 4096));
	pr("read with 8191-byte buffer", read(fd, buf, 8191));
	ssize_t n = read(fd, buf, sizeof buf);
	if (n < 0)
		printf("read INIT: %s\n", en(errno));
	else {
		uint32_t *h = (uint32_t *)buf;
		printf("read INIT: opcode %u (26 = INIT), len matches %s\n", h[1],
		       (size_t)n == h[0] ? "yes" : "no");
		// Answer INIT so that the connection is up.
		struct {
			uint32_t len;
			int32_t error;
			uint64_t unique;
			uint32_t major, minor, max_readahead, flags;
			uint16_t max_background, congestion_threshold;
			uint32_t max_write, time_gran;
			uint16_t max_pages, map_alignment;
			uint32_t flags2, unused[7];
		} io;
		memset(&io, 0, sizeof io);
		io.len = sizeof io;
		io.unique = *(uint64_t *)(buf + 8);
		io.major = 7;
		io.minor = 31;
		io.max_write = 65536;
		io.max_background = 4;
		pr("write INIT reply", write(fd, &io, sizeof io));
	}
	struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
	int pr_ = poll(&p, 1, 0);
	printf("poll while mounted, idle: %d %s\n", pr_, pollbits(p.revents));
	int ep = epoll_create1(0);
	struct epoll_event ee = {.events = EPOLLIN | EPOLLOUT, .data.u64 = 0x1234567890abcdefULL};
	pr("epoll_ctl ADD /dev/fuse", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ee));
	epoll_report("epoll while mounted, idle", ep);
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	pr("O_NONBLOCK read, nothing queued", read(fd, buf, sizeof buf));
	fcntl(fd, F_SETFL, fl);
	int clone = open("/dev/fuse", O_RDWR);
	uint32_t src = fd;
	pr("FUSE_DEV_IOC_CLONE", ioctl(clone, _IOR(229, 0, uint32_t), &src));
	pr("umount", umount2(m, 0));
	pr("read after unmount", read(fd, buf, sizeof buf));
	pr("read on the clone after unmount", read(clone, buf, sizeof buf));
	p.revents = 0;
	pr_ = poll(&p, 1, 0);
	printf("poll after unmount: %d %s\n", pr_, pollbits(p.revents));
	epoll_report("epoll after unmount", ep);
	ee.events = EPOLLIN;
	pr("epoll_ctl MOD /dev/fuse", epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ee));
	epoll_report("epoll after unmount, IN only", ep);
	close(ep);
	struct {
		uint32_t len;
		int32_t error;
		uint64_t unique;
	} oh = {16, 0, 2};
	pr("write after unmount", write(fd, &oh, sizeof oh));
	close(clone);
	close(fd);
	return 0;
}

// ------------------------------------------------------------ data helpers
static uint32_t lcg(uint32_t *x)
{
	*x = *x * 1103515245u + 12345u;
	return *x >> 8;
}

static int do_gen(const char *f, int mb)
{
	int fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		printf("gen %s: %s\n", f, en(errno));
		return 1;
	}
	static uint32_t buf[1 << 18];
	uint32_t x = 12345;
	for (int i = 0; i < mb; i++) {
		for (size_t j = 0; j < sizeof buf / 4; j++)
			buf[j] = lcg(&x);
		if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) {
			printf("gen write: %s\n", en(errno));
			return 1;
		}
	}
	close(fd);
	return 0;
}

static int do_mkfiles(const char *d, int n)
{
	char p[4096];
	for (int i = 0; i < n; i++) {
		snprintf(p, sizeof p, "%s/file%05d", d, i);
		int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0) {
			printf("create %s: %s\n", p, en(errno));
			return 1;
		}
		close(fd);
	}
	return 0;
}

static char *slurp(const char *f, size_t *len)
{
	int fd = open(f, O_RDONLY);
	if (fd < 0)
		return NULL;
	struct stat s;
	fstat(fd, &s);
	char *b = malloc(s.st_size + 1);
	size_t used = 0;
	ssize_t n;
	while ((n = read(fd, b + used, s.st_size - used)) > 0)
		used += n;
	close(fd);
	*len = used;
	return b;
}

static int do_readers(const char *f, const char *ref, int n)
{
	size_t rl;
	char *r = slurp(ref, &rl);
	if (!r) {
		printf("ref: %s\n", en(errno));
		return 1;
	}
	for (int i = 0; i < n; i++) {
		if (fork() == 0) {
			int fd = open(f, O_RDONLY);
			if (fd < 0)
				_exit(10);
			size_t off = 0, bs = 4096 * (1 + i);
			char *b = malloc(bs);
			for (;;) {
				ssize_t k = read(fd, b, bs);
				if (k < 0)
					_exit(11);
				if (k == 0)
					break;
				if (off + k > rl || memcmp(b, r + off, k))
					_exit(12);
				off += k;
			}
			_exit(off == rl ? 0 : 13);
		}
	}
	int bad = 0;
	for (int i = 0; i < n; i++) {
		int st;
		wait(&st);
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			bad++;
			fprintf(stderr, "reader status %#x\n", st);
		}
	}
	printf("%d readers, %d mismatches or errors\n", n, bad);
	return 0;
}

static const char *pr_file;
static char *pr_ref;
static size_t pr_len;
static int pr_iters;
static int pr_bad;
static pthread_mutex_t pr_mu = PTHREAD_MUTEX_INITIALIZER;

static void *pread_thread(void *arg)
{
	uint32_t x = (uint32_t)(uintptr_t)arg * 7919u + 1;
	int fd = open(pr_file, O_RDONLY);
	int bad = fd < 0;
	char buf[65536];
	for (int i = 0; i < pr_iters && fd >= 0; i++) {
		size_t off = lcg(&x) % pr_len;
		size_t len = 1 + lcg(&x) % sizeof buf;
		ssize_t k = pread(fd, buf, len, off);
		size_t want = off + len > pr_len ? pr_len - off : len;
		if (k != (ssize_t)want || memcmp(buf, pr_ref + off, want))
			bad++;
	}
	if (fd >= 0)
		close(fd);
	pthread_mutex_lock(&pr_mu);
	pr_bad += bad;
	pthread_mutex_unlock(&pr_mu);
	return NULL;
}

static int do_preads(const char *f, const char *ref, int t, int iters)
{
	pr_file = f;
	pr_ref = slurp(ref, &pr_len);
	pr_iters = iters;
	if (!pr_ref || !pr_len) {
		printf("ref: %s\n", en(errno));
		return 1;
	}
	pthread_t th[64];
	for (int i = 0; i < t; i++)
		pthread_create(&th[i], NULL, pread_thread, (void *)(uintptr_t)i);
	for (int i = 0; i < t; i++)
		pthread_join(th[i], NULL);
	printf("%d threads x %d preads, %d mismatches or errors\n", t, iters, pr_bad);
	return 0;
}

// ------------------------------------------------------------ umount semantics
static int do_busy(const char *mnt)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/f", mnt);
	int fd = open(p, O_RDONLY);
	pr("open f", fd);
	pr("umount2 0 with an open file", umount2(mnt, 0));
	close(fd);
	pid_t c = fork();
	if (c == 0) {
		if (chdir(mnt) < 0)
			_exit(1);
		pause();
		_exit(0);
	}
	msleep(300);
	pr("umount2 0 with a cwd inside (other process)", umount2(mnt, 0));
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	fd = open(p, O_RDONLY);
	pr("open f again", fd);
	pr("umount2 MNT_DETACH with an open file", umount2(mnt, MNT_DETACH));
	char b[64] = {0};
	ssize_t n = read(fd, b, sizeof b - 1);
	if (n < 0)
		printf("read through the detached file: %s\n", en(errno));
	else
		printf("read through the detached file: %s", b);
	struct stat s;
	pr("stat f after detach (host dir underneath)", stat(p, &s));
	close(fd);
	return 0;
}

static int do_force(const char *mnt)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/f", mnt);
	int fd = open(p, O_RDONLY);
	pr("open f", fd);
	pr("umount2 MNT_FORCE with an open file", umount2(mnt, MNT_FORCE));
	char b[64];
	pr("read through the open file after force", read(fd, b, sizeof b));
	struct stat s;
	pr("stat f after force", stat(p, &s));
	close(fd);
	pr("umount2 0 after close", umount2(mnt, 0));
	return 0;
}

static int do_openexec(const char *path, char **prog)
{
	int a = open(path, O_RDONLY | O_CLOEXEC), b = open(path, O_RDONLY);
	printf("openexec: %s %s\n", a >= 0 ? "ok" : en(errno), b >= 0 ? "ok" : en(errno));
	fflush(stdout);
	execv(prog[0], prog);
	printf("openexec: exec %s\n", en(errno));
	return 1;
}

static int do_opendie(const char *path)
{
	int a = open(path, O_RDONLY);
	printf("opendie: %s\n", a >= 0 ? "ok" : en(errno));
	fflush(stdout);
	signal(SIGSEGV, SIG_DFL);
	*(volatile int *)(uintptr_t)8 = 1;
	return 1;
}

static int do_openwait(const char *path, const char *marker)
{
	int a = open(path, O_RDONLY);
	printf("openwait: %s\n", a >= 0 ? "ok" : en(errno));
	fflush(stdout);
	close(open(marker, O_WRONLY | O_CREAT, 0644));
	for (;;)
		pause();
}

static void drop_ids(int uid, int gid)
{
	if (gid >= 0 && (setgroups(0, NULL) < 0 || setresgid((gid_t)gid, (gid_t)gid, (gid_t)gid) < 0))
		printf("setgid: %s\n", en(errno));
	if (uid >= 0 && setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) < 0)
		printf("setuid: %s\n", en(errno));
}

static int do_access(int uid, int gid, int n, char **paths)
{
	drop_ids(uid, gid);
	static const struct {
		int mode;
		const char *name;
	} m[] = {{R_OK, "r"}, {W_OK, "w"}, {X_OK, "x"}};
	for (int i = 0; i < n; i++) {
		printf("%s:", strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i]);
		for (int k = 0; k < 3; k++)
			printf(" %s=%s", m[k].name, access(paths[i], m[k].mode) == 0 ? "ok" : en(errno));
		static const int how[] = {O_RDONLY, O_WRONLY, O_RDWR};
		printf(" open");
		for (int k = 0; k < 3; k++) {
			int fd = open(paths[i], how[k]);
			printf(" %s=%s", m[k].name, fd >= 0 ? "ok" : en(errno));
			if (fd >= 0)
				close(fd);
		}
		printf("\n");
	}
	return 0;
}

static sigjmp_buf mm_jb;
static void mm_bus(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	printf("signal %d code %d\n", sig, si->si_code);
	siglongjmp(mm_jb, 1);
}

/* pread of n bytes at off of path through a fresh fd, printed. */
static void mm_show(const char *what, const char *path, off_t off, int n)
{
	char b[64] = "";
	int fd = open(path, O_RDONLY);
	ssize_t k = fd >= 0 ? pread(fd, b, (size_t)n, off) : -1;
	printf("%s: %.*s\n", what, k > 0 ? (int)k : 0, k >= 0 ? b : en(errno));
	if (fd >= 0)
		close(fd);
}

static int do_mmapsh(const char *dir)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/m", dir);
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
	static char buf[16384];
	memset(buf, 'a', 10000);
	if (fd < 0 || write(fd, buf, 10000) != 10000) {
		printf("setup: %s\n", en(errno));
		return 1;
	}
	char *m = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		printf("mmap: %s\n", en(errno));
		return 1;
	}
	memcpy(m + 100, "HELLO", 5);
	char b[8] = "";
	printf("pread same fd after a store: %.*s\n", (int)pread(fd, b, 5, 100), b);
	mm_show("fresh fd, same process", p, 100, 5);
	if (pwrite(fd, "WORLD", 5, 5000) != 5)
		printf("pwrite: %s\n", en(errno));
	printf("mapping after pwrite: %.5s\n", m + 5000);
	pid_t c = fork();
	if (c == 0) {
		memcpy(m + 200, "CHILD", 5);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	printf("parent sees the child's store: %.5s\n", m + 200);
	printf("msync MS_SYNC: %s\n", msync(m, 4096, MS_SYNC) == 0 ? "ok" : en(errno));
	c = fork();
	if (c == 0) {
		mm_show("another process after msync", p, 200, 5);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	printf("tail of the last page: %d\n", m[10100]);
	m[10100] = 'Z';
	struct sigaction sa = {.sa_sigaction = mm_bus, .sa_flags = SA_SIGINFO};
	sigaction(SIGBUS, &sa, NULL);
	if (sigsetjmp(mm_jb, 1) == 0) {
		volatile char x = m[12288];
		printf("past EOF read: %d\n", x);
	}
	printf("msync bad flags: %s\n", msync(m, 4096, MS_SYNC | MS_ASYNC) == 0 ? "ok" : en(errno));
	printf("msync unaligned: %s\n", msync(m + 1, 4096, MS_SYNC) == 0 ? "ok" : en(errno));
	close(fd);
	memcpy(m + 300, "CLOSED", 6);
	printf("munmap: %s\n", munmap(m, 16384) == 0 ? "ok" : en(errno));
	mm_show("after munmap of a closed fd's mapping", p, 300, 6);
	struct stat st;
	stat(p, &st);
	printf("size %lld\n", (long long)st.st_size);
	fd = open(p, O_RDONLY);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	printf("O_RDONLY MAP_SHARED PROT_WRITE: %s\n", m == MAP_FAILED ? en(errno) : "mapped");
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	printf("O_RDONLY MAP_SHARED PROT_READ: %.5s\n", m == MAP_FAILED ? en(errno) : m + 100);
	printf("mprotect PROT_WRITE: %s\n", m != MAP_FAILED && mprotect(m, 4096, PROT_READ | PROT_WRITE) == 0 ? "ok" : en(errno));
	close(fd);
	/* Two mappings of one file in one process are one page cache. */
	fd = open(p, O_RDWR);
	char *m1 = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *m2 = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memcpy(m1 + 400, "TWICE", 5);
	printf("second mapping sees the first: %.5s\n", m2 + 400);
	munmap(m1, 4096);
	memcpy(m2 + 500, "LATER", 5);
	printf("msync MS_ASYNC: %s\n", msync(m2, 4096, MS_ASYNC) == 0 ? "ok" : en(errno));
	munmap(m2, 4096);
	close(fd);
	mm_show("both mappings written back", p, 400, 5);
	mm_show("both mappings written back", p, 500, 5);
	/* A store, then exit without munmap: written back at exit. */
	c = fork();
	if (c == 0) {
		int f = open(p, O_RDWR);
		char *mm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
		memcpy(mm + 600, "EXITED", 6);
		exit(0);
	}
	waitpid(c, NULL, 0);
	mm_show("written back at exit", p, 600, 6);
	c = fork();
	if (c == 0) {
		int f = open(p, O_RDWR);
		char *mm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
		memcpy(mm + 700, "EXECED", 6);
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	waitpid(c, NULL, 0);
	mm_show("written back at exec", p, 700, 6);
	/* The file grows under the mapping: the pages past the old end work. */
	fd = open(p, O_RDWR);
	m = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	printf("ftruncate: %s\n", ftruncate(fd, 16000) == 0 ? "ok" : en(errno));
	if (sigsetjmp(mm_jb, 1) == 0) {
		memcpy(m + 12300, "GROWN", 5);
		printf("store past the old end: ok\n");
	}
	mm_show("read back past the old end", p, 12300, 5);
	printf("ftruncate down: %s\n", ftruncate(fd, 4096) == 0 ? "ok" : en(errno));
	if (sigsetjmp(mm_jb, 1) == 0) {
		volatile char x = m[5000];
		printf("read past the new end: %d\n", x);
	}
	int tfd = open(p, O_WRONLY | O_TRUNC);
	printf("open O_TRUNC: %s\n", tfd >= 0 ? "ok" : en(errno));
	if (sigsetjmp(mm_jb, 1) == 0) {
		volatile char x = m[100];
		printf("read after O_TRUNC: %d\n", x);
	}
	close(tfd);
	if (pwrite(fd, "AFTER", 5, 0) != 5)
		printf("pwrite: %s\n", en(errno));
	printf("the mapping sees the new content: %.5s\n", m);
	munmap(m, 16384);
	close(fd);
	stat(p, &st);
	printf("size %lld\n", (long long)st.st_size);
	return 0;
}

/* The peer of do_mmapipc (run as `fc mmapipc-peer FILE`): waits for the
 * parent's store, answers through the mapping, reads the file with read(2). */
static int mmapipc_peer(const char *p)
{
	int fd = open(p, O_RDWR);
	volatile char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return 1;
	for (int i = 0; i < 5000 && m[0] != 'P'; i++)
		usleep(1000);
	printf("peer sees the parent's store: %c\n", m[0]);
	char b[4] = "";
	pread(fd, b, 1, 0);
	printf("peer's read(2) sees it: %c\n", b[0]);
	m[1] = 'C';
	for (int i = 0; i < 5000 && m[2] != 'D'; i++)
		usleep(1000);
	printf("peer sees the parent's write(2): %c\n", m[2]);
	return 0;
}

static int do_mmapipc(const char *dir)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/ipc", dir);
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, 4096) < 0)
		return 1;
	volatile char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		printf("mmap: %s\n", en(errno));
		return 1;
	}
	pid_t c = fork();
	if (c == 0) {
		execl("/proc/self/exe", "fc", "mmapipc-peer", p, (char *)NULL);
		_exit(127);
	}
	m[0] = 'P';
	for (int i = 0; i < 5000 && m[1] != 'C'; i++)
		usleep(1000);
	printf("parent sees the peer's store: %c\n", m[1]);
	pwrite(fd, "D", 1, 2);
	int st;
	waitpid(c, &st, 0);
	printf("peer exit %d\n", WEXITSTATUS(st));
	munmap((void *)m, 4096);
	close(fd);
	return 0;
}

static socklen_t us_addr(struct sockaddr_un *a, const char *dir, const char *name)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	snprintf(a->sun_path, sizeof a->sun_path, "%s/%s", dir, name);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1);
}

static const char *us_res(int r) { return r < 0 ? en(errno) : "ok"; }

static int do_usock(const char *dir)
{
	struct sockaddr_un a, g;
	socklen_t l = us_addr(&a, dir, "sock"), gl;
	umask(022);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	printf("bind: %s\n", us_res(bind(s, (struct sockaddr *)&a, l)));
	struct stat st;
	int r = stat(a.sun_path, &st);
	printf("stat: %s socket %d mode %o size %lld\n", us_res(r), r == 0 && S_ISSOCK(st.st_mode),
	       r == 0 ? st.st_mode & 07777 : 0, r == 0 ? (long long)st.st_size : -1LL);
	gl = sizeof g;
	getsockname(s, (struct sockaddr *)&g, &gl);
	printf("getsockname: %s (%d)\n", g.sun_path, (int)(gl - offsetof(struct sockaddr_un, sun_path)));
	printf("bind it again: %s\n", us_res(bind(s, (struct sockaddr *)&a, l)));
	listen(s, 5);
	int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
	printf("bind the name again: %s\n", us_res(bind(s2, (struct sockaddr *)&a, l)));
	pid_t c = fork();
	if (c == 0) {
		int k = socket(AF_UNIX, SOCK_STREAM, 0);
		printf("connect: %s\n", us_res(connect(k, (struct sockaddr *)&a, l)));
		socklen_t pl = sizeof g;
		getpeername(k, (struct sockaddr *)&g, &pl);
		printf("getpeername: %s\n", g.sun_path);
		write(k, "hi", 2);
		_exit(0);
	}
	int x = accept(s, NULL, NULL);
	char b[16] = "";
	read(x, b, 2);
	printf("accepted and read: %s\n", b);
	waitpid(c, NULL, 0);
	close(x);
	int f = open(us_addr(&g, dir, "file") ? g.sun_path : "", O_CREAT | O_WRONLY, 0644);
	close(f);
	int k = socket(AF_UNIX, SOCK_STREAM, 0);
	l = us_addr(&g, dir, "file");
	printf("connect to a file: %s\n", us_res(connect(k, (struct sockaddr *)&g, l)));
	l = us_addr(&g, dir, "nope");
	printf("connect to nothing: %s\n", us_res(connect(k, (struct sockaddr *)&g, l)));
	l = us_addr(&g, dir, "nodir/x");
	printf("bind in a missing directory: %s\n", us_res(bind(k, (struct sockaddr *)&g, l)));
	close(s);
	l = us_addr(&a, dir, "sock");
	printf("connect after close: %s\n", us_res(connect(k, (struct sockaddr *)&a, l)));
	printf("unlink: %s\n", us_res(unlink(a.sun_path)));
	/* Datagrams: both ends bound in the mount; the sender's name arrives. */
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	printf("dgram bind: %s\n", us_res(bind(s, (struct sockaddr *)&a, l)));
	k = socket(AF_UNIX, SOCK_DGRAM, 0);
	socklen_t cl = us_addr(&g, dir, "client");
	printf("dgram client bind: %s\n", us_res(bind(k, (struct sockaddr *)&g, cl)));
	printf("sendto: %s\n", us_res(sendto(k, "yo", 2, 0, (struct sockaddr *)&a, l)));
	memset(b, 0, sizeof b);
	gl = sizeof g;
	recvfrom(s, b, 2, 0, (struct sockaddr *)&g, &gl);
	printf("recvfrom: %s from %s\n", b, g.sun_path);
	/* A socket is found through its node: a rename of its directory keeps it. */
	char d1[4096], d2[4096];
	snprintf(d1, sizeof d1, "%s/d1", dir);
	snprintf(d2, sizeof d2, "%s/d2", dir);
	mkdir(d1, 0755);
	int s3 = socket(AF_UNIX, SOCK_DGRAM, 0);
	l = us_addr(&a, d1, "s");
	printf("bind in d1: %s\n", us_res(bind(s3, (struct sockaddr *)&a, l)));
	printf("rename d1 d2: %s\n", us_res(rename(d1, d2)));
	l = us_addr(&a, d2, "s");
	printf("sendto d2/s: %s\n", us_res(sendto(k, "re", 2, 0, (struct sockaddr *)&a, l)));
	memset(b, 0, sizeof b);
	recv(s3, b, 2, 0);
	printf("renamed socket got: %s\n", b);
	gl = sizeof g;
	getsockname(s3, (struct sockaddr *)&g, &gl);
	printf("its name stays the one bound: %s\n", g.sun_path + strlen(dir));
	unlink(a.sun_path);
	rmdir(d2);
	snprintf(d1, sizeof d1, "%s/sock", dir);
	unlink(d1);
	snprintf(d1, sizeof d1, "%s/client", dir);
	unlink(d1);
	return 0;
}

static int do_mmapkinds(const char *p)
{
	int fd = open(p, O_RDWR | O_CREAT, 0644);
	if (fd < 0 || ftruncate(fd, 4096) < 0)
		return 1;
	static const struct {
		const char *name;
		int prot, flags;
	} k[] = {{"shared rw", PROT_READ | PROT_WRITE, MAP_SHARED},
		 {"shared ro", PROT_READ, MAP_SHARED},
		 {"private rw", PROT_READ | PROT_WRITE, MAP_PRIVATE}};
	for (int i = 0; i < 3; i++) {
		void *m = mmap(NULL, 4096, k[i].prot, k[i].flags, fd, 0);
		printf("%s: %s\n", k[i].name, m == MAP_FAILED ? en(errno) : "ok");
		if (m != MAP_FAILED)
			munmap(m, 4096);
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		goto usage;
	const char *c = argv[1];
	if (!strcmp(c, "wait") && argc >= 3)
		return wait_file2(argv[2], argc > 3 ? atol(argv[3]) : 10000, argv + 4,
				  argc > 4 ? argc - 4 : 0) < 0;
	if ((!strcmp(c, "stat") || !strcmp(c, "lstat")) && argc >= 3) {
		for (int i = 2; i < argc; i++)
			print_stat(argv[i], c[0] == 'l');
		return 0;
	}
	if (!strcmp(c, "cat") && argc == 3)
		return do_cat(argv[2]);
	if (!strcmp(c, "waitcat") && argc == 4) {
		if (wait_file(argv[2], 10000) < 0) {
			printf("waitcat: no marker\n");
			return 1;
		}
		printf("pid forked before the mount reads:\n");
		return do_cat(argv[3]);
	}
	if (!strcmp(c, "err") && argc >= 4)
		return do_err(argc - 2, argv + 2);
	if (!strcmp(c, "sig") && argc == 5)
		return do_sig(argv[2], argv[3], argv[4]);
	if (!strcmp(c, "smallread") && argc == 3)
		return do_smallread(argv[2]);
	if (!strcmp(c, "refs") && argc == 3)
		return do_refs(argv[2]);
	if (!strcmp(c, "mounterr") && argc == 3)
		return do_mounterr(argv[2]);
	if (!strcmp(c, "gen") && argc == 4)
		return do_gen(argv[2], atoi(argv[3]));
	if (!strcmp(c, "mkfiles") && argc == 4)
		return do_mkfiles(argv[2], atoi(argv[3]));
	if (!strcmp(c, "readers") && argc == 5)
		return do_readers(argv[2], argv[3], atoi(argv[4]));
	if (!strcmp(c, "preads") && argc == 6)
		return do_preads(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]));
	if (!strcmp(c, "busy") && argc == 3)
		return do_busy(argv[2]);
	if (!strcmp(c, "force") && argc == 3)
		return do_force(argv[2]);
	if (!strcmp(c, "openexec") && argc >= 4)
		return do_openexec(argv[2], argv + 3);
	if (!strcmp(c, "openwait") && argc == 4)
		return do_openwait(argv[2], argv[3]);
	if (!strcmp(c, "opendie") && argc == 3)
		return do_opendie(argv[2]);
	if (!strcmp(c, "as") && argc >= 6) {
		drop_ids(atoi(argv[2]), atoi(argv[3]));
		return do_err(argc - 4, argv + 4);
	}
	if (!strcmp(c, "access") && argc >= 5)
		return do_access(atoi(argv[2]), atoi(argv[3]), argc - 4, argv + 4);
	if (!strcmp(c, "usock") && argc == 3)
		return do_usock(argv[2]);
	if (!strcmp(c, "mmapkinds") && argc == 3)
		return do_mmapkinds(argv[2]);
	if (!strcmp(c, "mmapipc") && argc == 3)
		return do_mmapipc(argv[2]);
	if (!strcmp(c, "mmapipc-peer") && argc == 3)
		return mmapipc_peer(argv[2]);
	if (!strcmp(c, "mmapsh") && argc == 3)
		return do_mmapsh(argv[2]);
usage:
	fprintf(stderr, "fc: bad usage (see the comment at the top of tests/fuse/fc.c)\n");
	return 2;
}
