// sig_itimer: setitimer(ITIMER_REAL) with an interval fires SIGALRM
// repeatedly; getitimer reports a remaining time within the interval;
// cancelling stops it; alarm() returns the seconds left of the previous
// alarm; ITIMER_VIRTUAL fires after CPU time; bad which -> EINVAL.
#include "common.h"
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

static volatile int alrm, vtalrm;
static void h(int s) {
    if (s == SIGALRM) alrm++;
    else if (s == SIGVTALRM) vtalrm++;
}

int main(void) {
    signal(SIGALRM, h);
    signal(SIGVTALRM, h);
    struct itimerval it = {{0, 20000}, {0, 20000}}, cur;
    TEQ(setitimer(ITIMER_REAL, &it, NULL), 0);
    TEQ(getitimer(ITIMER_REAL, &cur), 0);
    printf("interval=%ld remaining<=20ms=%d\n", (long)cur.it_interval.tv_usec,
           cur.it_value.tv_sec == 0 && cur.it_value.tv_usec <= 20000);
    sigset_t empty;
    sigemptyset(&empty);
    while (alrm < 5)
        sigsuspend(&empty);
    struct itimerval zero = {{0, 0}, {0, 0}};
    TEQ(setitimer(ITIMER_REAL, &zero, &cur), 0);
    printf("five alarms; old interval=%ld\n", (long)cur.it_interval.tv_usec);
    int before = alrm;
    usleep(60000);
    printf("no more after cancel: %d\n", alrm == before);
    TEQ(alarm(10), 0);
    unsigned left = alarm(0);
    printf("alarm left in 9..10: %d\n", left >= 9 && left <= 10);
    struct itimerval v = {{0, 0}, {0, 10000}};
    TEQ(setitimer(ITIMER_VIRTUAL, &v, NULL), 0);
    volatile unsigned long x = 0;
    while (!vtalrm)
        x++;
    printf("vtalrm=%d\n", vtalrm);
    TERR(setitimer(7, &it, NULL), EINVAL);
    TERR(getitimer(7, &cur), EINVAL);
    struct itimerval badv = {{0, 0}, {0, 1000000}};
    TERR(setitimer(ITIMER_REAL, &badv, NULL), EINVAL);
    return finish();
}
