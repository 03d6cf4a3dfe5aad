// proc_limits_virtual: /proc/self/limits shows the limits the process set,
// including those elfuse keeps for the guest instead of the host (open
// files' hard limit, address space, data size).
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common.h"

static void show(const char *want) {
    char buf[8192];
    int fd = open("/proc/self/limits", O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    if (fd >= 0)
        close(fd);
    buf[n > 0 ? n : 0] = 0;
    for (char *l = buf, *e; l && *l; l = e ? e + 1 : NULL) {
        e = strchr(l, '\n');
        if (e)
            *e = 0;
        if (!strncmp(l, want, strlen(want)))
            printf("%s\n", l);
    }
}

int main(void) {
    struct rlimit as = {300L << 20, 400L << 20}, data = {200L << 20, 250L << 20}, nofile = {64, 100};
    TEQ(setrlimit(RLIMIT_AS, &as), 0);
    TEQ(setrlimit(RLIMIT_DATA, &data), 0);
    TEQ(setrlimit(RLIMIT_NOFILE, &nofile), 0);
    show("Max address space");
    show("Max data size");
    show("Max open files");
    struct rlimit got;
    getrlimit(RLIMIT_NOFILE, &got);
    printf("getrlimit nofile %ld %ld\n", (long)got.rlim_cur, (long)got.rlim_max);
    return finish();
}
