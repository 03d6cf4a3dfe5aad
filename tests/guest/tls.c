// tls: __thread variables in the main thread: initialised (.tdata) and
// zeroed (.tbss) values, an over-aligned one, and that %fs points at the
// thread control block (fs:0 is the TCB's self pointer on x86_64).
#include "common.h"
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

static __thread int t_init = 42;
static __thread long t_zero;
static __thread char t_str[16] = "tls-string";
static __thread double t_aligned __attribute__((aligned(64))) = 2.5;
static __thread int t_array[1000];

__attribute__((noinline)) static int *addr_of_init(void) { return &t_init; }

int main(void) {
    printf("t_init=%d t_zero=%ld t_str=%s t_aligned=%g\n", t_init, t_zero, t_str, t_aligned);
    CHECK(((uintptr_t)&t_aligned & 63) == 0);
    int zero = 1;
    for (int i = 0; i < 1000; i++)
        zero &= t_array[i] == 0;
    CHECK(zero);
    t_init++;
    t_zero = -7;
    t_str[0] = 'T';
    for (int i = 0; i < 1000; i++)
        t_array[i] = i;
    long s = 0;
    for (int i = 0; i < 1000; i++)
        s += t_array[i];
    printf("after: t_init=%d t_zero=%ld t_str=%s sum=%ld\n", *addr_of_init(), t_zero, t_str, s);
    uintptr_t fs = 0, self = 0;
    CHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs) == 0);
    __asm__ volatile("mov %%fs:0, %0" : "=r"(self));
    CHECK(fs != 0 && self == fs);
    CHECK((uintptr_t)&t_init < fs && fs - (uintptr_t)&t_init < (1 << 20));
    /* gs is unused by user space on x86_64. */
    uintptr_t gs = 1;
    CHECK(syscall(SYS_arch_prctl, ARCH_GET_GS, &gs) == 0);
    printf("gs=%lu\n", (unsigned long)gs);
    TERR(syscall(SYS_arch_prctl, 0x9999, &gs), EINVAL);
    return finish();
}
