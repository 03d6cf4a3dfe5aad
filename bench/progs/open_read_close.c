/* open + read 4 KiB + close of a file that is in the page cache. */
#include "common.h"
#include <fcntl.h>

int main(int argc, char **argv)
{
    long n = arg_count(argc, argv, 1, 10000);
    if (argc < 3)
        die("usage: open_read_close N FILE");
    const char *path = argv[2];
    static char buf[4096];
    uint64_t first = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            die("open %s: %s", path, strerror(errno));
        ssize_t r = read(fd, buf, sizeof buf);
        if (r != (ssize_t)sizeof buf)
            die("read returned %zd", r);
        uint64_t w;
        memcpy(&w, buf + (i * 8) % sizeof buf, 8);
        if (i == 0)
            first = w;
        else if ((i * 8) % sizeof buf == 0 && w != first)
            die("content changed");
        if (close(fd) != 0)
            die("close: %s", strerror(errno));
    }
    uint64_t t1 = now_ns();
    report(n, t1 - t0);
    return 0;
}
