/* pread of 4 KiB at offset 0 from an open, cached file. */
#include "common.h"
#include <fcntl.h>

int main(int argc, char **argv)
{
    long n = arg_count(argc, argv, 1, 10000);
    if (argc < 3)
        die("usage: pread_4k N FILE");
    int fd = open(argv[2], O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        die("open %s: %s", argv[2], strerror(errno));
    static char buf[4096], ref[4096];
    if (pread(fd, ref, sizeof ref, 0) != (ssize_t)sizeof ref)
        die("first pread failed");
    long bad = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        if (pread(fd, buf, sizeof buf, 0) != (ssize_t)sizeof buf)
            die("pread failed: %s", strerror(errno));
        bad += buf[(i * 61) % sizeof buf] != ref[(i * 61) % sizeof buf];
    }
    uint64_t t1 = now_ns();
    if (bad || memcmp(buf, ref, sizeof buf) != 0)
        die("pread returned different data");
    close(fd);
    report(n, t1 - t0);
    return 0;
}
