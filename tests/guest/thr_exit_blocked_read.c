// thr_exit_blocked_read: worker threads block in read() on pipes while
// another thread exits normally (pthread_exit) and is joined; the blocked
// ones are then released by writes and return the data; finally main
// returns while one thread is still blocked in read: the process exits 0
// promptly.
// timeout: 10
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <unistd.h>

static int p[3][2];

static void *reader(void *a) {
    long i = (long)a;
    char b[8] = {0};
    ssize_t n = read(p[i][0], b, sizeof b - 1);
    return (void *)(n > 0 ? (long)b[0] : -1L);
}

static void *quitter(void *a) {
    (void)a;
    pthread_exit((void *)99);
}

int main(void) {
    for (int i = 0; i < 3; i++)
        pipe(p[i]);
    pthread_t r[3], q;
    for (long i = 0; i < 3; i++)
        pthread_create(&r[i], NULL, reader, (void *)i);
    usleep(20000);
    pthread_create(&q, NULL, quitter, NULL);
    void *v;
    pthread_join(q, &v);
    printf("quitter returned %ld\n", (long)v);
    write(p[0][1], "A", 1);
    write(p[1][1], "B", 1);
    pthread_join(r[0], &v);
    printf("reader 0 got %c\n", (char)(long)v);
    pthread_join(r[1], &v);
    printf("reader 1 got %c\n", (char)(long)v);
    printf("returning with reader 2 blocked\n");
    fflush(stdout);
    return finish();
}
