// sig_restart: a read on an empty pipe is interrupted by SIGALRM from
// alarm(1). With SA_RESTART the read restarts transparently and later returns
// the data a child writes; without it, read returns -1 EINTR. Also
// nanosleep/select/poll/epoll are never restarted (EINTR even with SA_RESTART).
// timeout: 20
#include "common.h"
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int hits;
static void h(int s) { (void)s; hits++; }

static void setup(int flags) {
    struct sigaction sa = {0};
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, NULL);
}

int main(void) {
    int p[2];
    char buf[16];
    // 1) no SA_RESTART: EINTR.
    setup(0);
    pipe(p);
    alarm(1);
    TERR(read(p[0], buf, sizeof buf), EINTR);
    printf("hits=%d\n", hits);
    close(p[0]);
    close(p[1]);

    // 2) SA_RESTART: the read continues; a child writes 1.5 s later (after
    // the alarm at 0.5 s via setitimer).
    setup(SA_RESTART);
    pipe(p);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        usleep(900000);
        write(p[1], "late", 4);
        _exit(0);
    }
    struct itimerval it = {{0, 0}, {0, 300000}};
    setitimer(ITIMER_REAL, &it, NULL);
    ssize_t n = T(read(p[0], buf, sizeof buf));
    printf("read %zd '%.*s' hits=%d\n", n, (int)(n > 0 ? n : 0), buf, hits);
    waitpid(c, NULL, 0);

    // 3) calls never restarted: nanosleep (remaining time reported),
    // poll, select.
    struct timespec req = {5, 0}, rem = {0, 0};
    setitimer(ITIMER_REAL, &it, NULL);
    TERR(nanosleep(&req, &rem), EINTR);
    printf("rem plausible=%d\n", rem.tv_sec >= 3 && rem.tv_sec <= 5);
    struct pollfd pf = {.fd = p[0], .events = POLLIN};
    setitimer(ITIMER_REAL, &it, NULL);
    TERR(poll(&pf, 1, 5000), EINTR);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    struct timeval tv = {5, 0};
    setitimer(ITIMER_REAL, &it, NULL);
    TERR(select(p[0] + 1, &rs, NULL, NULL, &tv), EINTR);
    printf("hits=%d\n", hits);
    return finish();
}
