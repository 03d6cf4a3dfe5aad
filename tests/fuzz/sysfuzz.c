// sysfuzz: seeded raw-syscall fuzzer for elfuse (see README; not a test case).
// usage: sysfuzz SEED BATCHES CALLS [ONLY_BATCH VERBOSE]
// Forks one child per batch; the child issues CALLS random raw syscalls inside
// a scratch dir under $FZ_DIR (default /tmp/sysfuzz). FZ_ELFUSE=1 (only under
// elfuse) adds mount/umount2 and a guest-internal FUSE mount with a fuzzing server.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <mqueue.h>

struct sc {
	int nr;
	const char *name;
	const char *kinds;
};
#define X(nr, name, args) {nr, #name, args},
static const struct sc table[] = {
#include "../../src/syscall/table.h"
};
#undef X
#define NTABLE (int)(sizeof table / sizeof table[0])

static const char *excluded[] = {
	"exit", "exit_group", "rt_sigreturn", "reboot", "clone", "clone3", "setuid", "setgid", "setreuid",
	"setregid", "setresuid", "setresgid", "setfsuid", "setfsgid", "setgroups", "capset", "settimeofday",
	"clock_settime", "adjtimex", "clock_adjtime", "open_by_handle_at", "sync", "syncfs", "ptrace",
	"kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "swapon", "swapoff",
	"acct", "iopl", "ioperm", "pidfd_send_signal", "pidfd_getfd", "process_vm_readv", "process_vm_writev",
	"kcmp", "perf_event_open", "bpf", "seccomp", "setns", "unshare", "pivot_root", "quotactl",
	"quotactl_fd", "vhangup", "set_mempolicy", "mbind", "migrate_pages", "move_pages", "process_madvise",
	"process_mrelease", "landlock_restrict_self", "modify_ldt", "set_thread_area", "userfaultfd",
	"mlockall", "sched_setattr", "sethostname", "setdomainname", "mount_setattr", "move_mount", "open_tree",
	"fsopen", "fsmount", "fspick", "fsconfig", "add_key", "keyctl", "request_key", NULL};
static const char *native_excluded[] = {"mount", "umount2", NULL};

static uint64_t rs;
static uint64_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}
static uint64_t rn(uint64_t n) { return n ? rnd() % n : 0; }

