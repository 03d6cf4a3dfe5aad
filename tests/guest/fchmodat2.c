// fchmodat2 (Linux 6.6): fchmodat with flags. AT_SYMLINK_NOFOLLOW changes a
// regular file but refuses a symlink itself (EOPNOTSUPP); AT_EMPTY_PATH
// changes the dirfd's file; other flag bits are EINVAL; bad pointers EFAULT.
// A host kernel without it says ENOSYS natively and under elfuse alike.
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static long fchmodat2(int dfd, const char *path, unsigned mode, int flags) {
    return syscall(452, dfd, path, mode, flags);
}

static void show(const char *path) {
    struct stat st;
    if (lstat(path, &st) == 0)
        printf("%s mode %o\n", path, (unsigned)(st.st_mode & 07777));
}

int main(void) {
    int fd = open("f", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    TEQ(symlink("f", "l"), 0);
    TEQ(mkdir("d", 0755), 0);
    if (fchmodat2(AT_FDCWD, "f", 0600, 0) < 0 && errno == ENOSYS) {
        printf("no fchmodat2 on this kernel\n");
        return finish();
    }
    show("f");
    TEQ(fchmodat2(AT_FDCWD, "l", 0640, 0), 0);
    show("f");
    TERR(fchmodat2(AT_FDCWD, "l", 0600, AT_SYMLINK_NOFOLLOW), EOPNOTSUPP);
    show("f");
    TEQ(fchmodat2(AT_FDCWD, "f", 0604, AT_SYMLINK_NOFOLLOW), 0);
    show("f");
    TEQ(fchmodat2(fd, "", 0600, AT_EMPTY_PATH), 0);
    show("f");
    TERR(fchmodat2(fd, "", 0600, 0), ENOENT);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    TEQ(fchmodat2(dfd, "", 0700, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW), 0);
    show("d");
    TEQ(fchmodat2(dfd, "../f", 0640, 0), 0);
    show("f");
    TERR(fchmodat2(AT_FDCWD, "f", 0600, 0x8000), EINVAL);
    TERR(fchmodat2(AT_FDCWD, "f", 0600, AT_REMOVEDIR), EINVAL);
    TERR(fchmodat2(AT_FDCWD, "missing", 0600, 0), ENOENT);
    TERR(fchmodat2(AT_FDCWD, (const char *)8, 0600, 0), EFAULT);
    TERR(fchmodat2(AT_FDCWD, (const char *)8, 0600, 0x8000), EINVAL);
    TERR(fchmodat2(1000, "f", 0600, 0), EBADF);
    TERR(fchmodat2(fd, "f", 0600, 0), ENOTDIR);
    return finish();
}
