/* syscall/ident.c: process identity and credentials: pids, uids/gids, groups, capabilities. */
#include <errno.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "syscall/syscall.h"

/* Guest pids and credentials are the host's own. The set* calls use the raw
 * syscalls: Linux applies credentials per thread, and the guest's libc makes
 * them process-wide itself (it signals every thread); the glibc wrappers of
 * elfuse's host would instead change every elfuse thread at once. */

#define NGROUPS_MAX_LINUX 65536

SYSCALL_DEFINE(getpid)
{
	(void)t;
	(void)a;
	return getpid();
}

SYSCALL_DEFINE(getppid)
{
	(void)t;
	(void)a;
	return getppid();
}

SYSCALL_DEFINE(gettid)
{
	(void)a;
	return t->tid ? t->tid : (long)syscall(SYS_gettid);
}

SYSCALL_DEFINE(getuid)
{
	(void)t;
	(void)a;
	return getuid();
}

SYSCALL_DEFINE(geteuid)
{
	(void)t;
	(void)a;
	return geteuid();
}

SYSCALL_DEFINE(getgid)
{
	(void)t;
	(void)a;
	return getgid();
}

SYSCALL_DEFINE(getegid)
{
	(void)t;
	(void)a;
	return getegid();
}

/* Writes three 32-bit ids the way Linux does: stop at the first fault. */
static long put_three(struct thread *t, const uint64_t *a, const uint32_t ids[3])
{
	for (int i = 0; i < 3; i++) {
		int r = guest_write(t_mm(t), a[i], &ids[i], sizeof(ids[i]));
		if (r < 0)
			return r;
	}
	return 0;
}

SYSCALL_DEFINE(getresuid)
{
	uid_t r, e, s;
	if (getresuid(&r, &e, &s) < 0)
		return -errno;
	uint32_t ids[3] = {r, e, s};
	return put_three(t, a, ids);
}

SYSCALL_DEFINE(getresgid)
{
	gid_t r, e, s;
	if (getresgid(&r, &e, &s) < 0)
		return -errno;
	uint32_t ids[3] = {r, e, s};
	return put_three(t, a, ids);
}

/* ids are 32-bit: (uid_t)-1 means "unchanged" for setreuid, setresuid and the gid forms. */
#define ID(x) ((uint32_t)(x))

SYSCALL_DEFINE(setuid)
{
	(void)t;
	return host_ret(syscall(SYS_setuid, ID(a[0])));
}

SYSCALL_DEFINE(setgid)
{
	(void)t;
	return host_ret(syscall(SYS_setgid, ID(a[0])));
}

SYSCALL_DEFINE(setreuid)
{
	(void)t;
	return host_ret(syscall(SYS_setreuid, ID(a[0]), ID(a[1])));
}

SYSCALL_DEFINE(setregid)
{
	(void)t;
	return host_ret(syscall(SYS_setregid, ID(a[0]), ID(a[1])));
}

SYSCALL_DEFINE(setresuid)
{
	(void)t;
	return host_ret(syscall(SYS_setresuid, ID(a[0]), ID(a[1]), ID(a[2])));
}

SYSCALL_DEFINE(setresgid)
{
	(void)t;
	return host_ret(syscall(SYS_setresgid, ID(a[0]), ID(a[1]), ID(a[2])));
}

/* setfsuid/setfsgid never fail: they return the previous fs id. */
SYSCALL_DEFINE(setfsuid)
{
	(void)t;
	return syscall(SYS_setfsuid, ID(a[0]));
}

SYSCALL_DEFINE(setfsgid)
{
	(void)t;
	return syscall(SYS_setfsgid, ID(a[0]));
}

