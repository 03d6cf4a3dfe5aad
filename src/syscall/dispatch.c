/* syscall/dispatch.c: the table from x86_64 syscall number to handler. */
#include <errno.h>
#include <stddef.h>

#include "fs/fuse/fuse.h"
#include "syscall/syscall.h"

#define X(nr, name, args) [nr] = #name,
static const char *const names[] = {
#include "syscall/table.h"
};
#undef X

const char *syscall_name(uint64_t nr)
{
	if (nr < sizeof names / sizeof names[0] && names[nr])
		return names[nr];
	return NULL;
}

static syscall_fn lookup(uint64_t nr)
{
	syscall_fn fn = NULL;
	switch (nr) {
#define X(nr, name, args)                                                                                              \
	case nr:                                                                                                       \
		fn = sys_##name;                                                                                       \
		break;
#include "syscall/table.h"
#undef X
	default:
		break;
	}
	return fn;
}

int syscall_implemented(uint64_t nr) { return lookup(nr) != NULL; }

long syscall_dispatch(struct thread *t, uint64_t nr, const uint64_t *a)
{
	long ret;
	/* FUSE objects and paths (one load while the tree never opened /dev/fuse). */
	if (fuse_tree_active() && fuse_syscall(t, nr, a, &ret))
		return ret == -EINTR && fuse_take_interrupted() ? SYSCALL_EINTR_FINAL : ret;
	syscall_fn fn = lookup(nr);
	return fn ? fn(t, a) : -ENOSYS;
}
