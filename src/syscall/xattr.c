/* syscall/xattr.c: extended attributes: set/get/list/remove on paths (following or not) and on fds. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

#include "syscall/fsio.h"

#define K_XATTR_NAME_MAX 255
#define K_XATTR_SIZE_MAX 65536
#define K_XATTR_LIST_MAX 65536

/* Which object an xattr call names. */
enum xtarget { X_PATH, X_LPATH, X_FD };

struct xobj {
	enum xtarget kind;
	int fd;
	const char *path; /* host path for X_PATH/X_LPATH */
	int follow;
	struct fs_res r;
	char pbuf[PATH_MAX];
};

/* Attribute names: 1..255 bytes, else ERANGE, as Linux. */
static long get_name(struct thread *t, uint64_t gva, char *name)
{
	long n = guest_strncpy(t_mm(t), name, gva, K_XATTR_NAME_MAX + 1);
	if (n == -ENAMETOOLONG || n == 0)
		return -ERANGE;
	return n < 0 ? n : 0;
}

static long obj_open(struct thread *t, enum xtarget kind, uint64_t target, struct xobj *o)
{
	o->kind = kind;
	o->r.tmpfd = -1;
	if (kind == X_FD) {
		o->fd = arg_fd(target);
		FSIO_CHECK_FD(t, o->fd);
		return 0;
	}
	long n = get_path(t, target, o->pbuf);
	if (n < 0)
		return n;
	long e = fs_resolve(t->proc, AT_FDCWD, o->pbuf, kind == X_LPATH ? FS_NOFOLLOW : FS_FOLLOW, &o->r);
	if (e)
		return e;
	o->path = fs_res_path(&o->r);
	/* A magic link stands for the resolved object: follow it. */
	o->follow = kind == X_PATH || o->r.full;
	return 0;
}

static void obj_close(struct xobj *o)
{
	if (o->kind != X_FD)
		fs_release(&o->r);
}

static long do_set(struct thread *t, const uint64_t *a, enum xtarget kind)
{
	char name[K_XATTR_NAME_MAX + 1];
	long e = get_name(t, a[1], name);
	if (e)
		return e;
	size_t size = (size_t)a[3];
	if (size > K_XATTR_SIZE_MAX)
		return -E2BIG;
	void *val = NULL;
	if (size) {
		val = malloc(size);
		if (!val)
			return -ENOMEM;
		if (guest_read(t_mm(t), a[2], val, size) < 0) {
			free(val);
			return -EFAULT;
		}
	}
	struct xobj o;
	e = obj_open(t, kind, a[0], &o);
	if (e == 0) {
		int flags = (int)a[4];
		if (kind == X_FD)
			e = host_ret(fsetxattr(o.fd, name, val, size, flags));
		else if (o.follow)
			e = host_ret(setxattr(o.path, name, val, size, flags));
		else
			e = host_ret(lsetxattr(o.path, name, val, size, flags));
		obj_close(&o);
	}
	free(val);
	return e;
}

/* getxattr (name given) or listxattr (name NULL): the host fills a buffer
 * of at most `max` bytes, whose used part is copied out to gbuf. */
static long read_out(struct thread *t, enum xtarget kind, uint64_t target, const char *name, uint64_t gbuf,
		     size_t size, size_t max)
{
	if (size > max)
		size = max; /* the host then says E2BIG for more, as Linux */
	char *buf = NULL;
	if (size && !(buf = malloc(size)))
		return -ENOMEM;
	struct xobj o;
	long e = obj_open(t, kind, target, &o);
	if (e == 0) {
		if (kind == X_FD)
			e = host_ret(name ? fgetxattr(o.fd, name, buf, size) : flistxattr(o.fd, buf, size));
		else if (o.follow)
			e = host_ret(name ? getxattr(o.path, name, buf, size) : listxattr(o.path, buf, size));
		else
			e = host_ret(name ? lgetxattr(o.path, name, buf, size) : llistxattr(o.path, buf, size));
		obj_close(&o);
		if (e > 0 && size && guest_write(t_mm(t), gbuf, buf, (size_t)e) < 0)
			e = -EFAULT;
	}
	free(buf);
	return e;
}

static long do_get(struct thread *t, const uint64_t *a, enum xtarget kind)
{
	char name[K_XATTR_NAME_MAX + 1];
	long e = get_name(t, a[1], name);
	if (e)
		return e;
	return read_out(t, kind, a[0], name, a[2], (size_t)a[3], K_XATTR_SIZE_MAX);
}

static long do_list(struct thread *t, const uint64_t *a, enum xtarget kind)
{
	return read_out(t, kind, a[0], NULL, a[1], (size_t)a[2], K_XATTR_LIST_MAX);
}

static long do_remove(struct thread *t, const uint64_t *a, enum xtarget kind)
{
	char name[K_XATTR_NAME_MAX + 1];
	long e = get_name(t, a[1], name);
	if (e)
		return e;
	struct xobj o;
	e = obj_open(t, kind, a[0], &o);
	if (e)
		return e;
	if (kind == X_FD)
		e = host_ret(fremovexattr(o.fd, name));
	else if (o.follow)
		e = host_ret(removexattr(o.path, name));
	else
		e = host_ret(lremovexattr(o.path, name));
	obj_close(&o);
	return e;
}

SYSCALL_DEFINE(setxattr) { return do_set(t, a, X_PATH); }
SYSCALL_DEFINE(lsetxattr) { return do_set(t, a, X_LPATH); }
SYSCALL_DEFINE(fsetxattr) { return do_set(t, a, X_FD); }
SYSCALL_DEFINE(getxattr) { return do_get(t, a, X_PATH); }
SYSCALL_DEFINE(lgetxattr) { return do_get(t, a, X_LPATH); }
SYSCALL_DEFINE(fgetxattr) { return do_get(t, a, X_FD); }
SYSCALL_DEFINE(listxattr) { return do_list(t, a, X_PATH); }
SYSCALL_DEFINE(llistxattr) { return do_list(t, a, X_LPATH); }
SYSCALL_DEFINE(flistxattr) { return do_list(t, a, X_FD); }
SYSCALL_DEFINE(removexattr) { return do_remove(t, a, X_PATH); }
SYSCALL_DEFINE(lremovexattr) { return do_remove(t, a, X_LPATH); }
SYSCALL_DEFINE(fremovexattr) { return do_remove(t, a, X_FD); }
