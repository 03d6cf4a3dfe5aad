/* syscall/mount.c: mount(2) and umount2(2): FUSE mounts are served by fs/fuse; anything else is refused as for an unprivileged user. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/fuse/dev.h"
#include "fs/fuse/fuse.h"
#include "syscall/fsio.h"

/* A type the host kernel knows (/proc/filesystems): mounting it needs privileges. */
static int known_fstype(const char *type)
{
	FILE *f = fopen("/proc/filesystems", "re");
	if (!f)
		return 0;
	char line[256];
	int found = 0;
	while (!found && fgets(line, sizeof line, f)) {
		char *name = strchr(line, '\t');
		name = name ? name + 1 : line;
		name[strcspn(name, "\n")] = 0;
		found = strcmp(name, type) == 0;
	}
	fclose(f);
	return found;
}

SYSCALL_DEFINE(mount)
{
	struct mm *mm = t_mm(t);
	char source[PATH_MAX], target[PATH_MAX], fstype[256], data[PAGE_SIZE];
	unsigned long flags = a[3];
	long n;
	if (a[0]) {
		n = guest_strncpy(mm, source, a[0], sizeof source);
		if (n < 0)
			return n == -ENAMETOOLONG ? -ENAMETOOLONG : -EFAULT;
	}
	n = get_path(t, a[1], target);
	if (n < 0)
		return n;
	if (flags & (MS_REMOUNT | MS_BIND | MS_MOVE | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		return -EPERM;
	if (!a[2])
		return -EINVAL;
	n = guest_strncpy(mm, fstype, a[2], sizeof fstype);
	if (n < 0)
		return n == -ENAMETOOLONG ? -ENODEV : -EFAULT;
	data[0] = 0;
	if (a[4]) {
		/* Linux copies up to a page of options, NUL or not. */
		n = guest_strncpy(mm, data, a[4], sizeof data);
		if (n == -ENAMETOOLONG)
			data[sizeof data - 1] = 0;
		else if (n < 0)
			return -EFAULT;
	}
	if (fuse_fstype(fstype))
		return fuse_mount(t, a[0] ? source : NULL, target, fstype, flags, data);
	struct fs_res r;
	long e = fs_resolve(t->proc, AT_FDCWD, target, FS_FOLLOW, &r);
	if (e)
		return e;
	struct stat st;
	e = fstatat(r.dirfd, r.name, &st, fs_res_atflags(&r, 0)) < 0 ? -errno : 0;
	fs_release(&r);
	if (e)
		return e;
	return known_fstype(fstype) ? -EPERM : -ENODEV;
}

SYSCALL_DEFINE(umount2)
{
	int flags = (int)a[1];
	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		return -EINVAL;
	char target[PATH_MAX];
	long n = get_path(t, a[0], target);
	if (n < 0)
		return n;
	long r = fuse_umount(t, target, flags & (MNT_FORCE | MNT_DETACH));
	if (r != NOT_FUSE_MOUNT)
		return r;
	return geteuid() == 0 ? -EINVAL : -EPERM;
}
