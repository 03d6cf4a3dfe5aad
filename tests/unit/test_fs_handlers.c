/* tests/unit/test_fs_handlers.c: the file/I/O handlers run on the host against a fake guest memory (identity mapped).
 * Build: cc -std=c11 -D_GNU_SOURCE -Isrc -o build/test_fs_handlers tests/unit/test_fs_handlers.c \
 *   src/syscall/fs.c src/syscall/io.c src/syscall/ioctl.c src/syscall/xattr.c src/fs/path.c \
 *   src/fs/pathname.c src/kernel/fdtable.c src/platform/private_fd.c -lpthread */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/fdtable.h"
#include "platform/private_fd.h"
#include "syscall/syscall.h"

/* ---- fake guest memory: an arena whose guest addresses are its host addresses ---- */
#define ARENA_PAGES 4096 /* 16 MiB */
static uint8_t *arena;
static uint8_t page_ok[ARENA_PAGES]; /* bit 1 read, bit 2 write */
static int fragment;		     /* 1: never merge pages into one iovec */

static int page_access(uint64_t va, int prot)
{
	if (va < (uint64_t)arena || va >= (uint64_t)arena + ARENA_PAGES * PAGE_SIZE)
		return 0;
	uint8_t ok = page_ok[(va - (uint64_t)arena) / PAGE_SIZE];
	return (prot & GP_WRITE) ? (ok & 2) != 0 : (ok & 1) != 0;
}

int guest_iovec(struct mm *mm, uint64_t gva, size_t len, int prot, struct iovec *iov, int max_iov, size_t *covered)
{
	(void)mm;
	int n = 0;
	size_t c = 0;
	while (c < len) {
		uint64_t va = gva + c;
		size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		if (chunk > len - c)
			chunk = len - c;
		if (!page_access(va, prot))
			break;
		if (n && !fragment && (uint8_t *)iov[n - 1].iov_base + iov[n - 1].iov_len == (uint8_t *)va) {
			iov[n - 1].iov_len += chunk;
		} else {
			if (n == max_iov)
				break;
			iov[n].iov_base = (void *)va;
			iov[n].iov_len = chunk;
			n++;
		}
		c += chunk;
	}
	*covered = c;
	if (c == 0 && len)
		return -EFAULT;
	return n;
}

int guest_read(struct mm *mm, uint64_t gva, void *dst, size_t len)
{
	(void)mm;
	for (size_t i = 0; i < len; i += PAGE_SIZE - ((gva + i) & (PAGE_SIZE - 1)))
		if (!page_access(gva + i, GP_READ))
			return -EFAULT;
	if (len && !page_access(gva + len - 1, GP_READ))
		return -EFAULT;
	memcpy(dst, (void *)gva, len);
	return 0;
}

int guest_write(struct mm *mm, uint64_t gva, const void *src, size_t len)
{
	(void)mm;
	for (size_t i = 0; i < len; i += PAGE_SIZE - ((gva + i) & (PAGE_SIZE - 1)))
		if (!page_access(gva + i, GP_WRITE))
			return -EFAULT;
	if (len && !page_access(gva + len - 1, GP_WRITE))
		return -EFAULT;
	memcpy((void *)gva, src, len);
	return 0;
}

long guest_strncpy(struct mm *mm, char *dst, uint64_t gva, size_t max)
{
	(void)mm;
	for (size_t i = 0; i < max; i++) {
		if (!page_access(gva + i, GP_READ))
			return -EFAULT;
		dst[i] = *(char *)(gva + i);
		if (!dst[i])
			return (long)i;
	}
	return -ENAMETOOLONG;
}

void *guest_span(struct mm *mm, uint64_t gva, size_t len, int prot)
{
	struct iovec v;
	size_t c;
	int n = guest_iovec(mm, gva, len, prot, &v, 1, &c);
	return n == 1 && c == len ? v.iov_base : NULL;
}

/* ---- harness ---- */
static int failures;
static struct process proc;
static struct thread thr;
static struct mm fake_mm;
static uint64_t bump;

static void check(int cond, const char *what)
{
	printf("%s %s\n", cond ? "ok" : "FAIL", what);
	if (!cond)
		failures++;
}