static long raw(long n, long a, long b, long c, long d, long e, long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define PG 4096
#define NRW 15
static char *arena;	/* NRW rw pages, 1 none, 1 ro, 1 none */
static char *pathpg;	/* ro strings */
static uint64_t pathoff[64];
static int npaths_rel, npaths_all;
static int selfpid, selftid;
static int verbose;
static int fusefd = -1;
static uint64_t last_unique;
static char fbuf[9000];

static const char *rel_paths[] = {"f0", "f1", "f2", "d", "d/x", "d/y/z", "e", "lnk", "lnk2", "nonexist", "",
				  ".", "d/", "f0/", "d/..", "d/../f1", "./f0", "d/x/", "fifo", "sock", "mnt", "mnt/a", "mnt/b/c", "mnt/a/b", "mnt/x", "mnt/./a", "mnt/a/..", NULL};
static const char *abs_paths[] = {"/", "/proc/self/maps", "/proc/self/status", "/proc/self/stat",
				  "/proc/self/cmdline", "/proc/self/auxv", "/proc/self/fd",
				  "/proc/self/task", "/dev/null", "/nonexistent/x", "/proc/self/mounts",
				  "/proc/self/fd/3", "/proc/self/environ", "/proc", NULL};

static void setup_paths(void)
{
	pathpg = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p = pathpg;
	int n = 0;
	for (int i = 0; rel_paths[i]; i++) {
		pathoff[n++] = p - pathpg;
		p += strlen(strcpy(p, rel_paths[i])) + 1;
	}
	/* a long name and a too-long path */
	pathoff[n++] = p - pathpg;
	memset(p, 'L', 300);
	p += 301;
	pathoff[n++] = p - pathpg;
	for (int i = 0; i < 1100; i++)
		p[i] = (i % 10 == 9) ? '/' : 'm';
	p += 1101;
	npaths_rel = n;
	for (int i = 0; abs_paths[i]; i++) {
		pathoff[n++] = p - pathpg;
		p += strlen(strcpy(p, abs_paths[i])) + 1;
	}
	npaths_all = n;
	/* unterminated string running into a PROT_NONE page */
	memset(pathpg + 2 * PG - 64, 'u', 64);
	mprotect(pathpg, 2 * PG, PROT_READ);
	mprotect(pathpg + 2 * PG, PG, PROT_NONE);
}

static uint64_t gen_ptr(void)
{
	switch (rn(20)) {
	case 0: return 0;
	case 1: return 0xffff800000000000ul;
	case 2: return 1;
	case 3: return 0x7fff00000000ul;
	case 4: return (uint64_t)arena + (NRW * PG) - (1ul << rn(7));
	case 5: return (uint64_t)arena + (NRW * PG) - 1 - rn(200);
	case 6: return (uint64_t)arena + (NRW + 1) * PG + rn(PG); /* read-only page */
	case 7: return (uint64_t)arena + (NRW + 2) * PG - (1ul << rn(7));
	case 8: return (uint64_t)arena + rn(NRW * PG); /* unaligned */
	case 9: return (uint64_t)pathpg + 2 * PG - 64 + rn(64);
	case 10: return (uint64_t)arena + NRW * PG + rn(PG); /* none page */
	case 11: return 0xfffffffffffff000ul + rn(4096);
	default: return (uint64_t)arena + 8 * rn(NRW * PG / 8);
	}
}

static uint64_t gen_int(void)
{
	switch (rn(18)) {
	case 0: return 0;
	case 1: return -1ul;
	case 2: return rn(8);
	case 3: return rn(64);
	case 4: return rn(4096);
	case 5: return 1ul << rn(64);
	case 6: return (1ul << rn(64)) - 1;
	case 7: return rnd();
	case 8: return (uint32_t)rnd();
	case 9: return 0x7fffffff;
	case 10: return 0x80000000;
	case 11: return -(long)rn(4096);
	case 12: return PG * rn(32);
	case 13: return 0xffffffff;
	case 14: return 1ul << 63;
	case 15: return rnd() & 0xffff;
	case 16: return gen_ptr();
	default: return rn(3);
	}
}

static uint64_t gen_fd(void)
{
	if (rn(10) < 8) {
		int fd;
		do
			fd = (int)rn(26);
		while (fd == 2);
		return fd;
	}
	static const long sp[] = {-1, -100, 1023, 65535, 0x7fffffff, 959, 960, 1000, -2, 0x100000003l, 4096, 1024};
	return (uint64_t)sp[rn(sizeof sp / sizeof sp[0])];
}

static uint64_t gen_path(int abs_ok)
{
	if (rn(10) < 8)
		return (uint64_t)pathpg + pathoff[rn(abs_ok ? npaths_all : npaths_rel)];
	uint64_t p = gen_ptr();
	/* random arena content as a path could be anything: only bad pointers */
	if (p >= (uint64_t)arena && p < (uint64_t)arena + NRW * PG)
		return 0;
	return p;
}

static int name_in(const char *n, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(n, *list))
			return 1;
	return 0;
}

static const char *ro_path_calls[] = {"stat", "lstat", "newfstatat", "statx", "access", "faccessat", "faccessat2",
				      "readlink", "readlinkat", "getxattr", "lgetxattr", "listxattr", "llistxattr",
				      "statfs", "open", "openat", "openat2", "inotify_add_watch", NULL};

static const char *mm_calls[] = {"munmap", "mremap", "mprotect", "madvise", "mmap", "msync", "mlock", "munlock",
				 "mlock2", "mincore", "shmdt", "shmat", "pkey_mprotect", "remap_file_pages", NULL};

static int pick_sig(void)
{
	static const int s[] = {0, SIGUSR1, SIGUSR2, SIGALRM, SIGCHLD, SIGURG, SIGWINCH, SIGPIPE, 65, -1, SIGHUP, 128};
	return s[rn(sizeof s / sizeof s[0])];
}

static void fill_arena(void)
{
	uint64_t *w = (uint64_t *)arena;
	for (size_t i = 0; i < NRW * PG / 8; i++) {
		switch (rn(10)) {
		case 0: case 1: case 2: case 3: w[i] = rn(64); break;
		case 4: case 5: w[i] = (uint64_t)arena + 8 * rn(NRW * PG / 8); break;
		case 6: w[i] = rn(4096); break;
		case 7: w[i] = rnd(); break;
		case 8: w[i] = 0; break;
		default: w[i] = (uint64_t)pathpg + pathoff[rn(npaths_rel)]; break;
		}
	}
}

static void noop(int s) { (void)s; }

static void cleanup_ipc(void)
{
	for (int k = 0; k < 3; k++) {
		int id = shmget(0xf22f0000 + k, 0, 0);
		if (id >= 0)
			shmctl(id, IPC_RMID, NULL);
		id = msgget(0xf22f0000 + k, 0);
		if (id >= 0)
			msgctl(id, IPC_RMID, NULL);
		id = semget(0xf22f0000 + k, 0, 0);
		if (id >= 0)
			semctl(id, 0, IPC_RMID);
	}
	mq_unlink("/fzq0");
	mq_unlink("/fzq1");
}

