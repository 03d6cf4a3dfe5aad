// sig_xfsz: a write or truncate past RLIMIT_FSIZE fails with EFBIG and sends
// SIGXFSZ to the calling thread, each time (a caught signal is counted). Runs
// of small writes before each attempt keep a busy process's calls coming, as
// those the transport server answers (the signal must still be the guest's).
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common.h"

static volatile int caught;

static void on_xfsz(int sig) { caught += sig == SIGXFSZ; }

int main(void) {
    int fd = open("sig_xfsz.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    struct sigaction sa = {0};
    sa.sa_handler = on_xfsz;
    sigaction(SIGXFSZ, &sa, NULL);
    struct rlimit rl = {4096, RLIM_INFINITY};
    TEQ(setrlimit(RLIMIT_FSIZE, &rl), 0);
    int efbig = 0, attempts = 200;
    for (int i = 0; i < attempts; i++) {
        for (int j = 0; j < 200; j++)
            if (pwrite(fd, "a", 1, 100) != 1)
                printf("FAIL: small write\n");
        errno = 0;
        if (pwrite(fd, "b", 1, 5000) == -1 && errno == EFBIG)
            efbig++;
        errno = 0;
        if (ftruncate(fd, 8192) == -1 && errno == EFBIG)
            efbig++;
    }
    printf("EFBIG %d of %d, SIGXFSZ caught %d\n", efbig, 2 * attempts, caught);
    CHECK(efbig == 2 * attempts);
    CHECK(caught == 2 * attempts);
    /* Within the limit: no signal, no error; a write across it is short. */
    caught = 0;
    TEQ(pwrite(fd, "abcd", 4, 4094), 2);
    TEQ(ftruncate(fd, 4096), 0);
    CHECK(caught == 0);
    /* Ignored: EFBIG only. */
    signal(SIGXFSZ, SIG_IGN);
    TERR(pwrite(fd, "b", 1, 5000), EFBIG);
    close(fd);
    unlink("sig_xfsz.tmp");
    return finish();
}
