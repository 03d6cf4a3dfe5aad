/*
 * Parallel compute: one thread per online CPU, each running the compute
 * workload's mix chain.  Reports aggregate time per mix step (throughput).
 */
#include "common.h"
#include <pthread.h>

#define MAXT 256

static long steps;

static void *worker(void *arg)
{
    uint64_t seed = 0x1000 + (uintptr_t)arg;
    return (void *)(uintptr_t)(mix_roundtrip(seed, steps, NULL) == 0);
}

int main(int argc, char **argv)
{
    long n = arg_count(argc, argv, 1, 100000000); /* total steps over all threads */
    long nt = argc > 2 ? arg_count(argc, argv, 2, 1) : sysconf(_SC_NPROCESSORS_ONLN);
    if (nt < 1)
        nt = 1;
    if (nt > MAXT)
        nt = MAXT;
    steps = n / (2 * nt) + 1;
    pthread_t t[MAXT];
    uint64_t t0 = now_ns();
    for (long i = 0; i < nt; i++) {
        int err = pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)i);
        if (err)
            die("pthread_create: %s", strerror(err));
    }
    for (long i = 0; i < nt; i++) {
        void *ok;
        int err = pthread_join(t[i], &ok);
        if (err)
            die("pthread_join: %s", strerror(err));
        if (!ok)
            die("thread %ld: mix round trip failed", i);
    }
    uint64_t t1 = now_ns();
    report(2 * steps * nt, t1 - t0);
    return 0;
}
