// dirs: mkdir/rmdir/rename/link/symlink/readlink/unlink, getdents64 listing
// (sorted), getcwd/chdir/fchdir, the *at calls with a dirfd, utimensat,
// chmod/fchmod, access, mkfifo, and their errors.
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* List a directory with raw getdents64 in small buffers, sorted. */
static void list(const char *path) {
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        printf("list %s: %s\n", path, errname(errno));
        return;
    }
    char *names[64];
    int n = 0;
    char buf[200]; /* small: forces several calls */
    for (;;) {
        long r = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (r <= 0) {
            if (r < 0)
                printf("getdents64: %s\n", errname(errno));
            break;
        }
        for (long off = 0; off < r;) {
            struct {
                uint64_t ino;
                int64_t off;
                unsigned short reclen;
                unsigned char type;
                char name[];
            } *d = (void *)(buf + off);
            char tmp[300];
            snprintf(tmp, sizeof tmp, "%s:%s", d->name,
                     d->type == DT_DIR ? "d" : d->type == DT_REG ? "f" :
                     d->type == DT_LNK ? "l" : d->type == DT_FIFO ? "p" : "?");
            if (n < 64)
                names[n++] = strdup(tmp);
            off += d->reclen;
        }
    }
    close(fd);
    qsort(names, n, sizeof *names, cmp);
    printf("ls %s:", path);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void touch(const char *p, const char *data) {
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        write(fd, data, strlen(data));
        close(fd);
    }
}

