/* fs/pathname.c: pure path string helpers shared by the resolver and testable on the host. */
#include "fs/pathname.h"

#include <string.h>

int path_split(const char *path, size_t *dirlen, size_t *last_off, size_t *last_len)
{
	size_t n = strlen(path);
	int flags = 0;
	size_t end = n;
	while (end > 0 && path[end - 1] == '/')
		end--;
	if (end < n)
		flags |= PS_TRAILING;
	if (end == 0) {
		/* "" or only slashes */
		*dirlen = n;
		*last_off = n;
		*last_len = 0;
		return n ? (flags | PS_ROOT) & ~PS_TRAILING : 0;
	}
	size_t start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	*dirlen = start;
	*last_off = start;
	*last_len = end - start;
	if (end - start == 1 && path[start] == '.')
		flags |= PS_DOT;
	else if (end - start == 2 && path[start] == '.' && path[start + 1] == '.')
		flags |= PS_DOTDOT;
	return flags;
}

long path_parse_num(const char *s, size_t len)
{
	if (len == 0 || len > 9)
		return -1;
	if (len > 1 && s[0] == '0')
		return -1;
	long v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

size_t path_next_comp(const char **p, const char **tok)
{
	for (;;) {
		while (**p == '/')
			(*p)++;
		const char *s = *p;
		while (**p && **p != '/')
			(*p)++;
		size_t len = (size_t)(*p - s);
		if (len == 1 && s[0] == '.')
			continue;
		*tok = s;
		return len;
	}
}

int path_comp_is(const char *tok, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(tok, word, len) == 0;
}

enum proc_kind path_proc_classify(const char *path, long self_pid, int *num, const char **rest)
{
	const char *q = path;
	if (*q != '/')
		return PROC_NONE;
	while (*q == '/')
		q++;
	if (strncmp(q, "proc/", 5) != 0)
		return PROC_NONE; /* the common case: one compare */
	if (strstr(path, ".."))
		return PROC_NONE; /* rare; leave anything with .. to the host */
	const char *p = path, *tok;
	size_t len = path_next_comp(&p, &tok);
	if (!path_comp_is(tok, len, "proc"))
		return PROC_NONE;
	len = path_next_comp(&p, &tok);
	if (path_comp_is(tok, len, "self")) {
		/* may be followed by task/<tid> */
	} else if (path_comp_is(tok, len, "thread-self")) {
		goto entry; /* already names a task */
	} else if (path_parse_num(tok, len) != self_pid || self_pid < 0) {
		return PROC_NONE;
	}
	{
		const char *save = p;
		len = path_next_comp(&p, &tok);
		if (path_comp_is(tok, len, "task")) {
			len = path_next_comp(&p, &tok);
			if (path_parse_num(tok, len) < 0)
				return PROC_NONE;
		} else {
			p = save;
		}
	}
entry:
	len = path_next_comp(&p, &tok);
	enum proc_kind k;
	if (path_comp_is(tok, len, "exe"))
		k = PROC_EXE;
	else if (path_comp_is(tok, len, "cwd"))
		k = PROC_CWD;
	else if (path_comp_is(tok, len, "root"))
		k = PROC_ROOT;
	else if (path_comp_is(tok, len, "fd") || path_comp_is(tok, len, "fdinfo"))
		k = PROC_FD_DIR;
	else
		return PROC_NONE;
	const char *after = p;
	len = path_next_comp(&p, &tok);
	if (len == 0) {
		if (k != PROC_FD_DIR && *after)
			return PROC_NONE; /* "exe/": the host's ENOTDIR */
		*rest = after;
		return k;
	}
	if (k != PROC_FD_DIR)
		return PROC_NONE; /* exe/..., cwd/...: the host walks through its own link */
	long n = path_parse_num(tok, len);
	if (n < 0)
		return PROC_NONE;
	*num = (int)n;
	*rest = p;
	return PROC_FD;
}

int path_strip_prefix(char *path, const char *prefix, size_t prefix_len)
{
	if (strncmp(path, prefix, prefix_len) != 0)
		return 0;
	char c = path[prefix_len];
	if (c == 0) {
		path[0] = '/';
		path[1] = 0;
		return 1;
	}
	if (c != '/')
		return 0;
	memmove(path, path + prefix_len, strlen(path + prefix_len) + 1);
	return 1;
}

int path_is_host_bound(const char *path)
{
	static const char *const binds[] = {"proc", "dev", "sys"};
	if (path[0] != '/')
		return 0;
	const char *p = path;
	while (*p == '/')
		p++;
	for (size_t i = 0; i < sizeof binds / sizeof binds[0]; i++) {
		size_t n = strlen(binds[i]);
		if (strncmp(p, binds[i], n) == 0 && (p[n] == 0 || p[n] == '/'))
			return 1;
	}
	return 0;
}
