// Helpers shared by net_nowait and pipe_nowait: big patterned buffers,
// a transport warm-up, signal counters and a one-shot timer.
#pragma once
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#define BIG (4 << 20)

static char *wbuf, *rbuf;
static volatile sig_atomic_t got_pipe, got_alarm;

// A burst of quick calls the transport serves (getppid would not do: the
// stub answers it inside the guest), so that the server is awake.
static void warm(void) {
    for (int i = 0; i < 300; i++)
        syscall(SYS_sched_yield);
}

static void on_pipe(int s) { (void)s; got_pipe++; }
static void on_alarm(int s) { (void)s; got_alarm++; }

static void fill(char *p, size_t n, unsigned seed) {
    for (size_t i = 0; i < n; i++)
        p[i] = (char)(seed + i * 7 + (i >> 12));
}

static long read_all(int fd, char *p, long n) {
    long got = 0;
    while (got < n) {
        long r = read(fd, p + got, (size_t)(n - got));
        if (r <= 0)
            return r < 0 ? -1 : got;
        got += r;
    }
    return got;
}

static void handler(int sig, void (*fn)(int), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

static void timer_ms(int ms) {
    struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
}