static void checkv(long got, long want, const char *what)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s (got %ld, want %ld)", what, got, want);
	check(got == want, buf);
}

/* Guest allocation: page aligned, accessible. */
static uint64_t galloc(size_t len)
{
	uint64_t at = bump;
	size_t pages = (len + PAGE_SIZE - 1) / PAGE_SIZE;
	if (pages == 0)
		pages = 1;
	for (size_t i = 0; i < pages; i++)
		page_ok[(at - (uint64_t)arena) / PAGE_SIZE + i] = 3;
	bump += (pages + 1) * PAGE_SIZE; /* one unmapped page between allocations */
	return at;
}

static uint64_t gstr(const char *s)
{
	uint64_t g = galloc(strlen(s) + 1);
	strcpy((char *)g, s);
	return g;
}

#define CALL(name, ...) sys_##name(&thr, (const uint64_t[6]){__VA_ARGS__})

static void test_rw(void)
{
	uint64_t fds = galloc(8);
	checkv(CALL(pipe2, fds, 0), 0, "pipe2");
	int *f = (int *)fds;
	uint64_t msg = gstr("hello");
	checkv(CALL(write, (uint64_t)f[1], msg, 5), 5, "write 5 to pipe");
	uint64_t buf = galloc(64);
	checkv(CALL(read, (uint64_t)f[0], buf, 64), 5, "read 5 from pipe");
	check(memcmp((void *)buf, "hello", 5) == 0, "read data");

	/* partly inaccessible buffer: the accessible prefix is filled */
	uint64_t two = galloc(2 * PAGE_SIZE);
	page_ok[(two - (uint64_t)arena) / PAGE_SIZE + 1] = 0;
	uint64_t big = galloc(8000);
	memset((void *)big, 'x', 8000);
	checkv(CALL(write, (uint64_t)f[1], big, 8000), 8000, "write 8000");
	checkv(CALL(read, (uint64_t)f[0], two, 8000), (long)PAGE_SIZE, "read stops at the inaccessible page");
	checkv(CALL(read, (uint64_t)f[0], two + PAGE_SIZE, 100), -EFAULT, "read into inaccessible memory: EFAULT");
	checkv(CALL(read, (uint64_t)f[0], 0, 100), -EFAULT, "read into NULL: EFAULT");
	checkv(CALL(write, (uint64_t)f[1], two + PAGE_SIZE, 10), -EFAULT, "write from inaccessible: EFAULT");
	checkv(CALL(read, (uint64_t)f[0], 0xffff900000000000ULL, 10), -EFAULT, "read into kernel address: EFAULT");
	checkv(CALL(read, (uint64_t)f[1], buf, 10), -EBADF, "read from write end: EBADF");
	checkv(CALL(read, (uint64_t)f[1], 0xffff900000000000ULL, 10), -EBADF, "EBADF before EFAULT");
	checkv(CALL(read, (uint64_t)private_fd_base, buf, 1), -EBADF, "read on a private fd: EBADF");
	checkv(CALL(read, (uint64_t)-1, buf, 1), -EBADF, "read on fd -1: EBADF");
	checkv(CALL(close, (uint64_t)private_fd_base + 1), -EBADF, "close private fd: EBADF");

	/* readv/writev */
	/* drain what the EFAULT reads left behind */
	fcntl(f[0], F_SETFL, O_NONBLOCK);
	while (CALL(read, (uint64_t)f[0], big, 8000) > 0)
		;
	fcntl(f[0], F_SETFL, 0);
	uint64_t iov = galloc(64);
	uint64_t *v = (uint64_t *)iov;
	uint64_t b1 = gstr("ab"), b2 = gstr("cde");
	v[0] = b1, v[1] = 2, v[2] = 0, v[3] = 0, v[4] = b2, v[5] = 3;
	checkv(CALL(writev, (uint64_t)f[1], iov, 3), 5, "writev 3 segments (one empty)");
	v[0] = buf, v[1] = 1, v[2] = buf + 10, v[3] = 10;
	checkv(CALL(readv, (uint64_t)f[0], iov, 2), 5, "readv");
	check(memcmp((void *)buf, "a", 1) == 0 && memcmp((void *)(buf + 10), "bcde", 4) == 0, "readv data");
	v[1] = (uint64_t)-1;
	checkv(CALL(readv, (uint64_t)f[0], iov, 2), -EINVAL, "readv negative length: EINVAL");
	checkv(CALL(write, (uint64_t)f[1], msg, 5), 5, "write 5 more");
	checkv(CALL(readv, (uint64_t)f[0], iov, 1), 5, "readv one huge segment is capped, as Linux");
	checkv(CALL(readv, (uint64_t)f[0], iov, 1025), -EINVAL, "readv 1025 segments: EINVAL");
	checkv(CALL(readv, (uint64_t)f[0], 0, 1), -EFAULT, "readv unreadable array: EFAULT");
	checkv(CALL(readv, (uint64_t)f[1], 0, 1), -EBADF, "readv: EBADF before EFAULT");
	checkv(CALL(readv, (uint64_t)f[0], iov, 0), 0, "readv 0 segments");
	close(f[0]);
	close(f[1]);
}

