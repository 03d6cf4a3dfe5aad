// thr_cond_broadcast: 32 threads wait on one condvar (glibc/musl use futex
// requeue or wake-all); repeated broadcasts release all of them each round;
// a generation counter checks nobody is lost or woken twice.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>

#define N 32
#define ROUNDS 10

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER, back = PTHREAD_COND_INITIALIZER;
static int gen, waiting, woke_total;

static void *w(void *a) {
    (void)a;
    pthread_mutex_lock(&m);
    for (int r = 0; r < ROUNDS; r++) {
        int my = gen;
        waiting++;
        pthread_cond_signal(&back);
        while (gen == my)
            pthread_cond_wait(&c, &m);
        woke_total++;
    }
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void) {
    pthread_t t[N];
    for (int i = 0; i < N; i++)
        pthread_create(&t[i], NULL, w, NULL);
    for (int r = 0; r < ROUNDS; r++) {
        pthread_mutex_lock(&m);
        while (waiting < N)
            pthread_cond_wait(&back, &m);
        waiting = 0;
        gen++;
        pthread_cond_broadcast(&c);
        pthread_mutex_unlock(&m);
    }
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    printf("rounds=%d woke_total=%d\n", gen, woke_total);
    return finish();
}
