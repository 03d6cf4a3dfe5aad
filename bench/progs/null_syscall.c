/* Null syscall: getppid through syscall(2), so no libc caching can hide the trap. */
#include "common.h"
#include <sys/syscall.h>

int main(int argc, char **argv)
{
    long n = arg_count(argc, argv, 1, 100000);
    long want = syscall(SYS_getppid);
    if (want <= 0)
        die("getppid returned %ld", want);
    long bad = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++)
        bad += syscall(SYS_getppid) != want;
    uint64_t t1 = now_ns();
    if (bad)
        die("getppid changed %ld times", bad);
    report(n, t1 - t0);
    return 0;
}
