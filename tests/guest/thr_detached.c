// thr_detached: detached threads (attr and pthread_detach) run to
// completion and are not joinable (pthread_join -> EINVAL is undefined, so we
// only count completions through a semaphore); a pthread_exit from main
// waits for the others: the last thread prints and the process exits 0.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <semaphore.h>
#include <unistd.h>

static sem_t done;
static int finished;

static void *worker(void *arg) {
    long i = (long)arg;
    usleep(1000 * (i % 5));
    __atomic_fetch_add(&finished, 1, __ATOMIC_SEQ_CST);
    sem_post(&done);
    return NULL;
}

static void *last(void *arg) {
    (void)arg;
    usleep(50000);
    printf("last detached thread: finished=%d\n", finished);
    fflush(stdout);
    return NULL;
}

int main(void) {
    sem_init(&done, 0, 0);
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    for (long i = 0; i < 20; i++) {
        pthread_t t;
        int r = pthread_create(&t, i % 2 ? &a : NULL, worker, (void *)i);
        if (r)
            printf("create: %s\n", errname(r));
        else if (i % 2 == 0)
            pthread_detach(t);
    }
    for (int i = 0; i < 20; i++)
        sem_wait(&done);
    printf("all 20 done: %d\n", finished);
    // Thread stacks of detached threads are reused: create many more.
    for (long i = 0; i < 60; i++) {
        pthread_t t;
        if (pthread_create(&t, &a, worker, (void *)i))
            printf("create failed\n");
        sem_wait(&done);
    }
    printf("another 60 done: %d\n", finished);
    pthread_t t;
    pthread_create(&t, &a, last, NULL);
    fflush(stdout);
    pthread_exit(NULL);
}
