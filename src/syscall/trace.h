/* syscall/trace.h: --trace (one strace-style line per guest syscall) and --verbose notes. */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct thread;

/* Where the lines go. NULL: a private duplicate of elfuse's stderr (so the
 * guest redirecting its fd 2 does not capture them); else the file, created
 * or truncated. The fd lives in the private range, so call this after
 * private_fd_init(). Returns 0 or -errno (output then stays on fd 2). */
int trace_open(const char *path);

/* With several guest processes or threads, prefix lines with "[pid N] ". */
void trace_set_follow(int on);

/* Optional: decode the arguments before the call. Strings an execve or a
 * munmap makes unreadable are then still printed; trace_syscall uses this
 * text when it follows an enter for the same number on the same thread. */
void trace_syscall_enter(struct thread *t, uint64_t nr, const uint64_t *a);

/* One line for a completed call: `name(args) = result`. ret is the handler's
 * value (>= 0 or -errno; SYSCALL_NORETURN_VALUE prints "?"). A -ENOSYS from a
 * syscall without a handler is marked "(elfuse: not implemented)". One
 * write() per line. */
void trace_syscall(struct thread *t, uint64_t nr, const uint64_t *a, long ret);

/* A --verbose message: "elfuse: " + the text + newline, to the trace output. */
void trace_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Pure parts, for unit tests. */
/* The Linux errno name ("ENOENT") for 1..133 and the kernel's restart codes,
 * or NULL. */
const char *trace_errno_name(int e);
/* The line trace_syscall would print, without the pid prefix, with a final
 * newline; always NUL-terminated. Returns its length. */
size_t trace_format(char *buf, size_t size, struct thread *t, uint64_t nr, const uint64_t *a, long ret);
/* s[0..len) as a C string literal with escapes, then "..." if truncated. */
size_t trace_quote(char *buf, size_t size, const char *s, size_t len, int truncated);
