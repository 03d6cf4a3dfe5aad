/* syscall/trace.c: --trace output (strace-style syscall lines) and --verbose notes. */
#include "syscall/trace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "platform/private_fd.h"
#include "syscall/syscall.h"

/* Longest string argument printed, as strace's default -s 32. */
#define STR_MAX 32
#define LINE_MAX_LEN 4096
#define ARGS_MAX_LEN 2048
#define NR_TABLE 512

struct sc_info {
	const char *name;
	const char *kinds;
	syscall_fn handler; /* NULL when no handler is linked in */
};

static const struct sc_info sc_table[NR_TABLE] = {
#define X(nr, nm, args) [nr] = {#nm, args, sys_##nm},
#include "syscall/table.h"
#undef X
};

static int trace_fd = 2;
static int trace_follow;

/* Linux's errno values are the host's: name them through the host's macros. */
#define E(x) [x] = #x
/* clang-format off */
static const char *const errno_names[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG), E(ENOEXEC), E(EBADF),
	E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(ENOTBLK), E(EBUSY), E(EEXIST), E(EXDEV),
	E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY), E(ETXTBSY), E(EFBIG),
	E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE), E(EDOM), E(ERANGE), E(EDEADLK),
	E(ENAMETOOLONG), E(ENOLCK), E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(ENOMSG), E(EIDRM), E(ECHRNG),
	E(EL2NSYNC), E(EL3HLT), E(EL3RST), E(ELNRNG), E(EUNATCH), E(ENOCSI), E(EL2HLT), E(EBADE), E(EBADR),
	E(EXFULL), E(ENOANO), E(EBADRQC), E(EBADSLT), E(EBFONT), E(ENOSTR), E(ENODATA), E(ETIME), E(ENOSR),
	E(ENONET), E(ENOPKG), E(EREMOTE), E(ENOLINK), E(EADV), E(ESRMNT), E(ECOMM), E(EPROTO), E(EMULTIHOP),
	E(EDOTDOT), E(EBADMSG), E(EOVERFLOW), E(ENOTUNIQ), E(EBADFD), E(EREMCHG), E(ELIBACC), E(ELIBBAD),
	E(ELIBSCN), E(ELIBMAX), E(ELIBEXEC), E(EILSEQ), E(ERESTART), E(ESTRPIPE), E(EUSERS), E(ENOTSOCK),
	E(EDESTADDRREQ), E(EMSGSIZE), E(EPROTOTYPE), E(ENOPROTOOPT), E(EPROTONOSUPPORT), E(ESOCKTNOSUPPORT),
	E(EOPNOTSUPP), E(EPFNOSUPPORT), E(EAFNOSUPPORT), E(EADDRINUSE), E(EADDRNOTAVAIL), E(ENETDOWN),
	E(ENETUNREACH), E(ENETRESET), E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS), E(EISCONN), E(ENOTCONN),
	E(ESHUTDOWN), E(ETOOMANYREFS), E(ETIMEDOUT), E(ECONNREFUSED), E(EHOSTDOWN), E(EHOSTUNREACH),
	E(EALREADY), E(EINPROGRESS), E(ESTALE), E(EUCLEAN), E(ENOTNAM), E(ENAVAIL), E(EISNAM), E(EREMOTEIO),
	E(EDQUOT), E(ENOMEDIUM), E(EMEDIUMTYPE), E(ECANCELED), E(ENOKEY), E(EKEYEXPIRED), E(EKEYREVOKED),
	E(EKEYREJECTED), E(EOWNERDEAD), E(ENOTRECOVERABLE), E(ERFKILL), E(EHWPOISON),
};
/* clang-format on */
#undef E

/* The kernel's internal restart codes (never seen by a native program, but a
 * handler may return them to the run loop). */
