/* Four threads increment one counter under a pthread mutex. */
#include "common.h"
#include <pthread.h>

#define NTHREADS 4

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static long per_thread;

static void *worker(void *arg)
{
    (void)arg;
    for (long i = 0; i < per_thread; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long n = arg_count(argc, argv, 1, 1000000); /* total increments */
    per_thread = (n + NTHREADS - 1) / NTHREADS;
    pthread_t t[NTHREADS];
    uint64_t t0 = now_ns();
    for (int i = 0; i < NTHREADS; i++) {
        int err = pthread_create(&t[i], NULL, worker, NULL);
        if (err)
            die("pthread_create: %s", strerror(err));
    }
    for (int i = 0; i < NTHREADS; i++) {
        int err = pthread_join(t[i], NULL);
        if (err)
            die("pthread_join: %s", strerror(err));
    }
    uint64_t t1 = now_ns();
    if (counter != per_thread * NTHREADS)
        die("counter %ld, wanted %ld", counter, per_thread * NTHREADS);
    report(per_thread * NTHREADS, t1 - t0);
    return 0;
}
