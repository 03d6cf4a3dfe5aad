/* AF_UNIX stream socketpair throughput: a forked child writes N MiB, the parent reads and checks it. */
#include "stream.h"
#include <sys/socket.h>

int main(int argc, char **argv)
{
    long mib = arg_count(argc, argv, 1, 256);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        die("socketpair: %s", strerror(errno));
    stream_run(mib, sv[0], sv[1]);
    return 0;
}
