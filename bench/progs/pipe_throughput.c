/* Pipe throughput: a forked child writes N MiB into a pipe, the parent reads and checks it. */
#include "stream.h"

int main(int argc, char **argv)
{
    long mib = arg_count(argc, argv, 1, 256);
    int p[2];
    if (pipe(p) != 0)
        die("pipe: %s", strerror(errno));
    stream_run(mib, p[0], p[1]);
    return 0;
}
