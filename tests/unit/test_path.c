/* tests/unit/test_path.c: host-side tests of the pure path helpers (src/fs/pathname.c).
 * Build: cc -std=c11 -Wall -Wextra -D_GNU_SOURCE -Isrc -o build/test_path tests/unit/test_path.c src/fs/pathname.c */
#include <stdio.h>
#include <string.h>

#include "fs/pathname.h"

static int failures;

static void check(int cond, const char *what)
{
	printf("%s %s\n", cond ? "ok" : "FAIL", what);
	if (!cond)
		failures++;
}

static void split_case(const char *path, const char *dir, const char *last, int flags)
{
	size_t dl, lo, ll;
	int f = path_split(path, &dl, &lo, &ll);
	char what[256];
	snprintf(what, sizeof what, "path_split(\"%s\") -> dir \"%s\" last \"%s\" flags %d", path, dir, last, flags);
	check(f == flags && dl == strlen(dir) && strncmp(path, dir, dl) == 0 && ll == strlen(last) &&
		  strncmp(path + lo, last, ll) == 0,
	      what);
}

static void proc_case(const char *path, long pid, enum proc_kind want, int want_num, const char *want_rest)
{
	int num = -1;
	const char *rest = NULL;
	enum proc_kind k = path_proc_classify(path, pid, &num, &rest);
	char what[256];
	snprintf(what, sizeof what, "path_proc_classify(\"%s\") = %d", path, (int)want);
	int good = k == want;
	if (good && want == PROC_FD)
		good = num == want_num && rest && strcmp(rest, want_rest) == 0;
	check(good, what);
}

static void strip_case(const char *in, const char *prefix, int want, const char *out)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", in);
	int r = path_strip_prefix(buf, prefix, strlen(prefix));
	char what[256];
	snprintf(what, sizeof what, "path_strip_prefix(\"%s\", \"%s\") -> %d \"%s\"", in, prefix, want, out);
	check(r == want && strcmp(buf, out) == 0, what);
}

int main(void)
{
	split_case("a", "", "a", 0);
	split_case("a/b", "a/", "b", 0);
	split_case("/a/b/c", "/a/b/", "c", 0);
	split_case("a//b", "a//", "b", 0);
	split_case("a/b/", "a/", "b", PS_TRAILING);
	split_case("a/b//", "a/", "b", PS_TRAILING);
	split_case("/a", "/", "a", 0);
	split_case("/", "/", "", PS_ROOT);
	split_case("///", "///", "", PS_ROOT);
	split_case("", "", "", 0);
	split_case(".", "", ".", PS_DOT);
	split_case("a/.", "a/", ".", PS_DOT);
	split_case("a/..", "a/", "..", PS_DOTDOT);
	split_case("../", "", "..", PS_DOTDOT | PS_TRAILING);
	split_case("a/...", "a/", "...", 0);
	split_case(".hidden", "", ".hidden", 0);

	check(path_parse_num("0", 1) == 0, "parse 0");
	check(path_parse_num("123", 3) == 123, "parse 123");
	check(path_parse_num("012", 3) == -1, "parse rejects leading zero");
	check(path_parse_num("", 0) == -1, "parse rejects empty");
	check(path_parse_num("12a", 3) == -1, "parse rejects letters");
	check(path_parse_num("+1", 2) == -1, "parse rejects sign");
	check(path_parse_num("1234567890", 10) == -1, "parse rejects 10 digits");

	proc_case("/proc/self/exe", 42, PROC_EXE, 0, "");
	proc_case("/proc/42/exe", 42, PROC_EXE, 0, "");
	proc_case("/proc/43/exe", 42, PROC_NONE, 0, "");
	proc_case("/proc/thread-self/exe", 42, PROC_EXE, 0, "");
	proc_case("/proc/self/task/99/exe", 42, PROC_EXE, 0, "");
	proc_case("//proc//self/./exe", 42, PROC_EXE, 0, "");
	proc_case("/proc/self/../self/exe", 42, PROC_NONE, 0, "");
	proc_case("/proc/self/exe/", 42, PROC_NONE, 0, "");
	proc_case("/proc/self/exe/.", 42, PROC_NONE, 0, "");
	proc_case("/proc/self/exe/x", 42, PROC_NONE, 0, "");
	proc_case("/proc/self/fd", 42, PROC_FD_DIR, 0, "");
	proc_case("/proc/self/fd/", 42, PROC_FD_DIR, 0, "");
	proc_case("/proc/42/fdinfo", 42, PROC_FD_DIR, 0, "");
	proc_case("/proc/self/fd/7", 42, PROC_FD, 7, "");
	proc_case("/proc/self/fdinfo/1000", 42, PROC_FD, 1000, "");
	proc_case("/proc/42/task/42/fd/3/sub", 42, PROC_FD, 3, "/sub");
	proc_case("/proc/self/fd/07", 42, PROC_NONE, 0, "");
	proc_case("/proc/self/cwd", 42, PROC_CWD, 0, "");
	proc_case("/proc/self/root", 42, PROC_ROOT, 0, "");
	proc_case("/proc/self/maps", 42, PROC_NONE, 0, "");
	proc_case("/proc/cpuinfo", 42, PROC_NONE, 0, "");
	proc_case("/procx/self/exe", 42, PROC_NONE, 0, "");
	proc_case("proc/self/exe", 42, PROC_NONE, 0, "");
	proc_case("/etc/passwd", 42, PROC_NONE, 0, "");

	strip_case("/srv/root", "/srv/root", 1, "/");
	strip_case("/srv/root/etc", "/srv/root", 1, "/etc");
	strip_case("/srv/rootx/etc", "/srv/root", 0, "/srv/rootx/etc");
	strip_case("/srv", "/srv/root", 0, "/srv");
	strip_case("/other", "/srv/root", 0, "/other");

	check(path_is_host_bound("/proc"), "host bound /proc");
	check(path_is_host_bound("/proc/self/maps"), "host bound /proc/...");
	check(path_is_host_bound("//dev/null"), "host bound //dev/null");
	check(path_is_host_bound("/sys/kernel"), "host bound /sys");
	check(!path_is_host_bound("/devices"), "not host bound /devices");
	check(!path_is_host_bound("/etc/passwd"), "not host bound /etc");
	check(!path_is_host_bound("proc"), "not host bound relative proc");

	printf("%s\n", failures ? "FAIL test_path" : "ok test_path");
	return failures != 0;
}