SYSCALL_DEFINE(getgroups)
{
	int size = (int)a[0];
	if (size < 0)
		return -EINVAL;
	long n = syscall(SYS_getgroups, 0, NULL);
	if (n < 0)
		return -errno;
	if (size == 0)
		return n;
	if (size < n)
		return -EINVAL;
	if (n == 0)
		return 0;
	gid_t *list = malloc((size_t)n * sizeof(*list));
	if (!list)
		return -ENOMEM;
	/* The list may have changed size between the two calls (another thread's
	 * setgroups); the second answer is the one returned. */
	long m = syscall(SYS_getgroups, (int)n, list);
	long ret = m < 0 ? -errno : m;
	if (ret > 0) {
		int w = guest_write(t_mm(t), a[1], list, (size_t)ret * sizeof(uint32_t));
		if (w < 0)
			ret = w;
	}
	free(list);
	return ret;
}

SYSCALL_DEFINE(setgroups)
{
	int size = (int)a[0];
	/* Linux checks the privilege before the size and the list: let the host
	 * answer whenever the guest's arguments are bad. */
	if (size < 0 || size > NGROUPS_MAX_LINUX)
		return host_ret(syscall(SYS_setgroups, size, NULL));
	gid_t *list = NULL;
	if (size > 0) {
		list = malloc((size_t)size * sizeof(*list));
		if (!list)
			return -ENOMEM;
		int r = guest_read(t_mm(t), a[1], list, (size_t)size * sizeof(uint32_t));
		if (r < 0) {
			free(list);
			/* EPERM if unprivileged, else EFAULT, as Linux orders them. */
			return host_ret(syscall(SYS_setgroups, size, NULL));
		}
	}
	long ret = host_ret(syscall(SYS_setgroups, size, list));
	free(list);
	return ret;
}

/* Capabilities: the header is {u32 version; s32 pid}; v1 has one data
 * element of {effective, permitted, inheritable}, v2/v3 have two. An unknown
 * version is rewritten to the kernel's preferred one and fails with EINVAL
 * (or succeeds for capget with a NULL data pointer: the probe idiom). */
static int cap_elems(uint32_t version)
{
	switch (version) {
	case _LINUX_CAPABILITY_VERSION_1:
		return 1;
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		return 2;
	default:
		return 0;
	}
}

/* Reads the header; 0 = known version (n set), else -EFAULT/-EINVAL with the
 * preferred version written back. */
static int cap_header(struct thread *t, uint64_t hdr, struct __user_cap_header_struct *h, int *n)
{
	int r = guest_read(t_mm(t), hdr, &h->version, sizeof(h->version));
	if (r < 0)
		return r;
	*n = cap_elems(h->version);
	if (*n)
		return 0;
	uint32_t v = _LINUX_CAPABILITY_VERSION_3;
	r = guest_write(t_mm(t), hdr, &v, sizeof(v));
	return r < 0 ? r : -EINVAL;
}

SYSCALL_DEFINE(capget)
{
	struct __user_cap_header_struct h;
	int n = 0;
	int r = cap_header(t, a[0], &h, &n);
	if (!a[1] || r < 0)
		return (!a[1] && r == -EINVAL) ? 0 : r;
	r = guest_read(t_mm(t), a[0] + 4, &h.pid, sizeof(h.pid));
	if (r < 0)
		return r;
	if (h.pid < 0)
		return -EINVAL;
	struct __user_cap_data_struct data[2] = {{0, 0, 0}, {0, 0, 0}};
	if (syscall(SYS_capget, &h, data) < 0)
		return -errno;
	return guest_write(t_mm(t), a[1], data, (size_t)n * sizeof(data[0]));
}

SYSCALL_DEFINE(capset)
{
	struct __user_cap_header_struct h;
	int n = 0;
	int r = cap_header(t, a[0], &h, &n);
	if (r < 0)
		return r;
	r = guest_read(t_mm(t), a[0] + 4, &h.pid, sizeof(h.pid));
	if (r < 0)
		return r;
	/* Only the calling thread may be changed. */
	if (h.pid != 0 && h.pid != (t->tid ? t->tid : (pid_t)syscall(SYS_gettid)))
		return -EPERM;
	struct __user_cap_data_struct data[2] = {{0, 0, 0}, {0, 0, 0}};
	r = guest_read(t_mm(t), a[1], data, (size_t)n * sizeof(data[0]));
	if (r < 0)
		return r;
	h.pid = 0;
	return host_ret(syscall(SYS_capset, &h, data));
}