static void test_bigfile(void)
{
	char tmpl[] = "/tmp/elfuse-test-XXXXXX";
	int fd = mkstemp(tmpl);
	unlink(tmpl);
	size_t size = 9u << 20;
	char *data = malloc(size);
	for (size_t i = 0; i < size; i++)
		data[i] = (char)(i * 7);
	check(write(fd, data, size) == (ssize_t)size, "host write 9 MiB");
	uint64_t buf = galloc(size + 100);
	fragment = 1;
	checkv(CALL(pread64, (uint64_t)fd, buf, size + 100, 0), (long)size, "pread of 9 MiB over >1024 host iovecs");
	check(memcmp((void *)buf, data, size) == 0, "pread data");
	memset((void *)buf, 0, size);
	lseek(fd, 0, SEEK_SET);
	checkv(CALL(read, (uint64_t)fd, buf, size), (long)size, "read of 9 MiB");
	check(memcmp((void *)buf, data, size) == 0, "read data");
	checkv(CALL(read, (uint64_t)fd, 0, 10), 0, "read at EOF into NULL: 0 as Linux");
	fragment = 0;
	checkv(CALL(preadv2, (uint64_t)fd, 0, 0, (uint64_t)-1, 0, 0), 0, "preadv2 empty");
	free(data);
	close(fd);
}

