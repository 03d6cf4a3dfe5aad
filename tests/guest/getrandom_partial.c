// getrandom_partial: as on Linux, getrandom fills a buffer up to the first
// inaccessible byte and returns that count, and a signal arriving during a
// huge request ends it early with the bytes done so far (it used to run to
// the end, holding off the guest's signals for seconds).
#include "common.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

static volatile int alarms;
static void on_alarm(int s) {
    (void)s;
    alarms++;
}

int main(void) {
    char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    CHECK(munmap(p + 4096, 4096) == 0);
    TEQ(syscall(SYS_getrandom, p + 4000, 200, 0), 96);
    TEQ(syscall(SYS_getrandom, p + 4090, 4096, 0), 6);
    TERR(syscall(SYS_getrandom, p + 4096, 10, 0), EFAULT);

    size_t len = 1ul << 30;
    char *big = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK(big != MAP_FAILED);
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
    struct itimerval it = {{0, 0}, {0, 20000}};
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
    long r = syscall(SYS_getrandom, big, len, 0);
    printf("interrupted with a partial count: %d, handler ran: %d\n", r > 0 && (size_t)r < len, alarms);
    return finish();
}
