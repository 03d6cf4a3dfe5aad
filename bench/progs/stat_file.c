/* stat(2) of a file by path. */
#include "common.h"
#include <sys/stat.h>

int main(int argc, char **argv)
{
    long n = arg_count(argc, argv, 1, 10000);
    if (argc < 3)
        die("usage: stat_file N FILE");
    struct stat ref, st;
    if (stat(argv[2], &ref) != 0)
        die("stat %s: %s", argv[2], strerror(errno));
    long bad = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        if (stat(argv[2], &st) != 0)
            die("stat: %s", strerror(errno));
        bad += st.st_size != ref.st_size || st.st_ino != ref.st_ino;
    }
    uint64_t t1 = now_ns();
    if (bad)
        die("stat results differ");
    report(n, t1 - t0);
    return 0;
}
