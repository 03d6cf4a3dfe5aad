// net_nowait: socket transfers that elfuse's transport server tries without
// blocking must give Linux's results for blocking sockets: a big blocking
// send arrives whole, MSG_WAITALL and SO_RCVLOWAT wait, SIGPIPE is raised
// unless MSG_NOSIGNAL, a signal ends a partial send with its count, EAGAIN
// only for nonblocking calls, SCM_RIGHTS fds arrive. Each step first makes a
// burst of quick calls so that the transport is awake when it starts.
// timeout: 60
#include "common.h"
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nowait.h"

static void pair(int sv[2], int type) {
    if (socketpair(AF_UNIX, type, 0, sv) != 0) {
        perror("socketpair");
        exit(2);
    }
}

// A forked writer sends BIG bytes with write() and BIG with send() on a
// blocking socket the reader drains late: each call must send everything.
static void big_blocking(void) {
    int sv[2];
    pair(sv, SOCK_STREAM);
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        warm();
        fill(wbuf, BIG, 1);
        long w1 = write(sv[1], wbuf, BIG);
        fill(wbuf, BIG, 2);
        warm();
        long w2 = send(sv[1], wbuf, BIG, 0);
        _exit(w1 == BIG && w2 == BIG ? 0 : 3);
    }
    close(sv[1]);
    usleep(100000); // let the writer fill the socket first
    warm();
    TEQ(recv(sv[0], rbuf, BIG, MSG_WAITALL), BIG);
    fill(wbuf, BIG, 1);
    CHECK(memcmp(rbuf, wbuf, BIG) == 0);
    warm();
    TEQ(read_all(sv[0], rbuf, BIG), BIG);
    fill(wbuf, BIG, 2);
    CHECK(memcmp(rbuf, wbuf, BIG) == 0);
    char c;
    TEQ(read(sv[0], &c, 1), 0);
    int st;
    waitpid(pid, &st, 0);
    printf("writer status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
    close(sv[0]);
}

// MSG_WAITALL and SO_RCVLOWAT receives wait for bytes that come later.
static void waiting_receives(void) {
    int sv[2];
    pair(sv, SOCK_STREAM);
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        for (int i = 0; i < 4; i++) {
            usleep(20000);
            write(sv[1], "abcde", 5);
        }
        _exit(0);
    }
    close(sv[1]);
    warm();
    TEQ(recv(sv[0], rbuf, 10, MSG_WAITALL), 10);
    int lowat = 10;
    T(setsockopt(sv[0], SOL_SOCKET, SO_RCVLOWAT, &lowat, sizeof lowat));
    warm();
    TEQ(read(sv[0], rbuf, 100), 10);
    rbuf[10] = 0;
    printf("got %s\n", rbuf);
    waitpid(pid, NULL, 0);
    close(sv[0]);

    // A peek sees the same bytes as the receive after it; urgent data.
    pair(sv, SOCK_STREAM);
    T(write(sv[1], "vwxyz", 5));
    warm();
    TEQ(recv(sv[0], rbuf, 5, MSG_PEEK | MSG_WAITALL), 5);
    TEQ(recv(sv[0], rbuf + 5, 5, MSG_WAITALL), 5);
    CHECK(memcmp(rbuf, rbuf + 5, 5) == 0);
    T(send(sv[1], "u", 1, MSG_OOB));
    close(sv[0]);
    close(sv[1]);
}

// Nonblocking calls see EAGAIN and short counts; blocking ones never do.
static void nonblocking(void) {
    int sv[2];
    pair(sv, SOCK_STREAM | SOCK_NONBLOCK);
    warm();
    TERR(read(sv[0], rbuf, 10), EAGAIN);
    TERR(recv(sv[0], rbuf, 10, 0), EAGAIN);
    long w = write(sv[1], wbuf, BIG);
    CHECK(w > 0 && w < BIG);
    warm();
    TERR(write(sv[1], wbuf, BIG), EAGAIN);
    TERR(send(sv[1], wbuf, 100, 0), EAGAIN);
    close(sv[0]);
    close(sv[1]);

    pair(sv, SOCK_STREAM);
    warm();
    TERR(recv(sv[0], rbuf, 10, MSG_DONTWAIT), EAGAIN);
    long s = send(sv[1], wbuf, BIG, MSG_DONTWAIT);
    CHECK(s > 0 && s < BIG);
    TERR(send(sv[1], wbuf, BIG, MSG_DONTWAIT), EAGAIN);
    close(sv[0]);
    close(sv[1]);

    // Datagrams: whole or nothing.
    pair(sv, SOCK_DGRAM);
    warm();
    TEQ(send(sv[1], "hello", 5, 0), 5);
    TEQ(recv(sv[0], rbuf, 100, 0), 5);
    TERR(recv(sv[0], rbuf, 100, MSG_DONTWAIT), EAGAIN);
    close(sv[0]);
    close(sv[1]);
}

