// thr_pi_mutex: PTHREAD_PRIO_INHERIT mutexes (FUTEX_LOCK_PI/UNLOCK_PI):
// 4 threads increment a counter under a PI mutex; trylock on a held PI
// mutex gives EBUSY; an error-checking PI mutex reports EDEADLK on relock;
// a PI mutex held while another thread blocks on it is handed over.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t mu;
static long counter;

static void *worker(void *a) {
    (void)a;
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&mu);
        counter++;
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

static volatile int got_it;
static void *blocker(void *a) {
    (void)a;
    pthread_mutex_lock(&mu);
    got_it = 1;
    pthread_mutex_unlock(&mu);
    return NULL;
}

int main(void) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    TEQ(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT), 0);
    TEQ(pthread_mutex_init(&mu, &a), 0);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("counter=%ld\n", counter);
    TEQ(pthread_mutex_lock(&mu), 0);
    pthread_t b;
    pthread_create(&b, NULL, blocker, NULL);
    usleep(30000);
    printf("blocker got it while held: %d\n", got_it);
    TEQ(pthread_mutex_unlock(&mu), 0);
    pthread_join(b, NULL);
    printf("blocker got it after unlock: %d\n", got_it);
    TEQ(pthread_mutex_trylock(&mu), 0);
    pthread_mutex_unlock(&mu);
    pthread_mutex_t em;
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&em, &a);
    TEQ(pthread_mutex_lock(&em), 0);
    TEQ(pthread_mutex_lock(&em), EDEADLK);
    TEQ(pthread_mutex_unlock(&em), 0);
    TEQ(pthread_mutex_unlock(&em), EPERM);
    return finish();
}