static const struct {
	int e;
	const char *name, *text;
} restart_codes[] = {
    {512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"}, {513, "ERESTARTNOINTR", "To be restarted"},
    {514, "ERESTARTNOHAND", "To be restarted if no handler"},	  {515, "ENOIOCTLCMD", "No ioctl command"},
    {516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"},
};

const char *trace_errno_name(int e)
{
	if (e > 0 && (size_t)e < sizeof(errno_names) / sizeof(errno_names[0]) && errno_names[e])
		return errno_names[e];
	for (size_t i = 0; i < sizeof(restart_codes) / sizeof(restart_codes[0]); i++)
		if (restart_codes[i].e == e)
			return restart_codes[i].name;
	return NULL;
}

static const char *errno_text(int e)
{
	for (size_t i = 0; i < sizeof(restart_codes) / sizeof(restart_codes[0]); i++)
		if (restart_codes[i].e == e)
			return restart_codes[i].text;
	/* glibc's strerror returns constant strings for known codes. */
	return strerror(e);
}

/* A bounded string builder: appends what fits, always NUL-terminated. */
struct sbuf {
	char *p;
	size_t size, len;
};

static void sb_putn(struct sbuf *b, const char *s, size_t n)
{
	if (b->size == 0)
		return;
	size_t room = b->size - 1 - b->len;
	if (n > room)
		n = room;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void sb_puts(struct sbuf *b, const char *s) { sb_putn(b, s, strlen(s)); }

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		sb_putn(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* The characters strace writes as a backslash and a letter, and the letters. */
static const char escaped[] = "\"\\\n\t\r\f\v";
static const char escape_as[] = "\"\\ntrfv";

static void quote_into(struct sbuf *b, const char *s, size_t len, int truncated)
{
	sb_puts(b, "\"");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *e = c ? strchr(escaped, c) : NULL;
		if (e) {
			char esc[2] = {'\\', escape_as[e - escaped]};
			sb_putn(b, esc, 2);
			continue;
		}
		if (c >= 0x20 && c < 0x7f) {
			sb_putn(b, (const char *)&c, 1);
			continue;
		}
		/* Octal, as short as possible unless a digit follows. */
		int next_digit = i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '7';
		if (next_digit)
			sb_printf(b, "\\%03o", c);
		else
			sb_printf(b, "\\%o", c);
	}
	sb_puts(b, "\"");
	if (truncated)
		sb_puts(b, "...");
}

size_t trace_quote(char *buf, size_t size, const char *s, size_t len, int truncated)
{
	struct sbuf b = {buf, size, 0};
	if (size)
		buf[0] = 0;
	quote_into(&b, s, len, truncated);
	return b.len;
}

static void put_hex(struct sbuf *b, uint64_t v)
{
	if (v)
		sb_printf(b, "%#llx", (unsigned long long)v);
	else
		sb_puts(b, "0");
}

static void put_string_arg(struct sbuf *b, struct thread *t, uint64_t gva)
{
	if (!gva) {
		sb_puts(b, "NULL");
		return;
	}
	char s[STR_MAX + 1];
	struct mm *mm = t && t->proc ? t->proc->mm : NULL;
	long n = mm ? guest_strncpy(mm, s, gva, sizeof(s)) : -EFAULT;
	if (n >= 0) {
		quote_into(b, s, (size_t)n, 0);
		return;
	}
	/* Longer than STR_MAX: the first STR_MAX bytes were readable. */
	if (n == -ENAMETOOLONG && guest_read(mm, gva, s, STR_MAX) == 0) {
		quote_into(b, s, STR_MAX, 1);
		return;
	}
	sb_printf(b, "%#llx", (unsigned long long)gva);
}

static void put_arg(struct sbuf *b, struct thread *t, char kind, uint64_t v)
{
	switch (kind) {
	case 'd':
		sb_printf(b, "%lld", (long long)v);
		break;
	case 'u':
		sb_printf(b, "%llu", (unsigned long long)v);
		break;
	case 'o':
		sb_printf(b, "%#03llo", (unsigned long long)v);
		break;
	case 'f':
		sb_printf(b, "%d", (int)v);
		break;
	case 'a':
		if ((int)v == -100)
			sb_puts(b, "AT_FDCWD");
		else
			sb_printf(b, "%d", (int)v);
		break;
	case 's':
		put_string_arg(b, t, v);
		break;
	case 'p':
		if (v)
			sb_printf(b, "%#llx", (unsigned long long)v);
		else
			sb_puts(b, "NULL");
		break;
	case 'x':
	default:
		put_hex(b, v);
		break;
	}
}

static const struct sc_info *sc_lookup(uint64_t nr)
{
	return nr < NR_TABLE && sc_table[nr].name ? &sc_table[nr] : NULL;
}

/* "name(arg, ...)" */
static void format_call(struct sbuf *b, struct thread *t, uint64_t nr, const uint64_t *a)
{
	const struct sc_info *sc = sc_lookup(nr);
	const char *kinds = sc ? sc->kinds : "xxxxxx";
	if (sc)
		sb_puts(b, sc->name);
	else
		sb_printf(b, "syscall_%#llx", (unsigned long long)nr);
	sb_puts(b, "(");
	for (int i = 0; kinds[i] && i < 6; i++) {
		if (i)
			sb_puts(b, ", ");
		put_arg(b, t, kinds[i], a[i]);
	}
	sb_puts(b, ")");
}

/* Syscalls whose successful result is an address. */
static int returns_address(uint64_t nr)
{
	return nr == SYS_mmap || nr == SYS_mremap || nr == SYS_brk || nr == SYS_shmat;
}

static void format_result(struct sbuf *b, uint64_t nr, long ret)
{
	if (ret == SYSCALL_NORETURN_VALUE) {
		sb_puts(b, " = ?\n");
		return;
	}
	if (ret < 0 && ret >= -4095) {
		int e = (int)-ret;
		const char *name = trace_errno_name(e);
		if (name) {
			sb_puts(b, " = -1 ");
			sb_puts(b, name);
			sb_puts(b, " (");
			sb_puts(b, errno_text(e));
			sb_puts(b, ")");
		} else
			sb_printf(b, " = -1 ERRNO_%d (Unknown error %d)", e, e);
		const struct sc_info *sc = sc_lookup(nr);
		if (e == ENOSYS && (!sc || !sc->handler))
			sb_puts(b, " (elfuse: not implemented)");
		sb_puts(b, "\n");
		return;
	}
	if (returns_address(nr))
		sb_printf(b, " = %#lx\n", (unsigned long)ret);
	else
		sb_printf(b, " = %ld\n", ret);
}

size_t trace_format(char *buf, size_t size, struct thread *t, uint64_t nr, const uint64_t *a, long ret)
{
	struct sbuf b = {buf, size, 0};
	if (size)
		buf[0] = 0;
	format_call(&b, t, nr, a);
	format_result(&b, nr, ret);
	return b.len;
}

/* Arguments decoded at entry, per thread. */
static _Thread_local struct {
	int valid;
	uint64_t nr;
	char text[ARGS_MAX_LEN];
} entry;

void trace_syscall_enter(struct thread *t, uint64_t nr, const uint64_t *a)
{
	struct sbuf b = {entry.text, sizeof(entry.text), 0};
	entry.text[0] = 0;
	format_call(&b, t, nr, a);
	entry.nr = nr;
	entry.valid = 1;
}

static void write_all(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(trace_fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

void trace_syscall(struct thread *t, uint64_t nr, const uint64_t *a, long ret)
{
	char line[LINE_MAX_LEN];
	struct sbuf b = {line, sizeof(line), 0};
	line[0] = 0;
	/* The errno of the guest's call is the handler's business; keep elfuse's intact. */
	int saved = errno;
	if (trace_follow)
		sb_printf(&b, "[pid %d] ", t ? (int)t->tid : (int)syscall(SYS_gettid));
	if (entry.valid && entry.nr == nr)
		sb_puts(&b, entry.text);
	else
		format_call(&b, t, nr, a);
	entry.valid = 0;
	/* Keep room for the result even when the arguments filled the buffer. */
	if (b.len > sizeof(line) - 128)
		b.len = sizeof(line) - 128;
	format_result(&b, nr, ret);
	write_all(line, b.len);
	errno = saved;
}

void trace_note(const char *fmt, ...)
{
	char line[LINE_MAX_LEN];
	struct sbuf b = {line, sizeof(line), 0};
	line[0] = 0;
	int saved = errno;
	sb_puts(&b, "elfuse: ");
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line + b.len, sizeof(line) - b.len, fmt, ap);
	va_end(ap);
	if (n > 0)
		b.len += (size_t)n < sizeof(line) - b.len ? (size_t)n : sizeof(line) - b.len - 1;
	if (b.len >= sizeof(line) - 1)
		b.len = sizeof(line) - 2;
	if (b.len == 0 || line[b.len - 1] != '\n')
		line[b.len++] = '\n';
	write_all(line, b.len);
	errno = saved;
}

void trace_set_follow(int on) { trace_follow = on; }

int trace_open(const char *path)
{
	int fd;
	if (path)
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	else
		fd = fcntl(2, F_DUPFD_CLOEXEC, 0);
	fd = private_fd(fd); /* -errno when the open failed */
	if (fd < 0)
		return fd;
	trace_fd = fd;
	return 0;
}
