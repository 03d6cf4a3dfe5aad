// proc_self: the parts of /proc a program commonly reads about itself:
// /proc/self/exe, /proc/self/maps, /proc/self/stat, /proc/self/status,
// /proc/self/fd, /proc/self/cmdline, /proc/self/comm, /proc/self/auxv.
// args: alpha beta
#include "common.h"
#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/auxv.h>
#include <unistd.h>

static long slurp(const char *path, char *buf, long cap) {
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -errno;
    long n = 0, r;
    while (n < cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0)
        n += r;
    buf[n] = 0;
    close(fd);
    return n;
}

int main(int argc, char **argv) {
    (void)argc;
    static char buf[65536];
    char exe[PATH_MAX], real[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    CHECK(n > 0);
    exe[n > 0 ? n : 0] = 0;
    CHECK(realpath(argv[0], real) != NULL && strcmp(real, exe) == 0);

    CHECK(slurp("/proc/self/maps", buf, sizeof buf) > 0);
    CHECK(strstr(buf, "[stack]") != NULL);
    CHECK(strstr(buf, "[vdso]") != NULL);
    CHECK(strstr(buf, exe) != NULL);
    CHECK(strstr(buf, "r-xp") != NULL);

    CHECK(slurp("/proc/self/stat", buf, sizeof buf) > 0);
    long pid = 0;
    char comm[64] = "", state = 0;
    CHECK(sscanf(buf, "%ld (%63[^)]) %c", &pid, comm, &state) == 3);
    CHECK(pid == getpid());
    printf("stat comm=%s state=%c\n", comm, state);

    CHECK(slurp("/proc/self/status", buf, sizeof buf) > 0);
    char *pl = strstr(buf, "\nPid:");
    CHECK(pl && atol(pl + 5) == getpid());
    CHECK(strstr(buf, "Name:\t") == buf);

    CHECK(slurp("/proc/self/comm", buf, sizeof buf) > 0);
    printf("comm=%s", buf);

    long cl = slurp("/proc/self/cmdline", buf, sizeof buf);
    printf("cmdline args:");
    for (char *p = buf + strlen(buf) + 1; p < buf + cl; p += strlen(p) + 1)
        printf(" [%s]", p);
    printf("\n");

    long al = slurp("/proc/self/auxv", buf, sizeof buf);
    CHECK(al > 0 && al % 16 == 0);
    Elf64_auxv_t *av = (Elf64_auxv_t *)buf;
    int match = 0;
    for (long i = 0; i < al / 16; i++)
        if (av[i].a_type == AT_PAGESZ)
            match = av[i].a_un.a_val == getauxval(AT_PAGESZ);
    CHECK(match);

    int fd = open("/proc/self/maps", O_RDONLY);
    CHECK(fd >= 3);
    char link[64], want[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    n = readlink(link, want, sizeof want - 1);
    want[n > 0 ? n : 0] = 0;
    snprintf(link, sizeof link, "/proc/%d/maps", (int)getpid());
    CHECK(strcmp(want, link) == 0);
    DIR *d = opendir("/proc/self/fd");
    CHECK(d != NULL);
    int fds = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        fds += e->d_name[0] != '.';
    closedir(d);
    printf("open fds (0,1,2, maps, the dir)=%d\n", fds);
    CHECK(access("/proc/self/fd/0", F_OK) == 0);
    char self[64];
    n = readlink("/proc/self", self, sizeof self - 1);
    self[n > 0 ? n : 0] = 0;
    CHECK(atol(self) == getpid());
    return finish();
}
