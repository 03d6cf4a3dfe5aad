// TCP echo over loopback: an epoll server loop over a listening socket, a
// pipe, an eventfd and a timerfd, with 100 forked clients and checksums.
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#define NCLIENT 100
#define NMSG 5

static uint32_t sum(const char *p, size_t n) {
    uint32_t s = 0;
    for (size_t i = 0; i < n; i++) s = s * 31 + (unsigned char)p[i];
    return s;
}

static int client(struct sockaddr_in *sa, int id, int pipew) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0 || connect(s, (struct sockaddr *)sa, sizeof *sa) < 0) return 2;
    uint32_t total = 0;
    for (int m = 0; m < NMSG; m++) {
        char msg[256], back[256];
        int n = snprintf(msg, sizeof msg, "client %d message %d %0*d", id, m, 10 + (id % 20) * 7, id);
        if (write(s, msg, n) != n) return 3;
        int got = 0;
        while (got < n) {
            int r = read(s, back + got, n - got);
            if (r <= 0) return 4;
            got += r;
        }
        if (memcmp(msg, back, n)) return 5;
        total += sum(back, n);
    }
    close(s);
    // report our checksum on the shared pipe (one atomic write)
    char rep[64];
    int n = snprintf(rep, sizeof rep, "%02d %08x\n", id, total);
    if (write(pipew, rep, n) != n) return 6;
    return 0;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGPIPE, SIG_IGN);
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    TEQ(bind(ls, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t sl = sizeof sa;
    TEQ(getsockname(ls, (struct sockaddr *)&sa, &sl), 0);
    CHECK(sl == sizeof sa && sa.sin_family == AF_INET && sa.sin_port != 0);
    TEQ(listen(ls, 64), 0);
    int val = 0;
    sl = sizeof val;
    TEQ(getsockopt(ls, SOL_SOCKET, SO_ACCEPTCONN, &val, &sl), 0);
    CHECK(val == 1 && sl == sizeof(int));

    int pfd[2];
    TEQ(pipe(pfd), 0);
    int efd = eventfd(0, EFD_NONBLOCK);
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    CHECK(efd >= 0 && tfd >= 0);
    struct itimerspec its = {.it_interval = {0, 20000000}, .it_value = {0, 20000000}};
    TEQ(timerfd_settime(tfd, 0, &its, NULL), 0);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    CHECK(ep >= 0);
    struct epoll_event ev = {.events = EPOLLIN};
    ev.data.u64 = 0x1111000000000000ULL | (unsigned)ls;
    TEQ(epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev), 0);
    ev.data.u64 = 0x2222000000000000ULL | (unsigned)pfd[0];
    TEQ(epoll_ctl(ep, EPOLL_CTL_ADD, pfd[0], &ev), 0);
    ev.data.u64 = 0x3333000000000000ULL | (unsigned)efd;
    TEQ(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev), 0);
    ev.data.u64 = 0x4444000000000000ULL | (unsigned)tfd;
    TEQ(epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev), 0);

    for (int i = 0; i < NCLIENT; i++) {
        pid_t p = fork();
        if (p == 0) _exit(client(&sa, i, pfd[1]));
    }
    close(pfd[1]);
    // the eventfd is kicked once to prove it is part of the loop
    uint64_t kick = 5;
    write(efd, &kick, sizeof kick);

    int accepted = 0, closed = 0, reports = 0, ticks = 0, kicks = 0, pipe_eof = 0;
    uint32_t expect[NCLIENT] = {0};
    char reps[NCLIENT][32];
    memset(reps, 0, sizeof reps);
    char rbuf[4096];
    size_t rlen = 0;
    while (!(pipe_eof && closed == NCLIENT)) {
        struct epoll_event evs[16];
        int n = epoll_wait(ep, evs, 16, 5000);
        if (n <= 0) { printf("epoll_wait = %d\n", n); return 1; }
        for (int i = 0; i < n; i++) {
            uint64_t tag = evs[i].data.u64 >> 48;
            int fd = (int)(evs[i].data.u64 & 0xffffffff);
            if (tag == 0x1111) {
                struct sockaddr_in peer;
                socklen_t pl = sizeof peer;
                int c = accept4(fd, (struct sockaddr *)&peer, &pl, SOCK_CLOEXEC);
                if (c < 0) continue;
                if (pl != sizeof peer || peer.sin_addr.s_addr != htonl(INADDR_LOOPBACK)) printf("bad peer\n");
                setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                struct epoll_event ce = {.events = EPOLLIN | EPOLLRDHUP};
                ce.data.u64 = 0x5555000000000000ULL | (unsigned)c;
                epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
                accepted++;
            } else if (tag == 0x5555) {
                char b[512];
                int r = recv(fd, b, sizeof b, 0);
                if (r > 0) {
                    if (send(fd, b, r, MSG_NOSIGNAL) != r) printf("short send\n");
                } else {
                    epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
                    close(fd);
                    closed++;
                }
            } else if (tag == 0x2222) {
                int r = read(fd, rbuf + rlen, sizeof rbuf - rlen);
                if (r == 0) { pipe_eof = 1; epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL); continue; }
                rlen += r;
            } else if (tag == 0x3333) {
                uint64_t v;
                if (read(fd, &v, sizeof v) == 8) kicks += (int)v;
            } else if (tag == 0x4444) {
                uint64_t v;
                if (read(fd, &v, sizeof v) == 8) ticks++;
            }
        }
    }
    // reports: "id sum" lines, any order
    for (size_t off = 0; off + 12 <= rlen; off += 12) {
        int id; unsigned s;
        if (sscanf(rbuf + off, "%d %x", &id, &s) == 2 && id >= 0 && id < NCLIENT) {
            snprintf(reps[id], sizeof reps[id], "%08x", s);
            reports++;
        }
    }
    int ok = 0;
    for (int i = 0; i < NCLIENT; i++) {
        uint32_t tot = 0;
        for (int m = 0; m < NMSG; m++) {
            char msg[256];
            int n = snprintf(msg, sizeof msg, "client %d message %d %0*d", i, m, 10 + (i % 20) * 7, i);
            tot += sum(msg, n);
        }
        expect[i] = tot;
        char e[32];
        snprintf(e, sizeof e, "%08x", tot);
        if (!strcmp(e, reps[i])) ok++;
    }
    int status, fails = 0;
    for (int i = 0; i < NCLIENT; i++) {
        if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) fails++;
    }
    printf("accepted %d closed %d reports %d checksums ok %d client failures %d kicks %d\n", accepted, closed, reports,
           ok, fails, kicks);
    CHECK(ok == NCLIENT && fails == 0 && kicks == 5);
    CHECK(ticks >= 0);
    struct itimerspec cur;
    TEQ(timerfd_gettime(tfd, &cur), 0);
    CHECK(cur.it_interval.tv_nsec == 20000000);
    return finish();
}
