/*
 * Futex ping-pong between two threads: a shared word alternates between the
 * main thread's turn (even) and the partner's turn (odd); each side waits on
 * the futex until it is its turn, bumps the word and wakes the other.  One
 * iteration = one full round trip (two hand-offs).
 */
#include "common.h"
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>

static _Atomic uint32_t turn;
static long rounds;

static void futex_wait(_Atomic uint32_t *addr, uint32_t val)
{
    long r = syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
    if (r != 0 && errno != EAGAIN && errno != EINTR)
        die("futex wait: %s", strerror(errno));
}

static void futex_wake(_Atomic uint32_t *addr)
{
    if (syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) < 0)
        die("futex wake: %s", strerror(errno));
}

/* Wait until turn == want, then hand over to the other side. */
static void take_turn(uint32_t want)
{
    uint32_t v;
    while ((v = atomic_load(&turn)) != want)
        futex_wait(&turn, v);
    atomic_store(&turn, want + 1);
    futex_wake(&turn);
}

static void *partner(void *arg)
{
    (void)arg;
    for (long i = 0; i < rounds; i++)
        take_turn((uint32_t)(2 * i + 1));
    return NULL;
}

int main(int argc, char **argv)
{
    rounds = arg_count(argc, argv, 1, 10000);
    pthread_t t;
    uint64_t t0 = now_ns();
    int err = pthread_create(&t, NULL, partner, NULL);
    if (err)
        die("pthread_create: %s", strerror(err));
    for (long i = 0; i < rounds; i++)
        take_turn((uint32_t)(2 * i));
    err = pthread_join(t, NULL);
    if (err)
        die("pthread_join: %s", strerror(err));
    uint64_t t1 = now_ns();
    if (atomic_load(&turn) != (uint32_t)(2 * rounds))
        die("final turn %u, wanted %ld", atomic_load(&turn), 2 * rounds);
    report(rounds, t1 - t0);
    return 0;
}