static void test_fds(void)
{
	proc.nofile_cur = 64;
	uint64_t devnull = gstr("/dev/null");
	long fd = CALL(open, devnull, O_RDONLY, 0);
	check(fd >= 0, "open /dev/null");
	checkv(CALL(dup2, (uint64_t)fd, 64), -EBADF, "dup2 to the limit: EBADF");
	checkv(CALL(dup2, (uint64_t)fd, (uint64_t)private_fd_base), -EBADF, "dup2 onto a private fd: EBADF");
	checkv(CALL(dup2, (uint64_t)fd, 63), 63, "dup2 below the limit");
	checkv(CALL(dup3, (uint64_t)fd, (uint64_t)fd, 0), -EINVAL, "dup3 same fd: EINVAL");
	checkv(CALL(dup2, (uint64_t)fd, (uint64_t)fd), fd, "dup2 same fd");
	checkv(CALL(fcntl, (uint64_t)fd, F_DUPFD, 64), -EINVAL, "F_DUPFD at the limit: EINVAL");
	checkv(CALL(fcntl, (uint64_t)fd, F_DUPFD, 63), -EMFILE, "F_DUPFD with no slot left: EMFILE");
	checkv(CALL(fcntl, (uint64_t)fd, 0x7777, 0), -EINVAL, "fcntl unknown: EINVAL");
	/* fill the table */
	long last = 0, n;
	while ((n = CALL(open, devnull, O_RDONLY, 0)) >= 0)
		last = n;
	checkv(n, -EMFILE, "open past RLIMIT_NOFILE: EMFILE");
	check(last < 64, "every fd below the limit");
	/* close_range spares elfuse's fds */
	int priv = private_fd(open("/dev/null", O_RDONLY));
	check(priv >= private_fd_base, "private fd made");
	checkv(CALL(close_range, 3, ~0U, 0), 0, "close_range(3, ~0)");
	check(fcntl(priv, F_GETFD) >= 0, "private fd survives close_range");
	check(fcntl(5, F_GETFD) < 0, "guest fd 5 closed by close_range");
	checkv(CALL(close_range, 5, 3, 0), -EINVAL, "close_range first > last: EINVAL");

	/* getdents64 of /proc/self/fd hides the private fd */
	uint64_t pfd = gstr("/proc/self/fd");
	long dfd = CALL(open, pfd, O_RDONLY | O_DIRECTORY, 0);
	check(dfd >= 0, "open /proc/self/fd");
	uint64_t dbuf = galloc(32768);
	int seen_priv = 0, seen_self = 0;
	long got;
	while ((got = CALL(getdents64, (uint64_t)dfd, dbuf, 32768)) > 0) {
		for (long off = 0; off < got;) {
			struct dirent64 *d = (struct dirent64 *)(dbuf + off);
			if (atoi(d->d_name) == priv)
				seen_priv = 1;
			if (atoi(d->d_name) == dfd)
				seen_self = 1;
			off += d->d_reclen;
		}
	}
	check(seen_self && !seen_priv, "getdents64 /proc/self/fd hides private fds");
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", priv);
	uint64_t glink = gstr(link), lbuf = galloc(256);
	checkv(CALL(readlink, glink, lbuf, 256), -ENOENT, "readlink /proc/self/fd/<private>: ENOENT");
	checkv(CALL(open, glink, O_RDONLY, 0), -ENOENT, "open /proc/self/fd/<private>: ENOENT");
	uint64_t gexe = gstr("/proc/self/exe");
	checkv(CALL(readlink, gexe, lbuf, 256), (long)strlen(proc.exe), "readlink /proc/self/exe");
	check(memcmp((void *)lbuf, proc.exe, strlen(proc.exe)) == 0, "readlink /proc/self/exe is p->exe");
	memset((void *)lbuf, 'Z', 8);
	checkv(CALL(readlink, gexe, lbuf, 3), 3, "readlink truncates");
	check(((char *)lbuf)[3] == 'Z', "readlink truncation has no NUL");
	checkv(CALL(readlink, gexe, lbuf, 0), -EINVAL, "readlink bufsiz 0: EINVAL");
	close((int)dfd);
	close(priv);
	close((int)fd);
	close(63);
	proc.nofile_cur = 1024;
}