int main(void) {
    char cwd[4096], cwd2[4096], lnk[64];
    struct stat st;
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    size_t cl = strlen(cwd);
    CHECK(cl >= 4 && strcmp(cwd + cl - 4, "/cwd") == 0);
    TEQ(mkdir("d1", 0755), 0);
    TERR(mkdir("d1", 0755), EEXIST);
    TEQ(mkdir("d1/sub", 0700), 0);
    TERR(mkdir("nope/sub", 0755), ENOENT);
    TERR(mkdir((char *)1, 0755), EFAULT);
    touch("d1/a", "aaa");
    touch("d1/b", "bb");
    touch("top", "top\n");
    TERR(mkdir("top/x", 0755), ENOTDIR);
    TEQ(symlink("a", "d1/la"), 0);
    TEQ(symlink("../top", "d1/ltop"), 0);
    TEQ(symlink("dangling-target", "d1/ldang"), 0);
    TERR(symlink("x", "d1/la"), EEXIST);
    TEQ(link("d1/a", "d1/hard"), 0);
    TERR(link("d1/a", "d1/b"), EEXIST);
    TERR(link("d1", "d1link"), EPERM);
    TEQ(mkfifo("d1/fifo", 0600), 0);
    list("d1");
    list(".");
    TEQ(stat("d1/a", &st), 0);
    printf("nlink(a)=%ld size=%lld\n", (long)st.st_nlink, (long long)st.st_size);
    TEQ(lstat("d1/la", &st), 0);
    printf("lstat(la): islnk=%d size=%lld\n", S_ISLNK(st.st_mode), (long long)st.st_size);
    TEQ(stat("d1/la", &st), 0);
    printf("stat(la): isreg=%d size=%lld\n", S_ISREG(st.st_mode), (long long)st.st_size);
    TEQ(stat("d1/fifo", &st), 0);
    printf("fifo: isfifo=%d mode=%o\n", S_ISFIFO(st.st_mode), st.st_mode & 07777);
    TERR(stat("d1/ldang", &st), ENOENT);
    TEQ(lstat("d1/ldang", &st), 0);

    memset(lnk, 0, sizeof lnk);
    TEQ(readlink("d1/ltop", lnk, sizeof lnk), 6);
    printf("readlink: [%s]\n", lnk);
    memset(lnk, 0, sizeof lnk);
    TEQ(readlink("d1/ltop", lnk, 3), 3); /* truncated, no NUL */
    printf("readlink short: [%s]\n", lnk);
    TERR(readlink("d1/a", lnk, sizeof lnk), EINVAL);
    TERR(readlink("d1/missing", lnk, sizeof lnk), ENOENT);
    TERR(syscall(SYS_readlink, "d1/ltop", lnk, 0), EINVAL);
    TEQ(symlink("loop2", "loop1"), 0);
    TEQ(symlink("loop1", "loop2"), 0);
    TERR(open("loop1", O_RDONLY), ELOOP);
    TERR(open("d1/la", O_RDONLY | O_NOFOLLOW), ELOOP);

    /* rename */
    TEQ(rename("d1/b", "d1/b2"), 0);
    TERR(rename("d1/b", "d1/b3"), ENOENT);
    TEQ(rename("d1/b2", "d1/a"), 0); /* replaces a; hard still has aaa */
    TEQ(stat("d1/a", &st), 0);
    printf("a size after replace=%lld nlink=%ld\n", (long long)st.st_size, (long)st.st_nlink);
    TEQ(mkdir("d2", 0755), 0);
    TEQ(mkdir("d2/inner", 0755), 0);
    TERR(rename("d1", "d2"), ENOTEMPTY);
    TERR(rename("d1", "top"), ENOTDIR);
    TERR(rename("top", "d2"), EISDIR);
    TERR(rename("d1", "d1/sub/x"), EINVAL);
    TEQ(rename("d2/inner", "d1/sub/inner"), 0);
    TEQ(syscall(SYS_renameat2, AT_FDCWD, "top", AT_FDCWD, "d1/a", 1 /* NOREPLACE */), -1);
    printf("renameat2 NOREPLACE errno=%s\n", errname(errno));

    /* cwd */
    int dfd = T(open(".", O_RDONLY | O_DIRECTORY));
    TEQ(chdir("d1/sub"), 0);
    CHECK(getcwd(cwd2, sizeof cwd2) != NULL);
    printf("cwd relative: %s\n", strncmp(cwd2, cwd, cl) == 0 ? cwd2 + cl : "(other)");
    TERR(chdir("nonexistent"), ENOENT);
    TERR(chdir("../a"), ENOTDIR);
    TEQ(chdir(".."), 0);
    CHECK(getcwd(cwd2, sizeof cwd2) != NULL);
    printf("cwd relative: %s\n", strncmp(cwd2, cwd, cl) == 0 ? cwd2 + cl : "(other)");
    TEQ(fchdir(dfd), 0);
    CHECK(getcwd(cwd2, sizeof cwd2) != NULL && strcmp(cwd, cwd2) == 0);
    TERR(syscall(SYS_getcwd, cwd2, 2), ERANGE);
    TERR(fchdir(-1), EBADF);
    TEQ(syscall(SYS_getcwd, cwd2, sizeof cwd2), (long)cl + 1);

    /* *at calls relative to a directory fd */
    int d1 = T(open("d1", O_RDONLY | O_DIRECTORY));
    TEQ(fstatat(d1, "hard", &st, 0), 0);
    printf("fstatat size=%lld\n", (long long)st.st_size);
    TEQ(mkdirat(d1, "viaat", 0700), 0);
    int f = T(openat(d1, "viaat/file", O_CREAT | O_WRONLY, 0600));
    TEQ(close(f), 0);
    TEQ(unlinkat(d1, "viaat/file", 0), 0);
    TEQ(unlinkat(d1, "viaat", AT_REMOVEDIR), 0);
    TERR(openat(f, "x", O_RDONLY), EBADF);
    int fr = T(openat(f + 100, "/", O_RDONLY)); /* absolute path: dirfd ignored */
    CHECK(fr >= 0);
    close(fr);
    TEQ(fstatat(d1, "la", &st, AT_SYMLINK_NOFOLLOW), 0);
    printf("fstatat nofollow islnk=%d\n", S_ISLNK(st.st_mode));
    TEQ(fstatat(d1, "", &st, AT_EMPTY_PATH), 0);
    printf("AT_EMPTY_PATH isdir=%d\n", S_ISDIR(st.st_mode));
    TERR(fstatat(d1, "", &st, 0), ENOENT);
    int fdtop = T(open("top", O_RDONLY));
    TERR(openat(fdtop, "x", O_RDONLY), ENOTDIR);
    TEQ(close(fdtop), 0);

    /* times */
    struct timespec ts[2] = {{1000000000, 123456789}, {1234567890, 987654321}};
    TEQ(utimensat(AT_FDCWD, "top", ts, 0), 0);
    TEQ(stat("top", &st), 0);
    printf("atime=%lld.%09ld mtime=%lld.%09ld\n", (long long)st.st_atim.tv_sec,
           st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    struct timespec om[2] = {{0, UTIME_OMIT}, {42, 0}};
    TEQ(utimensat(AT_FDCWD, "top", om, 0), 0);
    TEQ(stat("top", &st), 0);
    printf("atime=%lld mtime=%lld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec);
    TEQ(utimensat(d1, "ltop", ts, AT_SYMLINK_NOFOLLOW), 0);
    TEQ(fstatat(d1, "ltop", &st, AT_SYMLINK_NOFOLLOW), 0);
    printf("symlink mtime=%lld\n", (long long)st.st_mtim.tv_sec);
    struct timespec badns[2] = {{0, 2000000000}, {0, 0}};
    TERR(utimensat(AT_FDCWD, "top", badns, 0), EINVAL);
    TERR(utimensat(AT_FDCWD, "missing", ts, 0), ENOENT);

    /* permissions */
    TEQ(chmod("top", 0604), 0);
    TEQ(stat("top", &st), 0);
    printf("mode=%o\n", st.st_mode & 07777);
    int ft = T(open("top", O_RDONLY));
    TEQ(fchmod(ft, 01755), 0);
    TEQ(fstat(ft, &st), 0);
    printf("mode=%o\n", st.st_mode & 07777);
    TEQ(close(ft), 0);
    TEQ(fchmodat(AT_FDCWD, "top", 0640, 0), 0);
    TERR(chmod("missing", 0644), ENOENT);
    TEQ(access("top", F_OK), 0);
    TEQ(access("top", R_OK), 0);
    TERR(access("missing", F_OK), ENOENT);
    TERR(access("top", X_OK), EACCES); /* no x bit at all: refused even for root */
    TEQ(access("d1", X_OK), 0);
    TERR(access("top", 0x40), EINVAL);
    TEQ(faccessat(d1, "hard", R_OK, 0), 0);

    /* removal */
    TERR(rmdir("d1"), ENOTEMPTY);
    TERR(rmdir("top"), ENOTDIR);
    TERR(unlink("d1"), EISDIR);
    TERR(rmdir("d1/."), EINVAL);
    TEQ(unlink("d1/la"), 0);
    TEQ(unlink("d1/ldang"), 0);
    TEQ(unlink("d1/ltop"), 0);
    TEQ(unlink("d1/a"), 0);
    TEQ(unlink("d1/hard"), 0);
    TEQ(unlink("d1/fifo"), 0);
    TEQ(rmdir("d1/sub/inner"), 0);
    TEQ(rmdir("d1/sub"), 0);
    list("d1");
    TEQ(close(d1), 0);
    TEQ(rmdir("d1"), 0);
    TERR(rmdir("d1"), ENOENT);
    list(".");
    return finish();
}
