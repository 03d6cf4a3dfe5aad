// thr_sync_stress: 4 threads hammer a mutex-protected counter, a
// condvar-based bounded queue (producer/consumer checksum), an rwlock, a
// barrier across phases and a counting semaphore; totals are exact.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <semaphore.h>

#define NT 4
#define ITERS 3000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long rw_value;
static pthread_barrier_t bar;
static sem_t sem;
static long sem_total;

// bounded queue
static pthread_mutex_t qm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t qne = PTHREAD_COND_INITIALIZER, qnf = PTHREAD_COND_INITIALIZER;
static long q[8];
static int qh, qt, qn;
static long consumed_sum;

static void *worker(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&mu);
        counter++;
        pthread_mutex_unlock(&mu);
    }
    pthread_barrier_wait(&bar);
    for (int i = 0; i < ITERS / 3; i++) {
        if (i % 10 == 0) {
            pthread_rwlock_wrlock(&rw);
            rw_value += 2;
            pthread_rwlock_unlock(&rw);
        } else {
            pthread_rwlock_rdlock(&rw);
            long v = rw_value;
            if (v & 1)
                printf("odd rw value\n");
            pthread_rwlock_unlock(&rw);
        }
    }
    pthread_barrier_wait(&bar);
    // producers: even ids; consumers: odd ids
    if (id % 2 == 0) {
        for (long i = 1; i <= ITERS / 2; i++) {
            pthread_mutex_lock(&qm);
            while (qn == 8)
                pthread_cond_wait(&qnf, &qm);
            q[qt] = i * (id + 1);
            qt = (qt + 1) % 8;
            qn++;
            pthread_cond_signal(&qne);
            pthread_mutex_unlock(&qm);
        }
    } else {
        for (long i = 0; i < ITERS / 2; i++) {
            pthread_mutex_lock(&qm);
            while (qn == 0)
                pthread_cond_wait(&qne, &qm);
            consumed_sum += q[qh];
            qh = (qh + 1) % 8;
            qn--;
            pthread_cond_signal(&qnf);
            pthread_mutex_unlock(&qm);
        }
    }
    pthread_barrier_wait(&bar);
    for (int i = 0; i < ITERS / 10; i++) {
        sem_wait(&sem);
        __atomic_fetch_add(&sem_total, 1, __ATOMIC_RELAXED);
        sem_post(&sem);
    }
    return NULL;
}

int main(void) {
    pthread_barrier_init(&bar, NULL, NT);
    sem_init(&sem, 0, 2);
    pthread_t t[NT];
    for (long i = 0; i < NT; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < NT; i++)
        pthread_join(t[i], NULL);
    long expect_q = 0;
    for (long id = 0; id < NT; id += 2)
        for (long i = 1; i <= ITERS / 2; i++)
            expect_q += i * (id + 1);
    int sv;
    sem_getvalue(&sem, &sv);
    printf("counter=%ld rw=%ld queue ok=%d sem_total=%ld sem=%d\n", counter, rw_value,
           consumed_sum == expect_q, sem_total, sv);
    // Error cases
    TEQ(pthread_mutex_trylock(&mu), 0);
    TEQ(pthread_mutex_trylock(&mu), EBUSY);
    pthread_mutex_unlock(&mu);
    pthread_mutex_t em;
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&em, &a);
    TEQ(pthread_mutex_lock(&em), 0);
    TEQ(pthread_mutex_lock(&em), EDEADLK);
    TEQ(pthread_mutex_unlock(&em), 0);
    TEQ(pthread_mutex_unlock(&em), EPERM);
    struct timespec ts = {0, 0};
    pthread_mutex_lock(&mu);
    TEQ(pthread_mutex_timedlock(&em, &ts), 0); // em is free: succeeds
    pthread_mutex_unlock(&em);
    pthread_mutex_unlock(&mu);
    return finish();
}