static void test_misc(void)
{
	uint64_t how = galloc(64);
	memset((void *)how, 0, 64);
	uint64_t p = gstr("/dev/null");
	checkv(CALL(openat2, (uint64_t)AT_FDCWD, p, how, 16), -EINVAL, "openat2 size 16: EINVAL");
	((uint8_t *)how)[30] = 1;
	checkv(CALL(openat2, (uint64_t)AT_FDCWD, p, how, 32), -E2BIG, "openat2 nonzero tail: E2BIG");
	((uint8_t *)how)[30] = 0;
	long fd = CALL(openat2, (uint64_t)AT_FDCWD, p, how, 32);
	check(fd >= 0, "openat2 zero tail works");
	((uint64_t *)how)[0] = 1ULL << 40;
	checkv(CALL(openat2, (uint64_t)AT_FDCWD, p, how, 24), -EINVAL, "openat2 unknown flag: EINVAL");
	checkv(CALL(ioctl, (uint64_t)fd, 0x12345678, 0), -ENOTTY, "unknown ioctl: ENOTTY");
	checkv(CALL(ioctl, (uint64_t)fd, 0x5401, galloc(64)), -ENOTTY, "TCGETS on /dev/null: ENOTTY");
	checkv(CALL(ioctl, (uint64_t)fd, 0x5402, 0), -ENOTTY, "TCSETS bad pointer on non-tty: ENOTTY");

	uint64_t st = galloc(256);
	checkv(CALL(newfstatat, (uint64_t)fd, 0, st, AT_EMPTY_PATH), 0, "newfstatat(fd, NULL, AT_EMPTY_PATH)");
	checkv(CALL(newfstatat, (uint64_t)private_fd_base, gstr(""), st, AT_EMPTY_PATH), -EBADF,
	       "newfstatat on a private dirfd: EBADF");
	checkv(CALL(newfstatat, (uint64_t)private_fd_base, gstr("/dev/null"), st, 0), 0,
	       "newfstatat absolute path ignores dirfd");
	checkv(CALL(newfstatat, (uint64_t)private_fd_base, gstr("x"), st, 0), -EBADF,
	       "newfstatat relative path on a private dirfd: EBADF");
	checkv(CALL(stat, gstr(""), st), -ENOENT, "stat empty: ENOENT");
	checkv(CALL(statx, (uint64_t)AT_FDCWD, gstr("/"), 0, 0x7ff, st), 0, "statx /");

	uint64_t fl = galloc(32);
	memset((void *)fl, 0, 32);
	((int16_t *)fl)[0] = F_WRLCK;
	char tmpl[] = "/tmp/elfuse-lock-XXXXXX";
	int tf = mkstemp(tmpl);
	unlink(tmpl);
	checkv(CALL(fcntl, (uint64_t)tf, F_GETLK, fl), 0, "F_GETLK");
	checkv(((int16_t *)fl)[0], F_UNLCK, "F_GETLK says unlocked");
	checkv(CALL(fcntl, (uint64_t)tf, F_GETLK, 0), -EFAULT, "F_GETLK bad pointer: EFAULT");

	/* getdents (old format) matches the host's */
	uint64_t dp = gstr("/");
	long d1 = CALL(open, dp, O_RDONLY | O_DIRECTORY, 0);
	int d2 = open("/", O_RDONLY | O_DIRECTORY);
	uint64_t gb = galloc(65536);
	char *hb = malloc(65536);
	long g1 = CALL(getdents, (uint64_t)d1, gb, 65536);
	long g2 = syscall(SYS_getdents, d2, hb, 65536);
	int same = g1 > 0 && g1 == g2;
	for (long off = 0; same && off < g1;) {
		/* fields only: Linux leaves the padding bytes as they were */
		const char *x = (const char *)gb + off, *y = hb + off;
		uint16_t rl = *(const uint16_t *)(x + 16);
		same = memcmp(x, y, 18) == 0 && strcmp(x + 18, y + 18) == 0 && x[rl - 1] == y[rl - 1];
		off += rl;
	}
	check(same, "getdents old format equals host's");
	free(hb);
	close((int)d1);
	close(d2);

	uint64_t cwd = galloc(PATH_MAX);
	char host[PATH_MAX];
	getcwd(host, sizeof host);
	checkv(CALL(getcwd, cwd, PATH_MAX), (long)strlen(host) + 1, "getcwd length with NUL");
	checkv(CALL(getcwd, cwd, 1), -ERANGE, "getcwd small: ERANGE");
	close(tf);
	close((int)fd);
}

