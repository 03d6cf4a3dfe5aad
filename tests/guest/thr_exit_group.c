// thr_exit_group: exit(7) from a non-main thread while 3 other threads spin
// in compute loops (no syscalls) and the main thread blocks in read(): the
// whole process must end promptly with status 7.
// expect-status: 7
// timeout: 10
// ldflags: -pthread
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile unsigned long sink;
static pthread_barrier_t bar;

static void *spin(void *a) {
    (void)a;
    pthread_barrier_wait(&bar);
    unsigned long x = 0;
    for (;;)
        sink = ++x;
}

static void *exiter(void *a) {
    (void)a;
    pthread_barrier_wait(&bar);
    usleep(20000);
    printf("exiting from a thread\n");
    exit(7);
}

int main(void) {
    pthread_barrier_init(&bar, NULL, 5);
    pthread_t t;
    for (int i = 0; i < 3; i++)
        pthread_create(&t, NULL, spin, NULL);
    pthread_create(&t, NULL, exiter, NULL);
    pthread_barrier_wait(&bar);
    int p[2];
    pipe(p);
    char b;
    read(p[0], &b, 1);
    printf("not reached\n");
    return 0;
}
