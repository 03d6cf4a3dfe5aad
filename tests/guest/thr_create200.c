// thr_create200: 200 threads created (in waves of 50 live at once) and
// joined; each sets a __thread variable to its index, checks it after a
// yield, and returns index*3; the main thread's TLS is untouched; gettid is
// distinct from the main thread's.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

static __thread long tls_val = -1;
static __thread char tls_buf[64];
static pid_t main_tid;
static int bad;

static void *worker(void *arg) {
    long i = (long)arg;
    if (tls_val != -1)
        __atomic_fetch_add(&bad, 1, __ATOMIC_RELAXED);
    tls_val = i;
    snprintf(tls_buf, sizeof tls_buf, "thread-%ld", i);
    sched_yield();
    char want[64];
    snprintf(want, sizeof want, "thread-%ld", i);
    if (tls_val != i || strcmp(tls_buf, want) != 0 || syscall(SYS_gettid) == main_tid ||
        getpid() != (pid_t)syscall(SYS_getpid))
        __atomic_fetch_add(&bad, 1, __ATOMIC_RELAXED);
    return (void *)(i * 3);
}

int main(void) {
    main_tid = syscall(SYS_gettid);
    CHECK(main_tid == getpid());
    tls_val = 12345;
    long sum = 0, expect = 0;
    int errors = 0;
    for (int wave = 0; wave < 4; wave++) {
        pthread_t t[50];
        for (int i = 0; i < 50; i++) {
            long idx = wave * 50 + i;
            int r = pthread_create(&t[i], NULL, worker, (void *)idx);
            if (r) {
                printf("create %ld: %s\n", idx, errname(r));
                errors++;
                t[i] = 0;
            }
            expect += idx * 3;
        }
        for (int i = 0; i < 50; i++) {
            void *ret;
            if (t[i] && pthread_join(t[i], &ret) == 0)
                sum += (long)ret;
        }
    }
    printf("errors=%d bad=%d sum ok=%d main tls=%ld\n", errors, bad, sum == expect, tls_val);
    return finish();
}
