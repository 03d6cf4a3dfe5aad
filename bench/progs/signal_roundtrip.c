/* Signal round trip: kill(getpid(), SIGUSR1) delivered to a handler and returned from. */
#include "common.h"
#include <signal.h>

static volatile sig_atomic_t hits;

static void on_usr1(int sig)
{
    if (sig == SIGUSR1)
        hits++;
}

int main(int argc, char **argv)
{
    long n = arg_count(argc, argv, 1, 10000);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, NULL) != 0)
        die("sigaction: %s", strerror(errno));
    pid_t self = getpid();
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++)
        if (kill(self, SIGUSR1) != 0)
            die("kill: %s", strerror(errno));
    uint64_t t1 = now_ns();
    if (hits != n)
        die("handler ran %ld times, wanted %ld", (long)hits, n);
    report(n, t1 - t0);
    return 0;
}
