/* bench/progs/fsops.c: file-system workloads for the FUSE benchmark; prints
 * "BENCH op=NAME n=N ns=T" with the time measured around the loop. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	const char *op = argv[1], *path = argv[2];
	long n = atol(argv[3]);
	static char buf[1 << 20];
	char name[4096];
	long long t0 = now_ns();
	if (!strcmp(op, "write")) { /* n MiB sequential write */
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			return 1;
		memset(buf, 'x', sizeof buf);
		for (long i = 0; i < n; i++)
			if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
				return 1;
		if (fsync(fd) < 0 || close(fd) < 0)
			return 1;
	} else if (!strcmp(op, "read")) { /* the whole file, sequentially */
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			return 1;
		long total = 0;
		ssize_t r;
		while ((r = read(fd, buf, sizeof buf)) > 0)
			total += r;
		close(fd);
		if (total != n << 20)
			return 1;
	} else if (!strcmp(op, "mkfiles")) { /* n empty files (setup) */
		mkdir(path, 0755);
		for (long i = 0; i < n; i++) {
			snprintf(name, sizeof name, "%s/f%ld", path, i);
			int fd = open(name, O_WRONLY | O_CREAT, 0644);
			if (fd < 0)
				return 1;
			close(fd);
		}
	} else if (!strcmp(op, "stat")) { /* stat n files made by mkfiles */
		struct stat st;
		for (long i = 0; i < n; i++) {
			snprintf(name, sizeof name, "%s/f%ld", path, i);
			if (stat(name, &st) < 0)
				return 1;
		}
	} else if (!strcmp(op, "create_unlink")) {
		mkdir(path, 0755);
		for (long i = 0; i < n; i++) {
			snprintf(name, sizeof name, "%s/c%ld", path, i);
			int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
			if (fd < 0 || close(fd) < 0 || unlink(name) < 0)
				return 1;
		}
	} else {
		return 2;
	}
	printf("BENCH op=%s n=%ld ns=%lld\n", op, n, now_ns() - t0);
	return 0;
}
