// fsfuzz: a seeded random sequence of file-system calls on a small set of
// names under DIR, each printed with its result (errno names, sizes, modes,
// link counts, contents' checksums: nothing that differs between runs).
// The FUSE cases run it on a mount natively (kernel FUSE) and under elfuse
// and compare the transcripts.
//
//   fsfuzz DIR SEED COUNT [UID]    (UID: run as that user and group, after
//                                  making DIR theirs)
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/xattr.h>
#include <grp.h>
#include <unistd.h>

static uint64_t rng;
static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}
static uint32_t pick(uint32_t n) { return next() % n; }

static const char *en(int e)
{
	static char b[32];
	switch (e) {
#define E(x) case x: return #x;
	E(EPERM) E(ENOENT) E(EIO) E(EBADF) E(EACCES) E(EEXIST) E(EXDEV) E(ENOTDIR) E(EISDIR) E(EINVAL)
	E(EFBIG) E(ENOSPC) E(EROFS) E(EMLINK) E(ENAMETOOLONG) E(ENOTEMPTY) E(ELOOP) E(ENODATA)
	E(ERANGE) E(EOPNOTSUPP) E(ENOSYS) E(EBUSY) E(ETXTBSY) E(ENXIO)
#undef E
	default:
		snprintf(b, sizeof b, "errno%d", e);
		return b;
	}
}

// The names: a few files and directories, two levels deep, plus a dangling
// and a looping symlink target.
static const char *names[] = {"a", "b", "c", "d1", "d1/a", "d1/b", "d1/d2", "d1/d2/a", "d3", "d3/x", "l", "d1/l"};
#define NNAMES (sizeof names / sizeof names[0])
static const char *targets[] = {"a", "d1", "../a", "nowhere", "l", "d1/d2", "b"};
#define NTARGETS (sizeof targets / sizeof targets[0])

static char dir[4096];
static const char *path(const char *n)
{
	static char p[2][8192];
	static int k;
	k ^= 1;
	snprintf(p[k], sizeof p[k], "%s/%s", dir, n);
	return p[k];
}
static const char *rname(void) { return names[pick(NNAMES)]; }

static void res(const char *what, long r)
{
	if (r < 0)
		printf("%s: %s\n", what, en(errno));
	else
		printf("%s: %ld\n", what, r);
}

