// thr_mprotect_visible: thread A keeps reading a page in a tight loop;
// the main thread mprotects it PROT_NONE and then tells A (through memory)
// to touch it once more: A must fault immediately (SIGSEGV in A, its own
// handler sees its TLS id). Repeated with munmap, and with a write to a page
// made read-only.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

static __thread int tid_tag;
static __thread sigjmp_buf jb;
static volatile int fault_tag, faults;
static char *page;
static int go, ack, done_flag, result;
static int mode; // 0 read after PROT_NONE, 1 read after munmap, 2 write after PROT_READ

static void h(int s, siginfo_t *si, void *u) {
    (void)s; (void)u;
    fault_tag = tid_tag;
    faults += si->si_addr == page;
    siglongjmp(jb, 1);
}

// Per round r, go steps through 3r (warm: the reader reads the page in a
// loop), 3r+1 (stop: the reader acknowledges), 3r+2 (the mapping has been
// changed: touch it once), 3r+3 (main has restored the page: next round).
static void *reader(void *a) {
    (void)a;
    tid_tag = 7;
    volatile unsigned long sum = 0;
    for (int round = 0; round < 3; round++) {
        while (__atomic_load_n(&go, __ATOMIC_SEQ_CST) == round * 3)
            sum += ((volatile char *)page)[0];
        __atomic_store_n(&ack, round + 1, __ATOMIC_SEQ_CST);
        while (__atomic_load_n(&go, __ATOMIC_SEQ_CST) != round * 3 + 2)
            __builtin_ia32_pause();
        int r;
        if (sigsetjmp(jb, 1) == 0) {
            if (mode == 2)
                ((volatile char *)page)[0] = 1;
            else
                sum += ((volatile char *)page)[0];
            r = 0;
        } else {
            r = 1;
        }
        __atomic_store_n(&result, r, __ATOMIC_SEQ_CST);
        __atomic_store_n(&done_flag, round + 1, __ATOMIC_SEQ_CST);
        while (__atomic_load_n(&go, __ATOMIC_SEQ_CST) != round * 3 + 3)
            sched_yield();
    }
    return NULL;
}

int main(void) {
    tid_tag = 1;
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    page[0] = 3;
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    const char *names[] = {"mprotect PROT_NONE", "munmap", "write after PROT_READ"};
    for (int round = 0; round < 3; round++) {
        usleep(20000); // the reader is spinning on the page
        mode = round;
        __atomic_store_n(&go, round * 3 + 1, __ATOMIC_SEQ_CST);
        while (__atomic_load_n(&ack, __ATOMIC_SEQ_CST) != round + 1)
            sched_yield();
        if (round == 0)
            mprotect(page, 4096, PROT_NONE);
        else if (round == 1)
            munmap(page, 4096);
        else
            mprotect(page, 4096, PROT_READ);
        __atomic_store_n(&go, round * 3 + 2, __ATOMIC_SEQ_CST);
        while (__atomic_load_n(&done_flag, __ATOMIC_SEQ_CST) != round + 1)
            sched_yield();
        printf("%s: reader faulted=%d in thread tag=%d\n", names[round], result, fault_tag);
        fault_tag = 0;
        if (round == 0)
            mprotect(page, 4096, PROT_READ | PROT_WRITE);
        else if (round == 1) {
            mmap(page, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            page[0] = 3;
        } else {
            mprotect(page, 4096, PROT_READ | PROT_WRITE);
        }
        __atomic_store_n(&go, round * 3 + 3, __ATOMIC_SEQ_CST);
    }
    pthread_join(t, NULL);
    printf("faults at page=%d\n", faults);
    return finish();
}
