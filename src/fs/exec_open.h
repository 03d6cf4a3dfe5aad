/* fs/exec_open.h: opening a program or interpreter for execution. */
#pragma once
#include <stddef.h>

struct process;

/* Open the guest path `path` for execution (sysroot rules, exec permission,
 * regular file). Returns a private-range host fd or -errno; exe gets the
 * canonical guest path (for /proc/self/exe). */
int exec_open(struct process *p, const char *path, char *exe, size_t exe_size);
/* The same for PT_INTERP (resolved against the sysroot too). */
int exec_open_interp(struct process *p, const char *path, char *exe, size_t exe_size);