// EPIPE with and without MSG_NOSIGNAL, with a handler, then with the default action.
static void sigpipe(void) {
    int sv[2];
    pair(sv, SOCK_STREAM);
    close(sv[0]);
    handler(SIGPIPE, on_pipe, 0);
    warm();
    TERR(send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
    printf("sigpipe after MSG_NOSIGNAL: %d\n", (int)got_pipe);
    warm();
    TERR(write(sv[1], "x", 1), EPIPE);
    printf("sigpipe after write: %d\n", (int)got_pipe);
    warm();
    TERR(send(sv[1], "x", 1, 0), EPIPE);
    printf("sigpipe after send: %d\n", (int)got_pipe);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        warm();
        write(sv[1], "x", 1);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("default action: %s %d\n", WIFSIGNALED(st) ? "signal" : "exit",
           WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
    close(sv[1]);
    signal(SIGPIPE, SIG_DFL);
}

// A signal ends a blocking receive with EINTR (no SA_RESTART), a blocking
// send that moved part of its bytes with that count, one that moved nothing
// with EINTR; SA_RESTART restarts a receive; timeouts give EAGAIN.
static void interrupted(void) {
    int sv[2];
    pair(sv, SOCK_STREAM);
    handler(SIGALRM, on_alarm, 0);
    timer_ms(50);
    warm();
    TERR(read(sv[0], rbuf, 10), EINTR);
    printf("alarms %d\n", (int)got_alarm);
    timer_ms(50);
    warm();
    long w = write(sv[1], wbuf, BIG);
    CHECK(w > 0 && w < BIG);
    printf("alarms %d\n", (int)got_alarm);
    timer_ms(50);
    warm();
    TERR(send(sv[1], wbuf, BIG, 0), EINTR);
    printf("alarms %d\n", (int)got_alarm);

    struct timeval tv = {0, 50000};
    T(setsockopt(sv[1], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
    warm();
    TERR(send(sv[1], wbuf, 1000, 0), EAGAIN);
    int fresh[2];
    pair(fresh, SOCK_STREAM);
    T(setsockopt(fresh[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    warm();
    TERR(read(fresh[0], rbuf, 10), EAGAIN);

    handler(SIGALRM, on_alarm, SA_RESTART);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(150000);
        write(fresh[1], "z", 1);
        _exit(0);
    }
    T(setsockopt(fresh[0], SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){0, 0}, sizeof tv));
    timer_ms(30);
    warm();
    TEQ(read(fresh[0], rbuf, 10), 1);
    printf("alarms %d\n", (int)got_alarm);
    waitpid(pid, NULL, 0);
    close(fresh[0]);
    close(fresh[1]);
    close(sv[0]);
    close(sv[1]);
}

// SCM_RIGHTS through sendmsg/recvmsg: the received fd names the same file.
static void rights(void) {
    int sv[2];
    pair(sv, SOCK_STREAM);
    int fd = open("/proc/self/exe", O_RDONLY);
    char b = 'r';
    struct iovec iov = {&b, 1};
    union {
        struct cmsghdr h;
        char buf[CMSG_SPACE(sizeof(int))];
    } u;
    memset(&u, 0, sizeof u);
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = u.buf;
    m.msg_controllen = sizeof u.buf;
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    warm();
    TEQ(sendmsg(sv[1], &m, 0), 1);
    memset(&u, 0, sizeof u);
    m.msg_controllen = sizeof u.buf;
    b = 0;
    warm();
    TEQ(recvmsg(sv[0], &m, 0), 1);
    c = CMSG_FIRSTHDR(&m);
    int got = -1;
    if (c && c->cmsg_type == SCM_RIGHTS)
        memcpy(&got, CMSG_DATA(c), sizeof got);
    struct stat s1, s2;
    CHECK(got >= 0 && fstat(fd, &s1) == 0 && fstat(got, &s2) == 0 && s1.st_ino == s2.st_ino);
    printf("byte %c flags %#x\n", b, m.msg_flags);
    close(got);
    close(fd);
    close(sv[0]);
    close(sv[1]);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    wbuf = malloc(BIG);
    rbuf = malloc(BIG);
    fill(wbuf, BIG, 0);
    big_blocking();
    waiting_receives();
    nonblocking();
    sigpipe();
    interrupted();
    rights();
    return finish();
}
