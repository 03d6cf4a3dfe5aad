/* fs/pathname.h: pure, allocation-free path string helpers (splitting, /proc/<self> parsing, prefixes). */
#pragma once
#include <stddef.h>

/* What path_split found about the final component. */
#define PS_TRAILING 1 /* the path ends with one or more '/' after the last component */
#define PS_DOT 2      /* the last component is "." */
#define PS_DOTDOT 4   /* the last component is ".." */
#define PS_ROOT 8     /* the path is only slashes: there is no last component */

/* Split path into a directory part path[0, *dirlen) and a last component
 * starting at path + *last_off, *last_len bytes long (trailing slashes not
 * counted). The directory part keeps its trailing slashes ("a//b" gives
 * dir "a//"); it is empty for a single relative component. Returns PS_* flags. */
int path_split(const char *path, size_t *dirlen, size_t *last_off, size_t *last_len);

/* Parse a decimal fd or pid the way procfs does: digits only, no sign, no
 * leading zero (except "0" itself), at most 9 digits. Returns the value or -1. */
long path_parse_num(const char *s, size_t len);

/* Next component of a path at *p: skips slashes and "." components, sets
 * *tok to it and *p past it, and returns its length (0 at the end). */
size_t path_next_comp(const char **p, const char **tok);

/* Is the component tok[0, len) exactly word? */
int path_comp_is(const char *tok, size_t len, const char *word);

/* The /proc/<self> entries elfuse answers itself. */
enum proc_kind {
	PROC_NONE = 0, /* not one of ours: the host serves it */
	PROC_EXE,      /* /proc/self/exe */
	PROC_CWD,      /* /proc/self/cwd */
	PROC_ROOT,     /* /proc/self/root */
	PROC_FD_DIR,   /* /proc/self/fd or /proc/self/fdinfo (the directory) */
	PROC_FD,       /* /proc/self/fd/N or fdinfo/N, maybe followed by more components */
};

/* Classify an absolute path lexically. "self", "thread-self", the decimal
 * pid `self_pid`, and a following "task/<tid>" all name the calling process.
 * Repeated slashes and "." components are skipped; any ".." gives PROC_NONE.
 * For PROC_FD, *num is N and *rest points at what follows N ("" or "/..."). */
enum proc_kind path_proc_classify(const char *path, long self_pid, int *num, const char **rest);

/* If path equals prefix or lies below it ("<prefix>/..."), rewrite path in
 * place to the part below ("/" for prefix itself) and return 1; else 0.
 * prefix has no trailing slash (and is not "/"). */
int path_strip_prefix(char *path, const char *prefix, size_t prefix_len);

/* Absolute paths under /proc, /dev and /sys always name the host's, also
 * with a sysroot (as proot's default binds do). */
int path_is_host_bound(const char *path);
