// net_bad_ptrs: socket calls whose guest pointer is unmapped (an option
// length, a msghdr, a sockaddr) fail with Linux's errno (ENOTSOCK on a
// non-socket, EFAULT on a socket) and never crash elfuse, even its
// sanitizer build whose libc wrappers would read the pointer themselves.
#include "common.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BAD ((void *)0x4dbbd606ul)
#define S(...) syscall(__VA_ARGS__)

int main(void) {
    int f = open("file", O_RDWR | O_CREAT | O_TRUNC, 0600);
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK(u >= 0);
    char buf[16];
    TERR(S(SYS_getsockopt, f, SOL_SOCKET, SO_TYPE, buf, BAD), ENOTSOCK);
    TERR(S(SYS_getsockopt, sv[0], SOL_SOCKET, SO_TYPE, buf, BAD), EFAULT);
    TERR(S(SYS_setsockopt, sv[0], SOL_SOCKET, SO_RCVBUF, BAD, 4), EFAULT);
    TERR(S(SYS_sendmsg, f, BAD, 0), ENOTSOCK);
    TERR(S(SYS_sendmsg, sv[0], BAD, 0), EFAULT);
    TERR(S(SYS_recvmsg, f, BAD, MSG_DONTWAIT), ENOTSOCK);
    TERR(S(SYS_recvmsg, sv[0], BAD, MSG_DONTWAIT), EFAULT);
    TERR(S(SYS_sendmmsg, sv[0], BAD, 1, 0), EFAULT);
    TERR(S(SYS_recvmmsg, sv[0], BAD, 1, MSG_DONTWAIT, NULL), EFAULT);
    TERR(S(SYS_connect, u, BAD, 16), EFAULT);
    TERR(S(SYS_bind, u, BAD, 16), EFAULT);
    TERR(S(SYS_sendto, u, "x", 1, 0, BAD, 16), EFAULT);
    TERR(S(SYS_getsockname, u, BAD, BAD), EFAULT);
    TERR(S(SYS_getpeername, sv[0], BAD, BAD), EFAULT);
    TERR(S(SYS_accept, f, BAD, BAD), ENOTSOCK);
    return finish();
}
