/* tests/unit/test_trace.c: host-side test of the --trace line formatter (syscall/trace.c).
 * Linked with the elfuse objects by tests/run; no guest memory: string
 * arguments are tested through trace_quote, and a thread without an mm
 * prints a string argument as its address. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "syscall/syscall.h"
#include "syscall/trace.h"

static int failures, passes;

static void check_str(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want) == 0) {
		passes++;
		printf("ok   %s\n", what);
	} else {
		failures++;
		printf("FAIL %s\n  got:  %s\n  want: %s\n", what, got, want);
	}
}

static void check_line(const char *what, uint64_t nr, const uint64_t *a, long ret, const char *want)
{
	struct process p;
	struct thread t;
	memset(&p, 0, sizeof(p));
	memset(&t, 0, sizeof(t));
	t.proc = &p; /* no mm: string arguments print as addresses */
	char buf[4096];
	trace_format(buf, sizeof(buf), &t, nr, a, ret);
	check_str(what, buf, want);
}

int main(void)
{
	{
		uint64_t a[6] = {(uint64_t)-100, 0x1000, 0x80000, 0, 0, 0};
		check_line("openat", 257, a, 3, "openat(AT_FDCWD, 0x1000, 0x80000, 000) = 3\n");
	}
	{
		uint64_t a[6] = {0x1000, 0x241, 0644, 0, 0, 0};
		check_line("open ENOENT", 2, a, -ENOENT,
			   "open(0x1000, 0x241, 0644) = -1 ENOENT (No such file or directory)\n");
	}
	{
		uint64_t a[6] = {0, 0, 0, 0, 0, 0};
		check_line("NULL string", 87, a, -EFAULT, "unlink(NULL) = -1 EFAULT (Bad address)\n");
	}
	{
		uint64_t a[6] = {1, 0x7ffc0000, 5, 0, 0, 0};
		check_line("write", 1, a, 5, "write(1, 0x7ffc0000, 5) = 5\n");
	}
	{
		uint64_t a[6] = {0, 0x2000, 3, 0x22, (uint64_t)-1, 0};
		check_line("mmap", 9, a, 0x7f0000001000L, "mmap(0, 0x2000, 0x3, 0x22, -1, 0) = 0x7f0000001000\n");
	}
	{
		uint64_t a[6] = {0, 0, 0, 0, 0, 0};
		check_line("exit_group", 231, a, SYSCALL_NORETURN_VALUE, "exit_group(0) = ?\n");
	}
	{
		uint64_t a[6] = {1, 2, 3, 4, 5, 6};
		check_line("unknown number", 0x1c8, a, -ENOSYS,
			   "syscall_0x1c8(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented) "
			   "(elfuse: not implemented)\n");
	}
	{
		uint64_t a[6] = {0, 0, 0, 0, 0, 0};
		check_line(
		    "missing handler", 153, a, -ENOSYS,
		    "vhangup(0, 0, 0, 0, 0, 0) = -1 ENOSYS (Function not implemented) (elfuse: not implemented)\n");
		check_line("handler's own ENOSYS", 39, a, -ENOSYS, "getpid() = -1 ENOSYS (Function not implemented)\n");
	}
	{
		uint64_t a[6] = {(uint64_t)-1, 0, 0, 0, 0, 0};
		check_line("signed arg", 62, a, -300, "kill(-1, 0) = -1 ERRNO_300 (Unknown error 300)\n");
		check_line("restart code", 62, a, -512,
			   "kill(-1, 0) = -1 ERESTARTSYS (To be restarted if SA_RESTART is set)\n");
	}
	{
		uint64_t a[6] = {5, 0x2000, 0, 0, 0, 0};
		check_line("dirfd number", 263, a, 0, "unlinkat(5, 0x2000, 0) = 0\n");
	}
	check_str("errno 1", trace_errno_name(1), "EPERM");
	check_str("errno 11", trace_errno_name(11), "EAGAIN");
	check_str("errno 95", trace_errno_name(95), "EOPNOTSUPP");
	check_str("errno 133", trace_errno_name(133), "EHWPOISON");
	check_str("errno 516", trace_errno_name(516), "ERESTART_RESTARTBLOCK");
	check_str("errno 41 is an alias slot", trace_errno_name(41) ? "name" : "NULL", "NULL");
	check_str("errno 0", trace_errno_name(0) ? "name" : "NULL", "NULL");
	{
		int missing = 0;
		for (int e = 1; e <= 133; e++)
			if (e != 41 && e != 58 && !trace_errno_name(e))
				missing++;
		check_str("every errno 1..133 named", missing ? "some missing" : "all", "all");
	}
	{
		char q[64];
		trace_quote(q, sizeof(q), "ab\0c", 4, 1);
		check_str("quote NUL", q, "\"ab\\0c\"...");
		trace_quote(q, 8, "abcdefghijkl", 12, 0);
		check_str("quote bounded", q, "\"abcdef");
		trace_quote(q, sizeof(q), "/etc/passwd", 11, 0);
		check_str("quote plain", q, "\"/etc/passwd\"");
		trace_quote(q, sizeof(q), "0123456789abcdef0123456789abcdef", 32, 1);
		check_str("quote truncated", q, "\"0123456789abcdef0123456789abcdef\"...");
		trace_quote(q, sizeof(q),
			    "a\nb\"c\\\x1b[0m\x01"
			    "7\t",
			    13, 0);
		check_str("quote escapes", q, "\"a\\nb\\\"c\\\\\\33[0m\\0017\\t\"");
	}
	printf("%d passed, %d failed\n", passes, failures);
	return failures ? 1 : 0;
}
