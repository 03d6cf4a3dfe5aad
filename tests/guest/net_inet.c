// AF_INET/AF_INET6 on loopback: UDP echo with addresses, sendmmsg/recvmmsg,
// IP_PKTINFO, IPv6 TCP (skipped with the same output when ::1 is missing).
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void udp(void) {
    int s = socket(AF_INET, SOCK_DGRAM, 0), c = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    TEQ(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t sl = sizeof sa;
    TEQ(getsockname(s, (struct sockaddr *)&sa, &sl), 0);
    int one = 1;
    TEQ(setsockopt(s, IPPROTO_IP, IP_PKTINFO, &one, sizeof one), 0);
    pid_t p = fork();
    if (p == 0) {  // echo server: 4 datagrams back to the sender
        for (int i = 0; i < 4; i++) {
            char b[256];
            struct sockaddr_in from;
            socklen_t fl = sizeof from;
            int r = recvfrom(s, b, sizeof b, 0, (struct sockaddr *)&from, &fl);
            if (r < 0 || fl != sizeof from) _exit(2);
            for (int k = 0; k < r; k++) b[k] ^= 0x20;
            if (sendto(s, b, r, 0, (struct sockaddr *)&from, fl) != r) _exit(3);
        }
        _exit(0);
    }
    const char *msgs[4] = {"hello", "udp", "over", "loopback"};
    for (int i = 0; i < 3; i++) {
        TEQ(sendto(c, msgs[i], strlen(msgs[i]), 0, (struct sockaddr *)&sa, sizeof sa), (long)strlen(msgs[i]));
        char b[64] = {0};
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        TEQ(recvfrom(c, b, sizeof b - 1, 0, (struct sockaddr *)&from, &fl), (long)strlen(msgs[i]));
        printf("echo %s from port-match %d\n", b, from.sin_port == sa.sin_port);
    }
    // the last one with sendmsg + recvmsg (and a short name buffer)
    TEQ(connect(c, (struct sockaddr *)&sa, sizeof sa), 0);
    struct iovec v[2] = {{"loop", 4}, {"back", 4}};
    struct msghdr m = {.msg_iov = v, .msg_iovlen = 2};
    TEQ(sendmsg(c, &m, 0), 8);
    char b1[3] = {0}, b2[16] = {0};
    struct iovec rv[2] = {{b1, 2}, {b2, 15}};
    struct sockaddr_in from;
    struct msghdr rm = {.msg_name = &from, .msg_namelen = 4, .msg_iov = rv, .msg_iovlen = 2};
    TEQ(recvmsg(c, &rm, 0), 8);
    printf("scatter %s|%s namelen %u\n", b1, b2, rm.msg_namelen);
    int st;
    waitpid(p, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    // IP_PKTINFO on the server socket: a datagram to it carries its destination
    TEQ(send(c, "pk", 2, 0), 2);
    char cb[256], d[8];
    struct iovec dv = {d, sizeof d};
    struct msghdr pm = {.msg_iov = &dv, .msg_iovlen = 1, .msg_control = cb, .msg_controllen = sizeof cb};
    TEQ(recvmsg(s, &pm, 0), 2);
    int found = 0;
    for (struct cmsghdr *ch = CMSG_FIRSTHDR(&pm); ch; ch = CMSG_NXTHDR(&pm, ch))
        if (ch->cmsg_level == IPPROTO_IP && ch->cmsg_type == IP_PKTINFO) {
            struct in_pktinfo pi;
            memcpy(&pi, CMSG_DATA(ch), sizeof pi);
            found = pi.ipi_addr.s_addr == htonl(INADDR_LOOPBACK);
        }
    CHECK(found);
    // mmsg over UDP
    struct mmsghdr mm[2];
    struct iovec mv[2] = {{"one", 3}, {"three", 5}};
    memset(mm, 0, sizeof mm);
    for (int i = 0; i < 2; i++) { mm[i].msg_hdr.msg_iov = &mv[i]; mm[i].msg_hdr.msg_iovlen = 1; }
    TEQ(sendmmsg(c, mm, 2, 0), 2);
    char rb[2][8];
    struct sockaddr_in fa[2];
    memset(rb, 0, sizeof rb);
    for (int i = 0; i < 2; i++) {
        mv[i].iov_base = rb[i]; mv[i].iov_len = 7;
        mm[i].msg_hdr.msg_name = &fa[i]; mm[i].msg_hdr.msg_namelen = sizeof fa[i];
    }
    struct timespec to = {2, 0};
    TEQ(recvmmsg(s, mm, 2, MSG_WAITFORONE, &to), 2);
    printf("mmsg %s %s lens %u %u namelen %u\n", rb[0], rb[1], mm[0].msg_len, mm[1].msg_len, mm[0].msg_hdr.msg_namelen);
    TERR(recvfrom(s, d, sizeof d, MSG_DONTWAIT, NULL, NULL), EAGAIN);
    TERR(bind(s, (struct sockaddr *)&sa, 3), EINVAL);
    TERR(sendto(c, "x", 1, 0, (struct sockaddr *)&sa, 1000), EINVAL);
    struct linger lg = {1, 0};
    TEQ(setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), 0);
    socklen_t ll = sizeof lg;
    memset(&lg, 0x55, sizeof lg);
    TEQ(getsockopt(c, SOL_SOCKET, SO_LINGER, &lg, &ll), 0);
    printf("linger %d %d len %u\n", lg.l_onoff, lg.l_linger, ll);
    TERR(setsockopt(c, SOL_SOCKET, SO_RCVBUF, (void *)8, 4), EFAULT);
    TERR(setsockopt(c, SOL_SOCKET, SO_RCVBUF, &one, -1), EINVAL);
    close(s);
    close(c);
}

static void tcp6(void) {
    int s = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 sa = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof sa) < 0) {
        printf("ipv6 loopback unavailable: skipped\n");
        if (s >= 0) close(s);
        return;
    }
    socklen_t sl = sizeof sa;
    getsockname(s, (struct sockaddr *)&sa, &sl);
    listen(s, 4);
    pid_t p = fork();
    if (p == 0) {
        int c = socket(AF_INET6, SOCK_STREAM, 0);
        if (connect(c, (struct sockaddr *)&sa, sizeof sa) < 0) _exit(2);
        char b[64];
        int r = read(c, b, sizeof b);
        if (r <= 0) _exit(3);
        write(c, b, r);
        shutdown(c, SHUT_WR);
        _exit(read(c, b, sizeof b) == 0 ? 0 : 4);
    }
    struct sockaddr_in6 peer;
    socklen_t pl = sizeof peer;
    int a = accept(s, (struct sockaddr *)&peer, &pl);
    CHECK(a >= 0 && pl == sizeof peer && IN6_IS_ADDR_LOOPBACK(&peer.sin6_addr));
    TEQ(write(a, "six over loopback", 17), 17);
    char b[64] = {0};
    TEQ(recv(a, b, sizeof b, MSG_WAITALL), 17);
    printf("v6 echo: %s\n", b);
    shutdown(a, SHUT_WR);
    int st;
    waitpid(p, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(a);
    close(s);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    udp();
    tcp6();
    return finish();
}