static uint32_t sum(const unsigned char *b, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static void show_stat(const char *what, const char *n, int l)
{
	struct stat st;
	int r = l ? lstat(path(n), &st) : stat(path(n), &st);
	if (r < 0) {
		printf("%s %s: %s\n", what, n, en(errno));
		return;
	}
	char t = S_ISREG(st.st_mode) ? 'f' : S_ISDIR(st.st_mode) ? 'd' : S_ISLNK(st.st_mode) ? 'l' : '?';
	// A directory's size and link count depend on the backing file system only.
	if (t == 'd')
		printf("%s %s: %c %04o\n", what, n, t, st.st_mode & 07777);
	else
		printf("%s %s: %c %04o size %lld nlink %lu\n", what, n, t, st.st_mode & 07777, (long long)st.st_size,
		       (unsigned long)st.st_nlink);
}

static int cmp(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

static void listdir(const char *n)
{
	DIR *d = opendir(path(n));
	if (!d) {
		printf("readdir %s: %s\n", n, en(errno));
		return;
	}
	char *v[64];
	int k = 0;
	struct dirent *e;
	while ((e = readdir(d)) && k < 64)
		v[k++] = strdup(e->d_name);
	closedir(d);
	qsort(v, k, sizeof v[0], cmp);
	printf("readdir %s:", n);
	for (int i = 0; i < k; i++) {
		printf(" %s", v[i]);
		free(v[i]);
	}
	printf("\n");
}

static void one(void)
{
	static unsigned char buf[70000];
	char what[256];
	const char *n = rname(), *m = rname();
	int fd;
	switch (pick(30)) {
	case 0: case 1: { // create and write
		int fl = O_WRONLY | O_CREAT | (pick(3) == 0 ? O_TRUNC : 0) | (pick(4) == 0 ? O_EXCL : 0);
		fd = open(path(n), fl, pick(2) ? 0644 : 0600);
		size_t len = pick(3) == 0 ? pick(70000) : pick(300);
		for (size_t i = 0; i < len; i++)
			buf[i] = (unsigned char)next();
		off_t off = pick(3) == 0 ? (off_t)pick(100000) : 0;
		snprintf(what, sizeof what, "create %s flags %x", n, fl);
		res(what, fd < 0 ? -1 : 0);
		if (fd >= 0) {
			snprintf(what, sizeof what, "pwrite %s %zu@%lld", n, len, (long long)off);
			res(what, pwrite(fd, buf, len, off));
			close(fd);
		}
		break;
	}
	case 2: // append
		fd = open(path(n), O_WRONLY | O_APPEND);
		snprintf(what, sizeof what, "append %s", n);
		if (fd < 0) {
			res(what, -1);
			break;
		}
		memset(buf, 'z', 1000);
		res(what, write(fd, buf, 1 + pick(1000)));
		close(fd);
		break;
	case 3: case 4: { // read it all
		fd = open(path(n), O_RDONLY);
		if (fd < 0) {
			printf("read %s: %s\n", n, en(errno));
			break;
		}
		ssize_t r, tot = 0;
		uint32_t h = 0;
		while ((r = read(fd, buf, sizeof buf)) > 0) {
			h ^= sum(buf, (size_t)r) + (uint32_t)tot;
			tot += r;
		}
		if (r < 0)
			printf("read %s: %s after %zd\n", n, en(errno), tot);
		else
			printf("read %s: %zd bytes sum %08x\n", n, tot, h);
		close(fd);
		break;
	}
	case 5:
		snprintf(what, sizeof what, "truncate %s", n);
		res(what, truncate(path(n), pick(2) ? pick(5000) : 0));
		break;
	case 6:
		snprintf(what, sizeof what, "mkdir %s", n);
		res(what, mkdir(path(n), 0755));
		break;
	case 7:
		snprintf(what, sizeof what, "rmdir %s", n);
		res(what, rmdir(path(n)));
		break;
	case 8:
		snprintf(what, sizeof what, "unlink %s", n);
		res(what, unlink(path(n)));
		break;
	case 9: case 10:
		snprintf(what, sizeof what, "rename %s %s", n, m);
		res(what, rename(path(n), path(m)));
		break;
	case 11:
		snprintf(what, sizeof what, "link %s %s", n, m);
		res(what, link(path(n), path(m)));
		break;
	case 12: {
		const char *tg = targets[pick(NTARGETS)];
		snprintf(what, sizeof what, "symlink %s %s", tg, n);
		res(what, symlink(tg, path(n)));
		break;
	}
	case 13: {
		char l[256];
		ssize_t r = readlink(path(n), l, sizeof l - 1);
		if (r < 0)
			printf("readlink %s: %s\n", n, en(errno));
		else
			printf("readlink %s: %.*s\n", n, (int)r, l);
		break;
	}
	case 14:
		show_stat("stat", n, 0);
		break;
	case 15:
		show_stat("lstat", n, 1);
		break;
	case 16: {
		static const mode_t mds[] = {0755, 0640, 0500, 0300, 0, 01777};
		mode_t md = mds[pick(6)];
		snprintf(what, sizeof what, "chmod %s %o", n, md);
		res(what, chmod(path(n), md));
		break;
	}
	case 17:
		listdir(pick(3) == 0 ? "." : n);
		break;
	case 18: {
		struct timespec ts[2] = {{1234567890, 0}, {1234567890 + (time_t)pick(1000), 500}};
		snprintf(what, sizeof what, "utimens %s", n);
		int r = utimensat(AT_FDCWD, path(n), ts, pick(2) ? AT_SYMLINK_NOFOLLOW : 0);
		res(what, r);
		struct stat st;
		if (r == 0 && lstat(path(n), &st) == 0) /* (a symlink's own times may be left alone: now) */
			printf("  mtime %s\n", st.st_mtim.tv_sec == ts[1].tv_sec ? "as set" : "not as set");
		break;
	}
	case 19:
		snprintf(what, sizeof what, "access %s", n);
		res(what, access(path(n), pick(2) ? R_OK | W_OK : F_OK));
		break;
	case 20: { // open a directory the wrong ways, and a file as a directory
		static const int fl[] = {O_RDONLY | O_DIRECTORY, O_WRONLY, O_RDWR | O_CREAT, O_RDONLY | O_NOFOLLOW,
					 O_PATH | O_NOFOLLOW};
		int f = fl[pick(5)];
		fd = open(path(n), f, 0644);
		snprintf(what, sizeof what, "open %s flags %x", n, f);
		res(what, fd < 0 ? -1 : 0);
		if (fd >= 0)
			close(fd);
		break;
	}
	case 21: { // fd operations
		fd = open(path(n), O_RDWR);
		snprintf(what, sizeof what, "fdops %s", n);
		if (fd < 0) {
			res(what, -1);
			break;
		}
		off_t len = (off_t)pick(9000);
		snprintf(what, sizeof what, "ftruncate %s %lld", n, (long long)len);
		res(what, ftruncate(fd, len));
		snprintf(what, sizeof what, "lseek end %s", n);
		res(what, lseek(fd, 0, SEEK_END));
		snprintf(what, sizeof what, "fsync %s", n);
		res(what, fsync(fd));
		struct stat st;
		if (fstat(fd, &st) == 0)
			printf("  fstat size %lld nlink %lu\n", (long long)st.st_size, (unsigned long)st.st_nlink);
		close(fd);
		break;
	}
	case 22: { // renameat2 flags
		unsigned fl = pick(2) ? 1 /* RENAME_NOREPLACE */ : 2 /* RENAME_EXCHANGE */;
		snprintf(what, sizeof what, "renameat2 %s %s %u", n, m, fl);
		res(what, renameat2(AT_FDCWD, path(n), AT_FDCWD, path(m), fl));
		break;
	}
	case 24: { // extended attributes
		static const char *xn[] = {"user.a", "user.b", "trusted.x", "bogus"};
		const char *x = xn[pick(4)];
		int op = pick(4);
		if (op == 0) {
			snprintf(what, sizeof what, "setxattr %s %s", n, x);
			res(what, setxattr(path(n), x, "value", 1 + pick(5), pick(3) == 0 ? XATTR_CREATE : 0));
		} else if (op == 1) {
			char v[64];
			ssize_t r = getxattr(path(n), x, v, pick(2) ? sizeof v : 2);
			if (r < 0)
				printf("getxattr %s %s: %s\n", n, x, en(errno));
			else
				printf("getxattr %s %s: %.*s\n", n, x, (int)r, v);
		} else if (op == 2) {
			char v[256];
			ssize_t r = listxattr(path(n), v, sizeof v);
			if (r < 0) {
				printf("listxattr %s: %s\n", n, en(errno));
				break;
			}
			// (the backing file system may add its own: count ours)
			int ours = 0;
			for (ssize_t o = 0; o < r; o += (ssize_t)strlen(v + o) + 1)
				ours += strncmp(v + o, "user.", 5) == 0;
			printf("listxattr %s: %d user names\n", n, ours);
		} else {
			snprintf(what, sizeof what, "removexattr %s %s", n, x);
			res(what, removexattr(path(n), x));
		}
		break;
	}
	case 25: { // mknod of a regular file (a fifo would block the opens)
		mode_t md = S_IFREG | (pick(2) ? 0644 : 0600);
		snprintf(what, sizeof what, "mknod %s %o", n, md);
		res(what, mknod(path(n), md, 0));
		break;
	}
	case 26: { // fallocate and holes
		fd = open(path(n), O_RDWR);
		snprintf(what, sizeof what, "fallocate %s", n);
		if (fd < 0) {
			res(what, -1);
			break;
		}
		off_t off = (off_t)pick(20000), len = 1 + (off_t)pick(20000);
		int mode = pick(2) ? 0 : FALLOC_FL_KEEP_SIZE;
		snprintf(what, sizeof what, "fallocate %s mode %d", n, mode);
		res(what, fallocate(fd, mode, off, len));
		struct stat st;
		if (fstat(fd, &st) == 0)
			printf("  size %lld\n", (long long)st.st_size);
		close(fd);
		break;
	}
	case 27: { // reads at offsets, past the end, zero-length
		fd = open(path(n), O_RDONLY);
		if (fd < 0) {
			printf("pread %s: %s\n", n, en(errno));
			break;
		}
		off_t off = (off_t)pick(3) == 0 ? 1000000 : (off_t)pick(6000);
		size_t len = pick(4) == 0 ? 0 : pick(9000);
		ssize_t r = pread(fd, buf, len, off);
		if (r < 0)
			printf("pread %s %zu@%lld: %s\n", n, len, (long long)off, en(errno));
		else
			printf("pread %s %zu@%lld: %zd sum %08x\n", n, len, (long long)off, r, sum(buf, (size_t)r));
		close(fd);
		break;
	}
	case 28: { // open flags on existing names
		static const int fl[] = {O_RDONLY | O_TRUNC, O_WRONLY | O_TRUNC, O_RDWR | O_APPEND, O_WRONLY | O_CREAT | O_EXCL,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW};
		int f = fl[pick(5)];
		fd = open(path(n), f, 0600);
		snprintf(what, sizeof what, "open2 %s flags %x", n, f);
		res(what, fd < 0 ? -1 : 0);
		if (fd >= 0) {
			struct stat st;
			if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
				printf("  size %lld\n", (long long)st.st_size);
			close(fd);
		}
		break;
	}
	case 29: { // statfs names the file system, not a file
		struct statfs sf;
		snprintf(what, sizeof what, "statfs %s", n);
		res(what, statfs(path(n), &sf));
		break;
	}
	case 23: { // relative paths from a directory fd
		int dfd = open(path(pick(2) ? "d1" : "."), O_RDONLY | O_DIRECTORY);
		snprintf(what, sizeof what, "openat-dir");
		if (dfd < 0) {
			res(what, -1);
			break;
		}
		const char *rel = pick(2) ? "../a" : "a";
		struct stat st;
		snprintf(what, sizeof what, "fstatat %s", rel);
		int r = fstatat(dfd, rel, &st, AT_SYMLINK_NOFOLLOW);
		res(what, r);
		snprintf(what, sizeof what, "mkdirat %s", rel);
		res(what, mkdirat(dfd, pick(2) ? "d2" : "new", 0700));
		close(dfd);
		break;
	}
	}
}

int main(int argc, char **argv)
{
	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: fsfuzz DIR SEED COUNT [UID]\n");
		return 2;
	}
	if (argc == 5) {
		uid_t u = (uid_t)atoi(argv[4]);
		if (chown(argv[1], u, u) < 0 || setgroups(0, NULL) < 0 || setresgid(u, u, u) < 0 || setresuid(u, u, u) < 0) {
			perror("fsfuzz: dropping to UID");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(dir, sizeof dir, "%s", argv[1]);
	rng = strtoull(argv[2], NULL, 0) * 0x9e3779b97f4a7c15ULL + 1;
	long count = atol(argv[3]);
	umask(022);
	// A starting tree, so that most calls find something.
	mkdir(path("d1"), 0755);
	mkdir(path("d1/d2"), 0755);
	mkdir(path("d3"), 0755);
	close(open(path("a"), O_WRONLY | O_CREAT, 0644));
	close(open(path("d1/b"), O_WRONLY | O_CREAT, 0600));
	symlink("a", path("l"));
	for (long i = 0; i < count; i++) {
		printf("%ld ", i);
		one();
	}
	// The final tree, from the top.
	static const char *dirs[] = {".", "d1", "d1/d2", "d3"};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		listdir(dirs[i]);
	for (size_t i = 0; i < NNAMES; i++)
		show_stat("final", names[i], 1);
	return 0;
}
