/* main.c: the command line: options -> launch description. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/fuse/fuse.h"
#include "run/run.h"

#define ELFUSE_VERSION "0.1.0"

extern char **environ;

static void usage(FILE *f)
{
	fprintf(f, "usage: elfuse [options] [--] PROGRAM [ARGS...]\n"
		   "Run an x86_64 Linux program inside a process-owned KVM virtual machine.\n\n"
		   "  --sysroot DIR     resolve the guest's absolute paths inside DIR (default /)\n"
		   "  --trace[=FILE]    print one line per guest syscall (strace style) to stderr or FILE\n"
		   "  --verbose         print elfuse's own decisions to stderr\n"
		   "  --stats           print per-syscall counts and times and VM exits at exit\n"
		   "  --no-fast-syscalls  every syscall exits the VM (no shared-page transport)\n"
		   "  --help            show this help\n"
		   "  --version         show the version\n");
}

/* PATH lookup like a shell: the first executable match wins. */
static char *find_in_path(const char *prog, const char *sysroot)
{
	if (strchr(prog, '/'))
		return strdup(prog);
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	char *copy = strdup(path), *save = NULL;
	char *found = NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		char guest[4096], host[8192];
		snprintf(guest, sizeof guest, "%s/%s", *dir ? dir : ".", prog);
		snprintf(host, sizeof host, "%s%s", sysroot && guest[0] == '/' ? sysroot : "", guest);
		struct stat st;
		if (stat(host, &st) == 0 && S_ISREG(st.st_mode) && access(host, X_OK) == 0) {
			found = strdup(guest);
			break;
		}
	}
	free(copy);
	return found;
}

int main(int argc, char **argv)
{
	struct launch l = {0};
	/* The tree's FUSE server: elfuse re-executed by fs/fuse (not a user option). */
	if (argc >= 2 && strcmp(argv[1], "--fuse-server") == 0)
		return fuse_server_main(argc, argv);
	if (getenv("ELFUSE_STATS"))
		run_stats_on = 1;
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == 0)
			break;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("elfuse %s\n", ELFUSE_VERSION);
			return 0;
		} else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
			l.verbose = 1;
		} else if (strcmp(a, "--bench-exit") == 0 && i + 1 < argc) {
			return run_bench_exit(atol(argv[i + 1]));
		} else if (strcmp(a, "--stats") == 0) {
			run_stats_on = 1;
		} else if (strcmp(a, "--no-fast-syscalls") == 0) {
			run_xport_disable();
		} else if (strcmp(a, "--trace") == 0) {
			l.trace_file = "";
		} else if (strncmp(a, "--trace=", 8) == 0) {
			l.trace_file = a + 8;
		} else if (strcmp(a, "--sysroot") == 0 && i + 1 < argc) {
			l.sysroot = argv[++i];
		} else if (strncmp(a, "--sysroot=", 10) == 0) {
			l.sysroot = a + 10;
		} else {
			fprintf(stderr, "elfuse: unknown option %s\n", a);
			usage(stderr);
			return 125;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return 125;
	}
	const char *sysroot = l.sysroot && strcmp(l.sysroot, "/") != 0 ? l.sysroot : NULL;
	char *path = find_in_path(argv[i], sysroot);
	if (!path) {
		fprintf(stderr, "elfuse: %s: command not found\n", argv[i]);
		return 127;
	}
	l.path = path;
	l.argv = argv + i;
	l.envp = environ;
	int status = run_launch(&l); /* returns only when the program could not start */
	free(path);
	return status;
}
