// AF_UNIX: SCM_RIGHTS between forked processes, abstract seqpacket pair,
// SO_PEERCRED, SIGPIPE vs EPIPE with MSG_NOSIGNAL, mmsg, and bad inputs.
#include "common.h"
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int got_pipe;
static void on_pipe(int s) { (void)s; got_pipe++; }

static int send_fd(int s, int fd, const char *tag) {
    struct iovec iov = {(void *)tag, strlen(tag)};
    union { char b[CMSG_SPACE(sizeof(int))]; struct cmsghdr a; } u;
    memset(&u, 0, sizeof u);
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b, .msg_controllen = sizeof u.b};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    return sendmsg(s, &m, 0);
}

static int recv_fd(int s, char *tag, size_t n, int *flags) {
    struct iovec iov = {tag, n - 1};
    union { char b[CMSG_SPACE(sizeof(int) * 4)]; struct cmsghdr a; } u;
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b, .msg_controllen = sizeof u.b};
    int r = recvmsg(s, &m, MSG_CMSG_CLOEXEC);
    if (r < 0) return -1;
    tag[r] = 0;
    *flags = m.msg_flags;
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int))) return -2;
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    // ---- SCM_RIGHTS: the child opens a pipe and sends its write end to the parent
    int sv[2];
    TEQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    pid_t p = fork();
    if (p == 0) {
        close(sv[0]);
        int pp[2];
        pipe(pp);
        if (send_fd(sv[1], pp[1], "pipe-w") < 0) _exit(2);
        close(pp[1]);
        char buf[64];
        int r = read(pp[0], buf, sizeof buf);  // what the parent writes through the passed fd
        if (r <= 0) _exit(3);
        write(sv[1], buf, r);
        _exit(0);
    }
    close(sv[1]);
    char tag[32];
    int fl = 0;
    int rfd = recv_fd(sv[0], tag, sizeof tag, &fl);
    CHECK(rfd > 2);
    printf("tag %s flags %d cloexec %d\n", tag, fl, (fcntl(rfd, F_GETFD) & FD_CLOEXEC) != 0);
    TEQ(write(rfd, "through the passed fd", 21), 21);
    close(rfd);
    char back[64] = {0};
    TEQ(read(sv[0], back, sizeof back - 1), 21);
    printf("child read: %s\n", back);
    int st;
    waitpid(p, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

    // ---- SO_PEERCRED on a socketpair
    struct ucred cr;
    socklen_t cl = sizeof cr;
    int sp[2];
    TEQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sp), 0);
    TEQ(getsockopt(sp[0], SOL_SOCKET, SO_PEERCRED, &cr, &cl), 0);
    CHECK(cl == sizeof cr && cr.pid == getpid() && cr.uid == getuid());

    // ---- bad SCM_RIGHTS: a number that is no fd at all
    TERR(send_fd(sp[0], 987, "x"), EBADF);
    TERR(send_fd(sp[0], -5, "x"), EBADF);

    // ---- sendmmsg / recvmmsg on the datagram pair
    struct mmsghdr mm[3];
    struct iovec iv[3];
    char *words[3] = {"alpha", "beta", "gamma!"};
    memset(mm, 0, sizeof mm);
    for (int i = 0; i < 3; i++) {
        iv[i].iov_base = words[i];
        iv[i].iov_len = strlen(words[i]);
        mm[i].msg_hdr.msg_iov = &iv[i];
        mm[i].msg_hdr.msg_iovlen = 1;
    }
    TEQ(sendmmsg(sp[0], mm, 3, 0), 3);
    printf("msg_len %u %u %u\n", mm[0].msg_len, mm[1].msg_len, mm[2].msg_len);
    char rb[3][16];
    memset(rb, 0, sizeof rb);
    for (int i = 0; i < 3; i++) {
        iv[i].iov_base = rb[i];
        iv[i].iov_len = sizeof rb[i] - 1;
        mm[i].msg_len = 0;
    }
    TEQ(recvmmsg(sp[1], mm, 3, MSG_DONTWAIT, NULL), 3);
    printf("got %s/%u %s/%u %s/%u\n", rb[0], mm[0].msg_len, rb[1], mm[1].msg_len, rb[2], mm[2].msg_len);
    TERR(recvmmsg(sp[1], mm, 3, MSG_DONTWAIT, NULL), EAGAIN);

    // ---- abstract seqpacket: server and client in one process
    int srv = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    char name[40];
    int nl = snprintf(name, sizeof name, "elfuse-test-%d", getpid());
    memcpy(sa.sun_path + 1, name, nl);
    socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 1 + nl;
    TEQ(bind(srv, (struct sockaddr *)&sa, alen), 0);
    TEQ(listen(srv, 4), 0);
    int cli = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    TEQ(connect(cli, (struct sockaddr *)&sa, alen), 0);
    struct sockaddr_un pa;
    socklen_t pl = sizeof pa;
    int acc = accept(srv, (struct sockaddr *)&pa, &pl);
    CHECK(acc >= 0);
    printf("accept peer len %d\n", (int)pl);
    pl = sizeof pa;
    TEQ(getpeername(cli, (struct sockaddr *)&pa, &pl), 0);
    CHECK(pl == alen && pa.sun_path[0] == 0 && !memcmp(pa.sun_path + 1, name, nl));
    TEQ(send(cli, "rec-one", 7, 0), 7);
    TEQ(send(cli, "rec-two!", 8, 0), 8);
    char b2[4];
    struct iovec v2 = {b2, sizeof b2};
    struct msghdr mh = {.msg_iov = &v2, .msg_iovlen = 1};
    TEQ(recvmsg(acc, &mh, 0), 4);
    CHECK(mh.msg_flags & MSG_TRUNC);
    char b3[16] = {0};
    TEQ(recv(acc, b3, sizeof b3, MSG_PEEK), 8);
    TEQ(recv(acc, b3, sizeof b3, 0), 8);
    printf("second record %s\n", b3);

    // ---- SIGPIPE vs EPIPE
    signal(SIGPIPE, on_pipe);
    close(acc);
    TERR(send(cli, "x", 1, MSG_NOSIGNAL), EPIPE);
    printf("sigpipe after MSG_NOSIGNAL: %d\n", got_pipe);
    TERR(send(cli, "x", 1, 0), EPIPE);
    printf("sigpipe after plain send: %d\n", got_pipe);

    // ---- bad inputs
    TERR(bind(srv, (struct sockaddr *)&sa, 200), EINVAL);
    TERR(bind(srv, (struct sockaddr *)&sa, -1), EINVAL);
    TERR(syscall(SYS_connect, cli, (struct sockaddr *)8, sizeof sa), EFAULT);
    TERR(connect(0x7fff, (struct sockaddr *)&sa, alen), EBADF);
    struct msghdr bad = {.msg_iov = (struct iovec *)16, .msg_iovlen = 1};
    TERR(syscall(SYS_sendmsg, sp[0], &bad, 0), EFAULT);
    TERR(syscall(SYS_recvmsg, sp[1], &bad, MSG_DONTWAIT), EFAULT);
    struct iovec biv = {(void *)16, 10};
    struct msghdr bad2 = {.msg_iov = &biv, .msg_iovlen = 1};
    TERR(syscall(SYS_sendmsg, sp[0], &bad2, 0), EFAULT);
    struct msghdr bad3 = {.msg_iov = &biv, .msg_iovlen = 5000};
    TERR(syscall(SYS_sendmsg, sp[0], &bad3, 0), EMSGSIZE);
    char cb[64];
    struct iovec ok = {"d", 1};
    struct msghdr bad4 = {.msg_iov = &ok, .msg_iovlen = 1, .msg_control = (void *)24, .msg_controllen = sizeof cb};
    TERR(syscall(SYS_sendmsg, sp[0], &bad4, 0), EFAULT);
    TERR(syscall(SYS_sendmsg, sp[0], (struct msghdr *)8, 0), EFAULT);
    TERR(syscall(SYS_recvmsg, sp[1], (struct msghdr *)8, 0), EFAULT);
    TERR(syscall(SYS_sendmsg, 1, (struct msghdr *)8, 0), ENOTSOCK);
    TERR(syscall(SYS_sendto, sp[0], (void *)8, 4, 0, NULL, 0), EFAULT);
    TERR(syscall(SYS_getsockname, sp[0], (struct sockaddr *)&pa, (socklen_t *)8), EFAULT);
    int neg = -1;
    TERR(syscall(SYS_getsockname, sp[0], (struct sockaddr *)&pa, (socklen_t *)&neg), EINVAL);
    TERR(syscall(SYS_socket, AF_UNIX, 12345, 0), EINVAL);
    TERR(syscall(SYS_sendmmsg, sp[0], (void *)8, 2, 0), EFAULT);
    TERR(listen(1, 1), ENOTSOCK);
    return finish();
}
