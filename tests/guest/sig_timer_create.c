// sig_timer_create: POSIX timers with SIGEV_SIGNAL deliver the chosen
// signal with si_code SI_TIMER and the sigev_value; timer_gettime shows the
// interval; timer_getoverrun counts missed expirations while blocked;
// timer_delete; errors: bad clock EINVAL, bad timer id EINVAL.
// ldflags: -lrt
#include "common.h"
#include <signal.h>
#include <time.h>
#include <unistd.h>

static volatile int hits, code_ok, val;
static void h(int s, siginfo_t *si, void *u) {
    (void)s; (void)u;
    hits++;
    code_ok = si->si_code == SI_TIMER;
    val = si->si_value.sival_int;
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN, &sa, NULL);
    struct sigevent sev = {0};
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN;
    sev.sigev_value.sival_int = 31337;
    timer_t t;
    TEQ(timer_create(CLOCK_MONOTONIC, &sev, &t), 0);
    struct itimerspec its = {{0, 10000000}, {0, 10000000}}, cur;
    TEQ(timer_settime(t, 0, &its, NULL), 0);
    TEQ(timer_gettime(t, &cur), 0);
    printf("interval ns=%ld\n", cur.it_interval.tv_nsec);
    sigset_t empty;
    sigemptyset(&empty);
    while (hits < 3)
        sigsuspend(&empty);
    printf("hits>=3 code SI_TIMER=%d value=%d\n", code_ok, val);
    // Block; let it expire several times; one signal with overruns.
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &m, NULL);
    int before = hits;
    usleep(80000);
    sigprocmask(SIG_UNBLOCK, &m, NULL);
    printf("delivered once after block: %d\n", hits == before + 1);
    int ov = timer_getoverrun(t);
    printf("overrun >= 2: %d\n", ov >= 2);
    TEQ(timer_delete(t), 0);
    before = hits;
    usleep(40000);
    printf("none after delete: %d\n", hits == before);
    TERR(timer_create((clockid_t)1000, &sev, &t), EINVAL);
    // A one-shot absolute timer on CLOCK_REALTIME.
    TEQ(timer_create(CLOCK_REALTIME, &sev, &t), 0);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    now.tv_nsec += 20000000;
    if (now.tv_nsec >= 1000000000) { now.tv_sec++; now.tv_nsec -= 1000000000; }
    struct itimerspec abs = {{0, 0}, now};
    before = hits;
    TEQ(timer_settime(t, TIMER_ABSTIME, &abs, NULL), 0);
    while (hits == before)
        sigsuspend(&empty);
    printf("absolute fired\n");
    struct itimerspec bad = {{0, 0}, {0, 2000000000}};
    TERR(timer_settime(t, 0, &bad, NULL), EINVAL);
    TEQ(timer_delete(t), 0);
    return finish();
}
