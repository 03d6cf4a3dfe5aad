/* clock_gettime(CLOCK_MONOTONIC) in a loop (vDSO natively). */
#include "common.h"

int main(int argc, char **argv)
{
    long n = arg_count(argc, argv, 1, 1000000);
    struct timespec prev = {0, 0}, ts;
    long backwards = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
            die("clock_gettime: %s", strerror(errno));
        backwards += ts.tv_sec < prev.tv_sec || (ts.tv_sec == prev.tv_sec && ts.tv_nsec < prev.tv_nsec);
        prev = ts;
    }
    uint64_t t1 = now_ns();
    if (backwards)
        die("CLOCK_MONOTONIC went backwards %ld times", backwards);
    if (t1 - t0 == 0)
        die("clock did not advance");
    report(n, t1 - t0);
    return 0;
}