static void rmtree(int dfd)
{
	DIR *d = fdopendir(dfd);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) < 0) {
			int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
			if (sub >= 0) {
				fchmod(sub, 0700);
				rmtree(sub);
			}
			unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
		}
	}
	closedir(d);
}


static uint64_t rattr_word(void)
{
	switch (rn(6)) {
	case 0: return 0;
	case 1: return rn(100);
	case 2: return gen_int();
	default: return rn(1 << 20);
	}
}

static void fill_attr(uint8_t *p)
{
	/* struct fuse_attr: ino size blocks atime mtime ctime (u64), atimensec mtimensec ctimensec mode nlink uid gid rdev blksize flags (u32) */
	uint64_t *q = (uint64_t *)p;
	for (int i = 0; i < 6; i++)
		q[i] = rattr_word();
	uint32_t *w = (uint32_t *)(p + 48);
	for (int i = 0; i < 10; i++)
		w[i] = (uint32_t)rattr_word();
	static const uint32_t modes[] = {040755, 0100644, 0120777, 010644, 0140755, 0100755, 0, 0170000, 060600, 020600};
	w[3] = rn(6) ? modes[rn(10)] : (uint32_t)rnd();
	if (rn(3))
		w[8] = rn(2) ? 4096 : (uint32_t)gen_int(); /* blksize */
	if (rn(2))
		w[0] = w[1] = w[2] = (uint32_t)rn(1000000000);
}

static void fill_entry(uint8_t *p)
{
	uint64_t *q = (uint64_t *)p;
	q[0] = rn(4) ? 2 + rn(20) : gen_int(); /* nodeid */
	q[1] = rn(3);                          /* generation */
	q[2] = rn(3) ? rn(3) : gen_int();      /* entry_valid */
	q[3] = rn(3) ? rn(3) : gen_int();      /* attr_valid */
	((uint32_t *)(p + 32))[0] = (uint32_t)(rn(3) ? 0 : gen_int());
	((uint32_t *)(p + 32))[1] = (uint32_t)(rn(3) ? 0 : gen_int());
	fill_attr(p + 40);
}

