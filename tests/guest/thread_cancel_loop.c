// thread_cancel_loop: pthread_cancel of a thread blocked in (or just
// leaving) read(2), 300 times at varied moments. glibc's cancellation waits
// in an untimed FUTEX_WAIT for its SIGCANCEL when the cancel lands between
// a cancellation point and its return; a signal that reached the thread
// just before that host wait began was missed (the daemon hung after
// umount). Every join must come back.
// ldflags: -pthread
// timeout: 20
#include "common.h"
#include <pthread.h>
#include <unistd.h>

static int pfd[2];

static void *worker(void *a) {
    (void)a;
    char c;
    for (;;) {
        pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
        ssize_t n = read(pfd[0], &c, 1);
        pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
        if (n <= 0)
            break;
    }
    return NULL;
}

int main(void) {
    int joined = 0;
    for (int i = 0; i < 300; i++) {
        CHECK(pipe(pfd) == 0);
        pthread_t th;
        CHECK(pthread_create(&th, NULL, worker, NULL) == 0);
        if (i % 3)
            usleep((useconds_t)(i % 7 * 50));
        if (i % 2)
            CHECK(write(pfd[1], "x", 1) == 1);
        CHECK(pthread_cancel(th) == 0);
        void *r;
        CHECK(pthread_join(th, &r) == 0);
        joined += r == PTHREAD_CANCELED;
        close(pfd[0]);
        close(pfd[1]);
    }
    printf("joined %d, all cancelled: %d\n", joined, joined == 300);
    return finish();
}
