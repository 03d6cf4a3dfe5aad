// membarrier: QUERY reports the commands the kernel supports; the private
// expedited barrier needs its registration first (EPERM before); unknown
// commands and nonzero flags are EINVAL; with a second thread running, the
// registered barriers succeed.
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"

// <linux/membarrier.h> (not in musl's headers)
enum {
    MEMBARRIER_CMD_QUERY = 0,
    MEMBARRIER_CMD_GLOBAL = 1 << 0,
    MEMBARRIER_CMD_PRIVATE_EXPEDITED = 1 << 3,
    MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED = 1 << 4,
};

static long mb(int cmd, unsigned flags) { return syscall(SYS_membarrier, cmd, flags, 0); }

static volatile int stop;
static void *spin(void *arg) {
    (void)arg;
    while (!stop) {
    }
    return NULL;
}

int main(void) {
    long mask = T(mb(MEMBARRIER_CMD_QUERY, 0));
    CHECK(mask > 0 && (mask & MEMBARRIER_CMD_PRIVATE_EXPEDITED));
    TERR(mb(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0), EPERM);
    TERR(mb(1 << 20, 0), EINVAL);
    TERR(mb(MEMBARRIER_CMD_QUERY, 1), EINVAL);
    TEQ(mb(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0), 0);
    pthread_t th;
    pthread_create(&th, NULL, spin, NULL);
    TEQ(mb(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0), 0);
    if (mask & MEMBARRIER_CMD_GLOBAL)
        TEQ(mb(MEMBARRIER_CMD_GLOBAL, 0), 0);
    stop = 1;
    pthread_join(th, NULL);
    return finish();
}