/* A FUSE server answering every request with a plausible, often corrupt, reply. */
static void fuse_server(int fd)
{
	static uint8_t req[140000];
	static uint8_t out[70000];
	struct itimerval it = {{0, 200000}, {0, 200000}};
	struct sigaction sa = {0};
	sa.sa_handler = noop;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	int ppid = getppid();
	for (int iter = 0; iter < 100000; iter++) {
		if (getppid() != ppid)
			_exit(0);
		ssize_t n = read(fd, req, sizeof req);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			_exit(0);
		}
		if (n < 40)
			continue;
		uint32_t op = *(uint32_t *)(req + 4);
		uint64_t unique = *(uint64_t *)(req + 8);
		if (op == 36 /* INTERRUPT */ && rn(2))
			continue;
		memset(out, 0, 256);
		size_t len = 16;
		uint8_t *b = out + 16;
		int err = 0;
		if (rn(8) == 0) {
			static const int errs[] = {-2, -13, -22, -38, -1, -5, 5, -4096, -20, -21};
			err = errs[rn(10)];
		} else {
			switch (op) {
			case 1: case 6: case 8: case 9: case 13: /* LOOKUP SYMLINK MKNOD MKDIR LINK */
				fill_entry(b);
				len += 128;
				break;
			case 3: case 4: /* GETATTR SETATTR */
				*(uint64_t *)b = rn(3);
				fill_attr(b + 16);
				len += 104;
				break;
			case 5: { /* READLINK */
				size_t l = rn(4) ? 1 + rn(20) : rn(5000);
				memset(b, 'a' + (int)rn(26), l);
				if (rn(3) == 0 && l >= 5)
					memcpy(b, "../..", 5);
				len += l;
				break;
			}
			case 15: case 28: case 44: { /* READ READDIR READDIRPLUS */
				uint32_t want = *(uint32_t *)(req + 40 + 16);
				size_t l = rn(3) ? rn(want + 1 > 60000 ? 60000 : want + 1) : rn(70000 - 16);
				if (op != 15 && rn(4)) {
					size_t at = 0, ent = op == 44 ? 128 : 0;
					while (at + ent + 64 < l) {
						if (ent)
							fill_entry(b + at);
						uint64_t *d = (uint64_t *)(b + at + ent);
						d[0] = rn(100);
						d[1] = rn(3) ? at + 1 : gen_int();
						uint32_t nl = rn(5) ? 1 + (uint32_t)rn(12) : (uint32_t)gen_int();
						((uint32_t *)(b + at + ent + 16))[0] = nl;
						((uint32_t *)(b + at + ent + 16))[1] = (uint32_t)rn(16);
						size_t nn = nl < 40 ? nl : 40;
						memset(b + at + ent + 24, 'n', nn);
						if (rn(5) == 0 && nn >= 2)
							memcpy(b + at + ent + 24, "..", 2);
						if (rn(9) == 0 && nn >= 1)
							b[at + ent + 24] = '/';
						at += ent + 24 + ((nn + 7) & ~7ul);
					}
					l = at;
				} else {
					memset(b, 'r', l);
				}
				len += l;
				break;
			}
			case 16: /* WRITE */
				*(uint32_t *)b = rn(3) ? *(uint32_t *)(req + 40 + 16) : (uint32_t)gen_int();
				len += 8;
				break;
			case 14: case 27: /* OPEN OPENDIR */
				*(uint64_t *)b = rn(100);
				*(uint32_t *)(b + 8) = (uint32_t)(rn(3) ? 0 : rnd());
				len += 16;
				break;
			case 17: { /* STATFS */
				uint64_t *q = (uint64_t *)b;
				for (int i = 0; i < 10; i++)
					q[i] = rattr_word();
				len += 80;
				break;
			}
			case 35: /* CREATE */
				fill_entry(b);
				*(uint64_t *)(b + 128) = rn(100);
				*(uint32_t *)(b + 136) = (uint32_t)(rn(3) ? 0 : rnd());
				len += 144;
				break;
			case 22: case 23: /* GETXATTR LISTXATTR */
				if (*(uint32_t *)(req + 40) == 0) {
					*(uint32_t *)b = (uint32_t)(rn(3) ? rn(100) : gen_int());
					len += 8;
				} else {
					size_t l = rn(200);
					memset(b, rn(2) ? 0 : 'x', l);
					len += l;
				}
				break;
			case 46: /* LSEEK */
				*(uint64_t *)b = gen_int();
				len += 8;
				break;
			case 31: /* GETLK */
				for (int i = 0; i < 3; i++)
					((uint64_t *)b)[i] = gen_int();
				len += 24;
				break;
			case 47: /* COPY_FILE_RANGE */
				*(uint32_t *)b = (uint32_t)gen_int();
				len += 8;
				break;
			default:
				break;
			}
		}
		if (rn(10) == 0)
			len = rn(3) ? len - rn(len > 16 ? len - 15 : 1) : len + rn(64);
		*(uint32_t *)out = (uint32_t)len;
		*(int32_t *)(out + 4) = err;
		*(uint64_t *)(out + 8) = rn(20) ? unique : unique + 1;
		if (rn(30) == 0)
			*(uint32_t *)out = (uint32_t)gen_int();
		write(fd, out, len > sizeof out ? sizeof out : len);
	}
	_exit(0);
}

