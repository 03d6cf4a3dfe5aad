/* pthread_create + pthread_join of a thread that does almost nothing. */
#include "common.h"
#include <pthread.h>

static void *worker(void *arg)
{
    return (void *)((uintptr_t)arg + 1);
}

int main(int argc, char **argv)
{
    long n = arg_count(argc, argv, 1, 1000);
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        pthread_t t;
        int err = pthread_create(&t, NULL, worker, (void *)(uintptr_t)i);
        if (err)
            die("pthread_create: %s", strerror(err));
        void *ret;
        err = pthread_join(t, &ret);
        if (err)
            die("pthread_join: %s", strerror(err));
        if ((uintptr_t)ret != (uintptr_t)i + 1)
            die("thread returned %p, wanted %ld", ret, i + 1);
    }
    uint64_t t1 = now_ns();
    report(n, t1 - t0);
    return 0;
}
