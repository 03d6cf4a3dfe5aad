// adjtimex_read: reading the kernel's clock variables with adjtimex and
// clock_adjtime (modes 0, or the read-only ADJ_OFFSET_SS_READ) works for
// anyone; ADJ_ADJTIME without the single-shot bit is EINVAL; clocks without
// adjtime say EOPNOTSUPP, unknown ones EINVAL; a bad pointer EFAULT. Nothing
// here changes the clock.
#include <sys/syscall.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

int main(void) {
    struct timex tx;
    memset(&tx, 0, sizeof tx);
    long state = syscall(SYS_adjtimex, &tx);
    CHECK(state >= 0 && state <= 5);
    CHECK(tx.tick > 0 && tx.tolerance > 0);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    CHECK(tx.time.tv_sec - now.tv_sec < 5 && now.tv_sec - tx.time.tv_sec < 5);

    memset(&tx, 0, sizeof tx);
    tx.modes = 0xa001; /* ADJ_OFFSET_SS_READ: the kernel's bits */
    CHECK(syscall(SYS_adjtimex, &tx) == state);
    memset(&tx, 0, sizeof tx);
    tx.modes = 0x8000; /* ADJ_ADJTIME alone */
    TERR(syscall(SYS_adjtimex, &tx), EINVAL);
    TERR(syscall(SYS_adjtimex, (void *)8), EFAULT);

    memset(&tx, 0, sizeof tx);
    CHECK(syscall(SYS_clock_adjtime, CLOCK_REALTIME, &tx) == state);
    memset(&tx, 0, sizeof tx);
    TERR(syscall(SYS_clock_adjtime, CLOCK_MONOTONIC, &tx), EOPNOTSUPP);
    TERR(syscall(SYS_clock_adjtime, 12345, &tx), EINVAL);
    TERR(syscall(SYS_clock_adjtime, CLOCK_REALTIME, (void *)8), EFAULT);
    return finish();
}
