/* Pure compute: a chain of dependent integer mix steps, no syscalls inside the loop. */
#include "common.h"

int main(int argc, char **argv)
{
    long n = arg_count(argc, argv, 1, 100000000);
    uint64_t mid;
    uint64_t t0 = now_ns();
    int bad = mix_roundtrip(0x0123456789abcdefull, n, &mid);
    uint64_t t1 = now_ns();
    if (bad)
        die("mix round trip did not return to the seed");
    if (mid == 0x0123456789abcdefull)
        die("mix did nothing");
    report(2 * n, t1 - t0);
    return 0;
}
