// proc_exec_fail: a failing execve returns to the caller with the Linux
// errno and the process keeps working: ENOENT, EACCES (no x bit; a
// directory), ENOEXEC (garbage file with x bit), ENOTDIR, ENAMETOOLONG,
// EFAULT for a bad path.
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void mk(const char *name, const char *data, int mode) {
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    write(fd, data, strlen(data));
    close(fd);
    chmod(name, mode);
}

int main(void) {
    char *av[] = {"x", NULL};
    char *ev[] = {NULL};
    mk("noexec", "\x7f" "ELFgarbage", 0644);
    mk("garbage", "this is not a program\n", 0755);
    mk("short", "\x7f" "E", 0755);
    mk("empty", "", 0755);
    mk("plain", "hi\n", 0644);
    mkdir("dir", 0755);
    TERR(execve("/nonexistent/prog", av, ev), ENOENT);
    TERR(execve("noexec", av, ev), EACCES);
    TERR(execve("dir", av, ev), EACCES);
    TERR(execve("garbage", av, ev), ENOEXEC);
    TERR(execve("short", av, ev), ENOEXEC);
    TERR(execve("empty", av, ev), ENOEXEC);
    TERR(execve("plain/x", av, ev), ENOTDIR);
    TERR(execve("", av, ev), ENOENT);
    static char longname[5000];
    memset(longname, 'a', sizeof longname - 1);
    TERR(execve(longname, av, ev), ENAMETOOLONG);
    TERR(execve((char *)8, av, ev), EFAULT);
    // Still alive and working.
    int fd = T(open("plain", O_RDONLY));
    char buf[8] = {0};
    T(read(fd, buf, sizeof buf));
    printf("read back: %s", buf);
    return finish();
}
