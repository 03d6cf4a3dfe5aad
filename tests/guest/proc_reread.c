// proc_reread: a /proc/self file kept open shows the state of the moment it
// is read again from offset 0 (Linux's seq_file starts over after an lseek
// to 0, or with a pread at 0), not that of the open: comm after
// PR_SET_NAME, SigBlk after sigprocmask, statm after touching more memory.
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "common.h"

static char buf[8192];

static const char *field(const char *text, const char *name) {
    const char *p = strstr(text, name);
    static char out[64];
    out[0] = 0;
    if (p) {
        p += strlen(name);
        size_t n = strcspn(p, "\n");
        if (n >= sizeof out)
            n = sizeof out - 1;
        memcpy(out, p, n);
        out[n] = 0;
    }
    return out;
}

int main(void) {
    prctl(PR_SET_NAME, "before", 0, 0, 0);
    int comm = open("/proc/self/comm", O_RDONLY);
    int status = open("/proc/self/status", O_RDONLY);
    int statm = open("/proc/self/statm", O_RDONLY);
    CHECK(comm >= 0 && status >= 0 && statm >= 0);

    ssize_t n = read(comm, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("comm: %s", buf);
    prctl(PR_SET_NAME, "after", 0, 0, 0);
    n = read(comm, buf, sizeof buf - 1);
    printf("read at EOF: %zd\n", n);
    TEQ(lseek(comm, 0, SEEK_SET), 0);
    n = read(comm, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("comm after lseek 0: %s", buf);
    prctl(PR_SET_NAME, "again", 0, 0, 0);
    n = pread(comm, buf, sizeof buf - 1, 0);
    buf[n > 0 ? n : 0] = 0;
    printf("comm by pread at 0: %s", buf);
    prctl(PR_SET_NAME, "vector", 0, 0, 0);
    struct iovec iov = {buf, sizeof buf - 1};
    n = preadv(comm, &iov, 1, 0);
    buf[n > 0 ? n : 0] = 0;
    printf("comm by preadv at 0: %s", buf);

    n = read(status, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("SigBlk:%s\n", field(buf, "SigBlk:"));
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGTERM);
    sigprocmask(SIG_BLOCK, &s, NULL);
    n = pread(status, buf, sizeof buf - 1, 0);
    buf[n > 0 ? n : 0] = 0;
    printf("SigBlk:%s\n", field(buf, "SigBlk:"));

    long a = 0, b = 0;
    n = read(statm, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    sscanf(buf, "%*ld %ld", &a);
    size_t len = 32 << 20;
    char *m = malloc(len);
    for (size_t i = 0; m && i < len; i += 4096)
        m[i] = 1;
    lseek(statm, 0, SEEK_SET);
    n = read(statm, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    sscanf(buf, "%*ld %ld", &b);
    CHECK(b - a >= (long)(len / 4096) / 2);
    free(m);
    return finish();
}