static void child(int ncalls)
{
	selfpid = getpid();
	selftid = (int)syscall(SYS_gettid);
	arena = mmap(NULL, (NRW + 3) * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fill_arena();
	mprotect(arena + NRW * PG, PG, PROT_NONE);
	mprotect(arena + (NRW + 1) * PG, PG, PROT_READ);
	mprotect(arena + (NRW + 2) * PG, PG, PROT_NONE);

	int in = open("in", O_RDWR | O_CREAT, 0644), out = open("out", O_RDWR | O_CREAT, 0644);
	write(in, "hello world\n", 12);
	dup2(in, 0);
	dup2(out, 1);
	close(in);
	close(out);
	int f0 = open("f0", O_RDWR | O_CREAT, 0644); /* 3 */
	write(f0, arena, 10000);
	mkdir("d", 0755);
	mkdir("e", 0755);
	open("d/x", O_RDWR | O_CREAT, 0600);
	close(open("f1", O_RDWR | O_CREAT, 0644));
	symlink("f1", "lnk");
	mkfifo("fifo", 0644);
	open("d", O_RDONLY | O_DIRECTORY);
	int p[2];
	pipe(p);
	socketpair(AF_UNIX, SOCK_STREAM, 0, p);
	eventfd(1, 0);
	int m = memfd_create("fz", 0);
	ftruncate(m, 8192);
	epoll_create1(0);
	timerfd_create(CLOCK_MONOTONIC, 0);
	sigset_t ss;
	sigemptyset(&ss);
	sigaddset(&ss, SIGUSR2);
	signalfd(-1, &ss, 0);
	inotify_init1(0);
	socket(AF_INET, SOCK_DGRAM, 0);
	open("f1", O_PATH);
	open("f0", O_RDWR | O_APPEND);
	open("/proc/self/maps", O_RDONLY);
	int ls = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un {
		unsigned short fam;
		char path[108];
	} su = {AF_UNIX, "sock"};
	bind(ls, (void *)&su, sizeof su);
	listen(ls, 4);

	if (getenv("FZ_ELFUSE") && rn(2)) {
		mkdir("mnt", 0755);
		fusefd = open("/dev/fuse", O_RDWR);
		if (fusefd >= 0) {
			char o[128];
			snprintf(o, sizeof o, "fd=%d,rootmode=40000,user_id=0,group_id=0", fusefd);
			if (syscall(SYS_mount, "fz", "mnt", "fuse", 0, o) < 0)
				fusefd = -1;
			else if (rn(5)) {
				ssize_t n = read(fusefd, fbuf, sizeof fbuf);
				if (n >= 16) {
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
					io.unique = *(uint64_t *)(fbuf + 8);
					io.major = 7;
					io.minor = rn(4) ? 31 : (uint32_t)rn(40);
					io.max_write = rn(2) ? 65536 : (uint32_t)gen_int();
					io.max_background = (uint16_t)rn(8);
					io.flags = rn(2) ? 0 : (uint32_t)rnd();
					io.max_readahead = (uint32_t)gen_int();
					io.time_gran = (uint32_t)gen_int();
					io.max_pages = (uint16_t)rn(300);
					write(fusefd, &io, sizeof io);
					if (rn(4)) {
						uint64_t srs = rnd();
						if (fork() == 0) {
							rs = srs | 1;
							fuse_server(fusefd);
						}
						/* the client keeps the fd for raw fuzzing too */
					}
				}
			}
		}
	}
	struct rlimit rl = {4 << 20, 4 << 20};
	setrlimit(RLIMIT_FSIZE, &rl);
	struct sigaction sa = {0};
	sa.sa_handler = noop;
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGXFSZ, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	struct itimerval it = {{0, 20000}, {0, 20000}};
	setitimer(ITIMER_REAL, &it, NULL);

	struct {
		void *h;
		unsigned long flags;
		void *restorer;
		uint64_t mask;
	} ksa;
	raw(SYS_rt_sigaction, SIGALRM, 0, (long)&ksa, 8, 0, 0);
	uint64_t alrm_set = 1ul << (SIGALRM - 1);
	int cand[NTABLE], nc = 0;
	for (int i = 0; i < NTABLE; i++)
		if (!name_in(table[i].name, excluded) && (getenv("FZ_ELFUSE") || !name_in(table[i].name, native_excluded)))
			cand[nc++] = i;

	for (int c = 0; c < ncalls; c++) {
		const struct sc *s = &table[cand[rn(nc)]];
		const char *n = s->name;
		int abs_ok = name_in(n, ro_path_calls);
		uint64_t a[6];
		for (int i = 0; i < 6; i++) {
			char k = s->kinds[i];
			switch (k) {
			case 'f': a[i] = gen_fd(); break;
			case 'a': a[i] = rn(3) == 0 ? (uint64_t)-100 : rn(3) == 0 ? 4 : gen_fd(); break;
			case 's': a[i] = gen_path(abs_ok); break;
			case 'p': a[i] = rn(8) ? gen_ptr() : gen_int(); break;
			default: a[i] = gen_int(); break;
			}
		}
		/* confinement */
		if (!strcmp(n, "open") || !strcmp(n, "openat") || !strcmp(n, "openat2")) {
			int pi = !strcmp(n, "open") ? 0 : 1;
			uint64_t pp = a[pi];
			if (pp >= (uint64_t)pathpg + pathoff[npaths_rel] && pp < (uint64_t)pathpg + PG) {
				if (!strcmp(n, "openat2"))
					a[pi] = (uint64_t)pathpg; /* how struct is random: keep relative */
				else
					a[pi + 1] = (rn(2) ? O_CLOEXEC : 0) | (rn(2) ? O_NONBLOCK : 0) |
						    (rn(3) ? 0 : O_DIRECTORY) | (rn(4) ? 0 : O_PATH);
			}
		}
		if (!strcmp(n, "kill")) {
			a[0] = selfpid;
			a[1] = pick_sig();
		} else if (!strcmp(n, "tkill")) {
			a[0] = selftid;
			a[1] = pick_sig();
		} else if (!strcmp(n, "tgkill")) {
			a[0] = selfpid;
			a[1] = rn(4) ? selftid : rn(100000);
			a[2] = pick_sig();
		} else if (!strcmp(n, "rt_sigqueueinfo")) {
			a[0] = selfpid;
			a[1] = pick_sig();
		} else if (!strcmp(n, "rt_tgsigqueueinfo")) {
			a[0] = selfpid;
			a[1] = selftid;
			a[2] = pick_sig();
		} else if (!strcmp(n, "setrlimit") && (int)a[0] == RLIMIT_CPU) {
			a[0] = RLIMIT_NOFILE;
		} else if (!strcmp(n, "prlimit64") || !strcmp(n, "sched_setaffinity") || !strcmp(n, "sched_setscheduler") ||
			   !strcmp(n, "sched_setparam") || !strcmp(n, "setpgid")) {
			a[0] = rn(2) ? 0 : selfpid;
			if (!strcmp(n, "prlimit64") && (int)a[1] == RLIMIT_CPU)
				a[1] = RLIMIT_NOFILE;
			if (!strcmp(n, "setpgid"))
				a[1] = rn(2) ? 0 : selfpid;
		} else if (!strcmp(n, "setpriority") || !strcmp(n, "ioprio_set")) {
			a[0] = !strcmp(n, "setpriority") ? 0 : 1;
			a[1] = rn(2) ? 0 : selfpid;
		} else if (!strcmp(n, "pidfd_open")) {
			a[0] = rn(2) ? selfpid : gen_int();
		} else if (!strcmp(n, "syslog")) {
			static const int ty[] = {2, 3, 9, 10, 0, 1};
			a[0] = ty[rn(6)];
			a[2] = rn(2) ? rn(100) : gen_int();
		} else if (!strcmp(n, "close_range")) {
			if ((int)a[0] < 3)
				a[0] = 3;
		} else if (!strcmp(n, "socket") || !strcmp(n, "socketpair")) {
			static const int dom[] = {1, 2, 10, 0, 3, 99, -1, 1};
			a[0] = dom[rn(8)];
			int ty = (int)a[1] & 0xf;
			if (ty == 3 || ty == 10 || ty == 4)
				a[1] = SOCK_DGRAM;
		} else if (!strcmp(n, "ioctl")) {
			static const uint32_t rq[] = {0x541B, 0x5401, 0x5413, 0x5421, 0x5451, 0x5450, 0x5452, 0x80086601,
						      0x40049409, 0x80081272, 0x5402, 0x540B, 0x5409, 0x8004667e, 0x80045430};
			if (rn(3))
				a[1] = rq[rn(sizeof rq / sizeof rq[0])];
			uint32_t r = (uint32_t)a[1];
			if (((r >> 8) & 0xff) == 0x89 || ((r >> 8) & 0xff) == 0x66 || ((r >> 8) & 0xff) == 0x58 ||
			    ((r >> 8) & 0xff) == 0x12 || ((r >> 8) & 0xff) == 0x94 || r == 0x5412 /* TIOCSTI */)
				a[1] = 0x541B;
		} else if (!strcmp(n, "mknod") || !strcmp(n, "mknodat")) {
			static const unsigned ty[] = {0, S_IFREG, S_IFIFO, S_IFSOCK, S_IFDIR};
			int mi = !strcmp(n, "mknod") ? 1 : 2;
			a[mi] = (a[mi] & 07777) | ty[rn(5)];
		} else if (!strcmp(n, "arch_prctl")) {
			static const int codes[] = {0x1003, 0x1004, 0x1011, 0x1012, 0x2001, 0, 0x9999, 0x1021, 0x1022};
			a[0] = codes[rn(sizeof codes / sizeof codes[0])];
		} else if (!strcmp(n, "shmget") || !strcmp(n, "msgget") || !strcmp(n, "semget")) {
			a[0] = 0xf22f0000 + rn(3);
			if (!strcmp(n, "shmget") && a[1] > (1 << 24))
				a[1] = rn(1 << 20);
			if (!strcmp(n, "semget") && rn(2))
				a[1] = rn(8);
		} else if (!strcmp(n, "shmctl") || !strcmp(n, "msgctl") || !strcmp(n, "semctl") || !strcmp(n, "shmat") ||
			   !strcmp(n, "msgsnd") || !strcmp(n, "msgrcv") || !strcmp(n, "semop") ||
			   !strcmp(n, "semtimedop")) {
			int id = -1, k = 0xf22f0000 + (int)rn(3);
			if (n[0] == 's' && n[1] == 'h')
				id = shmget(k, 0, 0);
			else if (n[0] == 'm')
				id = msgget(k, 0);
			else
				id = semget(k, 0, 0);
			static const long badid[] = {-1, 0x7fffffff, -2};
			a[0] = rn(5) ? (uint64_t)id : (uint64_t)badid[rn(3)];
		} else if (!strcmp(n, "mq_open") || !strcmp(n, "mq_unlink")) {
			static const char *qn[] = {"/fzq0", "/fzq1", "fzq", "/", ""};
			/* the names live in the arena: copy one in */
			char *q = arena + 64 * 8;
			strcpy(q, qn[rn(5)]);
			a[0] = rn(6) ? (uint64_t)q : gen_ptr();
		} else if (!strcmp(n, "execve") || !strcmp(n, "execveat")) {
			/* only scratch paths */
		} else if (!strcmp(n, "fcntl")) {
			if (rn(2))
				a[1] = rn(50);
			/* F_SETOWN/F_SETOWN_EX/F_SETSIG could aim SIGIO (or any signal) at other processes */
			if ((int)a[1] == F_SETOWN)
				a[2] = rn(2) ? 0 : selfpid;
			if ((int)a[1] == 15 /* F_SETOWN_EX */)
				a[1] = 16; /* F_GETOWN_EX */
			if ((int)a[1] == 10 /* F_SETSIG */ && (a[2] == SIGKILL || a[2] == SIGTERM || a[2] == SIGSTOP))
				a[2] = SIGUSR1;
		} else if (!strcmp(n, "dup2") || !strcmp(n, "dup3")) {
			if (a[1] == 2)
				a[1] = 5;
		} else if (!strcmp(n, "chdir")) {
			/* relative only (gen_path with abs_ok = 0) */
		} else if (!strcmp(n, "personality")) {
			if (rn(2))
				a[0] = 0xffffffff;
		} else if (!strcmp(n, "brk")) {
			if (rn(2))
				a[0] = 0;
		}
		if (name_in(n, mm_calls)) {
			/* never the fuzzer's own text, stack or path page */
			int ai = !strcmp(n, "shmat") ? 1 : 0;
			uint64_t ad = a[ai];
			if (!(ad >= (uint64_t)arena && ad < (uint64_t)arena + (NRW + 3) * PG) && ad != 0xffff800000000000ul &&
			    !(ad >= 0xfffffffffffff000ul))
				a[ai] = (uint64_t)arena + PG * rn(NRW + 3) + (rn(8) ? 0 : rn(PG));
			if (!strcmp(n, "mmap") && (a[3] & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && a[1] > (NRW + 3) * PG)
				a[1] = PG * rn(NRW + 3);
			if ((!strcmp(n, "munmap") || !strcmp(n, "mprotect") || !strcmp(n, "madvise")) &&
			    a[1] > (NRW + 3) * PG && rn(10))
				a[1] = PG * rn(NRW + 3);
			if (!strcmp(n, "mremap") && (a[3] & 2 /* MREMAP_FIXED */)) {
				uint64_t na = a[4];
				if (!(na >= (uint64_t)arena && na < (uint64_t)arena + (NRW + 3) * PG))
					a[4] = (uint64_t)arena + PG * rn(NRW + 3);
			}
			if (!strcmp(n, "madvise") && a[1] > (NRW + 3) * PG)
				a[1] = PG * rn(NRW + 3);
			if (!strcmp(n, "munmap") && (a[1] > (NRW + 3) * PG && a[1] < (1ul << 40)))
				a[1] = PG * rn(NRW + 3);
			if (!strcmp(n, "mprotect") && (a[1] > (NRW + 3) * PG && a[1] < (1ul << 40)))
				a[1] = PG * rn(NRW + 3);
		}
		if (fusefd >= 0 && rn(4) == 0 && s->kinds[0] == 'f')
			a[0] = fusefd;
		if (fusefd >= 0 && !strcmp(n, "read") && a[0] == (uint64_t)fusefd && rn(2)) {
			a[1] = (uint64_t)fbuf;
			a[2] = sizeof fbuf;
		}
		if (fusefd >= 0 && (!strcmp(n, "write") || !strcmp(n, "writev")) && a[0] == (uint64_t)fusefd && rn(3)) {
			uint32_t *h = (uint32_t *)(arena + 0x8000);
			static const size_t lens[] = {16, 24, 32, 120, 144, 96, 40, 18, 0};
			size_t blen = lens[rn(9)];
			if (!blen)
				blen = rn(5000);
			h[0] = rn(8) ? (uint32_t)blen : (uint32_t)gen_int();
			static const int errs[] = {0, 0, 0, -2, -22, -38, 1, -1000, -4, -11};
			h[1] = errs[rn(10)];
			*(uint64_t *)(h + 2) = rn(2) ? last_unique : rn(4) ? rn(40) : gen_int();
			if (!strcmp(n, "write")) {
				a[1] = (uint64_t)h;
				a[2] = blen;
			} else {
				uint64_t *iov = (uint64_t *)(arena + 0x7f00);
				iov[0] = (uint64_t)h;
				iov[1] = blen < 16 ? blen : 16;
				iov[2] = (uint64_t)h + 16;
				iov[3] = blen < 16 ? 0 : blen - 16;
				a[1] = (uint64_t)iov;
				a[2] = 2;
			}
		}
		if (verbose) {
			char line[256];
			int l = snprintf(line, sizeof line, "%d %s(%lx, %lx, %lx, %lx, %lx, %lx)", c, n, a[0], a[1], a[2],
					 a[3], a[4], a[5]);
			raw(SYS_write, 2, (long)line, l, 0, 0, 0);
		}
		long r = raw(s->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (!strcmp(n, "alarm") || !strcmp(n, "setitimer"))
			raw(SYS_setitimer, ITIMER_REAL, (long)&it, 0, 0, 0, 0);
		if (!strcmp(n, "rt_sigprocmask") || !strcmp(n, "rt_sigaction")) {
			raw(SYS_rt_sigprocmask, SIG_UNBLOCK, (long)&alrm_set, 0, 8, 0, 0);
			raw(SYS_rt_sigaction, SIGALRM, (long)&ksa, 0, 8, 0, 0);
		}
		if (fusefd >= 0 && !strcmp(n, "read") && a[0] == (uint64_t)fusefd && r >= 16)
			last_unique = *(uint64_t *)(a[1] + 8);
		if ((!strcmp(n, "fork") || !strcmp(n, "vfork")) && r == 0)
			raw(SYS_exit, 0, 0, 0, 0, 0, 0);
		if (verbose) {
			char line[64];
			int l = snprintf(line, sizeof line, " = %ld\n", r);
			raw(SYS_write, 2, (long)line, l, 0, 0, 0);
		}
	}
	raw(SYS_exit_group, 0, 0, 0, 0, 0, 0);
}

static volatile sig_atomic_t alarmed;
static void on_alarm(int s)
{
	(void)s;
	alarmed = 1;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: fuzz SEED BATCHES CALLS [ONLY_BATCH VERBOSE]\n");
		return 2;
	}
	uint64_t seed = strtoull(argv[1], 0, 0);
	int batches = atoi(argv[2]), ncalls = atoi(argv[3]);
	int only = argc > 4 ? atoi(argv[4]) : -1;
	verbose = argc > 5 ? atoi(argv[5]) : 0;
	setup_paths();
	const char *top = getenv("FZ_DIR") ? getenv("FZ_DIR") : "/tmp/sysfuzz";
	mkdir(top, 0755);
	struct sigaction sa = {0};
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	int bad = 0;
	for (int b = 0; b < batches; b++) {
		if (only >= 0 && b != only)
			continue;
		char dir[512];
		snprintf(dir, sizeof dir, "%s/%d-%lu-%d", top, getpid(), (unsigned long)seed, b);
		mkdir(dir, 0755);
		cleanup_ipc();
		pid_t pid = fork();
		if (pid == 0) {
			if (chdir(dir) < 0)
				_exit(99);
			rs = (seed * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)b << 32) ^ 0x1234567;
			if (!rs)
				rs = 1;
			for (int i = 0; i < 8; i++)
				rnd();
			child(ncalls);
		}
		alarmed = 0;
		alarm(6);
		int st;
		pid_t w;
		while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR) {
		if (alarmed && getenv("FZ_HANGWAIT")) {
			fprintf(stderr, "hang pid %d\n", pid);
			sleep(1000);
		}
			if (alarmed) {
				fprintf(stderr, "seed %lu batch %d: TIMEOUT, killing\n", (unsigned long)seed, b);
				kill(pid, SIGKILL);
				alarmed = 0;
			}
		}
		alarm(0);
		if (WIFEXITED(st) && WEXITSTATUS(st) != 0) {
			fprintf(stderr, "seed %lu batch %d: exit %d\n", (unsigned long)seed, b, WEXITSTATUS(st));
			if (WEXITSTATUS(st) >= 125)
				bad++;
		} else if (WIFSIGNALED(st)) {
			fprintf(stderr, "seed %lu batch %d: signal %d\n", (unsigned long)seed, b, WTERMSIG(st));
		}
		int dfd = open(dir, O_RDONLY | O_DIRECTORY);
		if (dfd >= 0)
			rmtree(dfd);
		rmdir(dir);
	}
	cleanup_ipc();
	return bad ? 1 : 0;
}
