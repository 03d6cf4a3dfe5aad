// pipe_nowait: pipe transfers that elfuse's transport server tries without
// blocking must give Linux's results: a big blocking write arrives whole,
// EAGAIN and short counts only for nonblocking pipes, SIGPIPE on a pipe with
// no reader (handled, then default), EINTR for a blocking read, a partial
// count for a write a signal ends, EOF. Each step first makes a burst of
// quick calls so that the transport is awake when it starts.
// timeout: 60
#define _GNU_SOURCE
#include "common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nowait.h"

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    wbuf = malloc(BIG);
    rbuf = malloc(BIG);
    int p[2];

    // A forked writer's blocking writes (write, then writev) arrive whole.
    T(pipe(p));
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        warm();
        fill(wbuf, BIG, 1);
        long w1 = write(p[1], wbuf, BIG);
        fill(wbuf, BIG, 2);
        struct iovec v[2] = {{wbuf, BIG / 2}, {wbuf + BIG / 2, BIG / 2}};
        warm();
        long w2 = writev(p[1], v, 2);
        _exit(w1 == BIG && w2 == BIG ? 0 : 3);
    }
    close(p[1]);
    usleep(100000);
    warm();
    TEQ(read_all(p[0], rbuf, BIG), BIG);
    fill(wbuf, BIG, 1);
    CHECK(memcmp(rbuf, wbuf, BIG) == 0);
    warm();
    TEQ(read_all(p[0], rbuf, BIG), BIG);
    fill(wbuf, BIG, 2);
    CHECK(memcmp(rbuf, wbuf, BIG) == 0);
    warm();
    TEQ(read(p[0], rbuf, 10), 0);
    int st;
    waitpid(pid, &st, 0);
    printf("writer status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
    close(p[0]);

    // Nonblocking: EAGAIN when empty or full, a short count when nearly full.
    T(pipe2(p, O_NONBLOCK));
    warm();
    TERR(read(p[0], rbuf, 10), EAGAIN);
    long w = write(p[1], wbuf, BIG);
    CHECK(w > 0 && w < BIG);
    warm();
    TERR(write(p[1], wbuf, 10), EAGAIN);
    close(p[0]);
    close(p[1]);

    // No reader: EPIPE and SIGPIPE (handled, then the default action in a child).
    T(pipe(p));
    close(p[0]);
    handler(SIGPIPE, on_pipe, 0);
    warm();
    TERR(write(p[1], "x", 1), EPIPE);
    printf("sigpipe %d\n", (int)got_pipe);
    warm();
    TERR(write(p[1], wbuf, BIG), EPIPE);
    printf("sigpipe %d\n", (int)got_pipe);
    pid = fork();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        warm();
        write(p[1], "x", 1);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("default action: %s %d\n", WIFSIGNALED(st) ? "signal" : "exit",
           WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
    close(p[1]);

    // Signals: EINTR for an empty read, a partial count for a write that filled the pipe.
    T(pipe(p));
    handler(SIGALRM, on_alarm, 0);
    timer_ms(50);
    warm();
    TERR(read(p[0], rbuf, 10), EINTR);
    timer_ms(50);
    warm();
    w = write(p[1], wbuf, BIG);
    CHECK(w > 0 && w < BIG);
    timer_ms(50);
    warm();
    TERR(write(p[1], wbuf, 100), EINTR);
    printf("alarms %d\n", (int)got_alarm);
    close(p[0]);
    close(p[1]);
    return finish();
}
