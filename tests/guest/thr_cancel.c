// thr_cancel: deferred pthread_cancel of threads blocked in read() on an
// empty pipe, in sleep(), and in pthread_cond_wait; cleanup handlers run;
// join returns PTHREAD_CANCELED; a thread with cancellation disabled is not
// cancelled until it re-enables and hits pthread_testcancel.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <unistd.h>

static int pfd[2];
static int cleanups;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static volatile int started;

static void cleanup(void *arg) {
    (void)arg;
    __atomic_fetch_add(&cleanups, 1, __ATOMIC_SEQ_CST);
}

static void *reader(void *arg) {
    (void)arg;
    pthread_cleanup_push(cleanup, NULL);
    char b;
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    read(pfd[0], &b, 1);
    pthread_cleanup_pop(0);
    return (void *)1;
}

static void *sleeper(void *arg) {
    (void)arg;
    pthread_cleanup_push(cleanup, NULL);
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    sleep(20);
    pthread_cleanup_pop(0);
    return (void *)1;
}

static void *waiter(void *arg) {
    (void)arg;
    pthread_mutex_lock(&m);
    pthread_cleanup_push((void (*)(void *))pthread_mutex_unlock, &m);
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    for (;;)
        pthread_cond_wait(&c, &m);
    pthread_cleanup_pop(1);
    return NULL;
}

static volatile int may_go;
static void *disabled(void *arg) {
    (void)arg;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    while (!may_go)
        usleep(1000); // a cancellation point, but disabled
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
    pthread_testcancel();
    return (void *)2;
}

static void run(const char *name, void *(*fn)(void *)) {
    pthread_t t;
    started = 0;
    pthread_create(&t, NULL, fn, NULL);
    while (!started)
        usleep(1000);
    usleep(20000); // let it block
    TEQ(pthread_cancel(t), 0);
    if (fn == disabled) {
        usleep(20000);
        may_go = 1;
    }
    void *ret;
    TEQ(pthread_join(t, &ret), 0);
    printf("%s: canceled=%d cleanups=%d\n", name, ret == PTHREAD_CANCELED, cleanups);
}

int main(void) {
    pipe(pfd);
    run("read", reader);
    run("sleep", sleeper);
    run("cond_wait", waiter);
    // The mutex was released by the cleanup handler.
    TEQ(pthread_mutex_trylock(&m), 0);
    pthread_mutex_unlock(&m);
    run("disabled", disabled);
    return finish();
}