static void test_sysroot(void)
{
	char root[] = "/tmp/elfuse-root-XXXXXX";
	check(mkdtemp(root) != NULL, "mkdtemp");
	char path[PATH_MAX * 2];
	snprintf(path, sizeof path, "%s/etc", root);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/etc/hostname", root);
	FILE *f = fopen(path, "w");
	fputs("inside\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/abs", root);
	check(symlink("/etc/hostname", path) == 0, "symlink abs");
	snprintf(path, sizeof path, "%s/up", root);
	check(symlink("../../../../../etc/hostname", path) == 0, "symlink up");
	snprintf(path, sizeof path, "%s/sub", root);
	mkdir(path, 0755);

	proc.sysroot = root;
	proc.root_fd = -1;
	char saved[PATH_MAX];
	getcwd(saved, sizeof saved);
	chdir(root);

	uint64_t buf = galloc(64);
	const char *names[] = {"/etc/hostname", "/abs", "/up", "/../../etc/hostname", "up", "sub/../../../abs"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		long fd = CALL(open, gstr(names[i]), O_RDONLY, 0);
		memset((void *)buf, 0, 64);
		long n = fd >= 0 ? CALL(read, (uint64_t)fd, buf, 63) : fd;
		char what[128];
		snprintf(what, sizeof what, "sysroot open %s stays inside", names[i]);
		check(n == 7 && strcmp((char *)buf, "inside\n") == 0, what);
		if (fd >= 0)
			close((int)fd);
	}
	uint64_t st = galloc(256);
	checkv(CALL(stat, gstr("/abs"), st), 0, "sysroot stat follows inside");
	checkv(CALL(lstat, gstr("/abs"), st), 0, "sysroot lstat");
	check(S_ISLNK(((struct stat *)st)->st_mode), "sysroot lstat sees the link");
	checkv(CALL(mkdir, gstr("/newdir"), 0755), 0, "sysroot mkdir /newdir");
	snprintf(path, sizeof path, "%s/newdir", root);
	check(access(path, F_OK) == 0, "mkdir landed inside the sysroot");
	checkv(CALL(mkdir, gstr("/newdir/."), 0755), -EEXIST, "sysroot mkdir dir/.: EEXIST");
	checkv(CALL(rmdir, gstr("/newdir/..")), -ENOTEMPTY, "sysroot rmdir ..: ENOTEMPTY");
	checkv(CALL(rename, gstr("/newdir"), gstr("/sub/moved")), 0, "sysroot rename");
	checkv(CALL(rmdir, gstr("/sub/moved")), 0, "sysroot rmdir");
	checkv(CALL(chdir, gstr("/sub")), 0, "sysroot chdir /sub");
	uint64_t cwd = galloc(PATH_MAX);
	checkv(CALL(getcwd, cwd, PATH_MAX), 5, "sysroot getcwd length");
	check(strcmp((char *)cwd, "/sub") == 0, "sysroot getcwd is /sub");
	checkv(CALL(chdir, gstr("../../..")), 0, "sysroot chdir ../../.. clamps");
	CALL(getcwd, cwd, PATH_MAX);
	check(strcmp((char *)cwd, "/") == 0, "sysroot getcwd is / after climbing");
	uint64_t lb = galloc(256);
	long n = CALL(readlink, gstr("/abs"), lb, 256);
	check(n == 13 && memcmp((void *)lb, "/etc/hostname", 13) == 0, "sysroot readlink verbatim");
	checkv(CALL(readlink, gstr("/sub/"), lb, 256), -EINVAL, "sysroot readlink of a dir/: EINVAL");
	checkv(CALL(symlink, gstr("target"), gstr("/sub/l")), 0, "sysroot symlink");
	checkv(CALL(unlink, gstr("/sub/l")), 0, "sysroot unlink");
	checkv(CALL(access, gstr("/etc/hostname"), R_OK), 0, "sysroot access");
	checkv(CALL(access, gstr("/dev/null"), R_OK), 0, "sysroot /dev is the host's");
	long fd = CALL(open, gstr("/sub"), O_RDONLY | O_DIRECTORY, 0);
	check(fd >= 0, "sysroot open dir");
	checkv(CALL(openat, (uint64_t)fd, gstr("../abs"), O_RDONLY, 0) >= 0, 1, "sysroot openat dirfd ../abs");
	snprintf(path, sizeof path, "/proc/self/fd/%ld", fd);
	n = CALL(readlink, gstr(path), lb, 256);
	check(n == 4 && memcmp((void *)lb, "/sub", 4) == 0, "sysroot readlink /proc/self/fd/N is the guest path");

	chdir(saved);
	proc.sysroot = NULL;
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	(void)!system(cmd);
}

int main(void)
{
	private_fd_init();
	arena = mmap(NULL, ARENA_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bump = (uint64_t)arena;
	proc.mm = &fake_mm;
	proc.pid = getpid();
	proc.nofile_cur = 1024;
	proc.root_fd = -1;
	strcpy(proc.exe, "/usr/bin/guest-program");
	thr.proc = &proc;
	thr.tid = getpid();
	test_rw();
	test_bigfile();
	test_fds();
	test_misc();
	test_sysroot();
	printf("%s\n", failures ? "FAIL test_fs_handlers" : "ok test_fs_handlers");
	return failures != 0;
}
