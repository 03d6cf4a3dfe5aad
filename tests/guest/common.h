// Helpers shared by the guest programs: errno names, macros that run a
// call, print its result (value or errno name) and check expectations, and
// small probes of the process (its thread count).
#pragma once
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_failures;

static const char *errname(int e) {
    switch (e) {
#define E(x) case x: return #x;
    E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG) E(ENOEXEC)
    E(EBADF) E(ECHILD) E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT) E(EBUSY)
    E(EEXIST) E(EXDEV) E(ENODEV) E(ENOTDIR) E(EISDIR) E(EINVAL) E(ENFILE)
    E(EMFILE) E(ENOTTY) E(EFBIG) E(ENOSPC) E(ESPIPE) E(EROFS) E(EMLINK)
    E(EPIPE) E(EDOM) E(ERANGE) E(EDEADLK) E(ENAMETOOLONG) E(ENOSYS)
    E(ENOTEMPTY) E(ELOOP) E(ENODATA) E(EOVERFLOW) E(ENOTSOCK) E(EOPNOTSUPP)
    E(ETIMEDOUT)
#undef E
    default: {
        static char buf[32];
        snprintf(buf, sizeof buf, "errno%d", e);
        return buf;
    }
    }
}

// Run a call returning an integer; print "expr = value" or "expr = -1 ENAME".
#define T(expr) T_(#expr, expr)
#define T_(text, expr)                                                       \
    ({                                                                       \
        errno = 0;                                                           \
        long _r = (long)(expr);                                              \
        int _e = errno;                                                      \
        if (_r < 0)                                                          \
            printf("%s = %ld %s\n", text, _r, errname(_e));                  \
        else                                                                 \
            printf("%s = %ld\n", text, _r);                                  \
        errno = _e;                                                          \
        _r;                                                                  \
    })

// Like T, but the call must fail with errno E.
#define TERR(expr, E)                                                        \
    do {                                                                     \
        long _v = T_(#expr, expr);                                           \
        if (_v != -1 || errno != (E)) {                                      \
            printf("FAIL line %d: expected -1 %s\n", __LINE__, #E);          \
            g_failures++;                                                    \
        }                                                                    \
    } while (0)

// Like T, but the call must return exactly V.
#define TEQ(expr, V)                                                         \
    do {                                                                     \
        long _v = T_(#expr, expr);                                           \
        if (_v != (long)(V)) {                                               \
            printf("FAIL line %d: expected %ld\n", __LINE__, (long)(V));     \
            g_failures++;                                                    \
        }                                                                    \
    } while (0)

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (cond) {                                                          \
            printf("ok %s\n", #cond);                                        \
        } else {                                                             \
            printf("FAIL line %d: %s\n", __LINE__, #cond);                   \
            g_failures++;                                                    \
        }                                                                    \
    } while (0)

static int finish(void) {
    printf("%s (%d failures)\n", g_failures ? "FAILED" : "done", g_failures);
    return g_failures ? 1 : 0;
}

// The threads of this process: the entries of /proc/self/task, or -1.
static int count_tasks(void) {
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}
