/*
 * Loopback TCP round trip: a forked echo server on 127.0.0.1 (port chosen by
 * the kernel), TCP_NODELAY; the client sends 64 bytes and reads them back.
 */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define MSG 64

static int io_full(int fd, char *p, size_t len, int writing)
{
    while (len) {
        ssize_t r = writing ? write(fd, p, len) : read(fd, p, len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        len -= (size_t)r;
    }
    return 0;
}

int main(int argc, char **argv)
{
    long n = arg_count(argc, argv, 1, 10000);
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (ls < 0)
        die("socket: %s", strerror(errno));
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t alen = sizeof a;
    if (bind(ls, (struct sockaddr *)&a, sizeof a) != 0 || listen(ls, 1) != 0 ||
        getsockname(ls, (struct sockaddr *)&a, &alen) != 0)
        die("bind/listen: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        int c = accept(ls, NULL, NULL);
        if (c < 0)
            _exit(3);
        int one = 1;
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        char buf[MSG];
        for (long i = 0; i < n; i++)
            if (io_full(c, buf, MSG, 0) != 0 || io_full(c, buf, MSG, 1) != 0)
                _exit(4);
        _exit(0);
    }
    close(ls);
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof a) != 0)
        die("connect: %s", strerror(errno));
    int one = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char out[MSG], in[MSG];
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        memset(out, (int)(i & 0xff), sizeof out);
        memcpy(out, &i, sizeof i);
        if (io_full(s, out, MSG, 1) != 0 || io_full(s, in, MSG, 0) != 0)
            die("round trip %ld: %s", i, strerror(errno));
        if (memcmp(in, out, MSG) != 0)
            die("round trip %ld: echoed data differs", i);
    }
    uint64_t t1 = now_ns();
    close(s);
    int st;
    if (waitpid(pid, &st, 0) != pid)
        die("waitpid: %s", strerror(errno));
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        die("server status 0x%x", st);
    report(n, t1 - t0);
    return 0;
}
