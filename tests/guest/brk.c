// brk: the program break: sbrk(0) stable, growth by small and large steps
// with zeroed, writable memory, shrinking, brk(0) queries, and that a
// shrunk-then-regrown area is zero again.
#include "common.h"
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
    uintptr_t b0 = (uintptr_t)syscall(SYS_brk, 0);
    uintptr_t b1 = (uintptr_t)syscall(SYS_brk, 0);
    CHECK(b0 != 0 && b0 == b1);
    CHECK((uintptr_t)sbrk(0) == b0 || (uintptr_t)sbrk(0) >= b0);
    /* Grow by 1 byte, then 100 KiB, then 16 MiB. */
    uintptr_t want = b0 + 1;
    CHECK((uintptr_t)syscall(SYS_brk, want) == want);
    *(volatile char *)b0 = 'x';
    want = b0 + 100 * 1024;
    CHECK((uintptr_t)syscall(SYS_brk, want) == want);
    int zero = 1;
    for (uintptr_t p = b0 + 4096; p < want; p += 512)
        zero &= *(volatile char *)p == 0;
    CHECK(zero);
    memset((void *)b0, 0xab, want - b0);
    want = b0 + 16 * 1024 * 1024;
    CHECK((uintptr_t)syscall(SYS_brk, want) == want);
    ((volatile char *)want)[-1] = 1;
    unsigned s = 0;
    for (uintptr_t p = b0; p < b0 + 100 * 1024; p += 64)
        s += *(unsigned char *)p;
    printf("sum=%u\n", s);
    /* Shrink to b0 + 8 KiB, regrow: the old bytes above the new end are gone. */
    CHECK((uintptr_t)syscall(SYS_brk, b0 + 8192) == b0 + 8192);
    CHECK((uintptr_t)syscall(SYS_brk, 0) == b0 + 8192);
    CHECK((uintptr_t)syscall(SYS_brk, b0 + 65536) == b0 + 65536);
    printf("kept=%d regrown=%d\n", *(unsigned char *)(b0 + 100), *(unsigned char *)(b0 + 3 * 4096 + 5));
    /* A brk below the start is refused: the break stays put. */
    CHECK((uintptr_t)syscall(SYS_brk, b0 - 0x100000) == b0 + 65536);
    /* An absurd request fails the same way. */
    CHECK((uintptr_t)syscall(SYS_brk, (uintptr_t)1 << 46) == b0 + 65536);
    CHECK((uintptr_t)syscall(SYS_brk, b0) == b0);
    /* sbrk through libc. */
    void *p = sbrk(4096 * 3);
    if (p == (void *)-1) {
        printf("sbrk(n) refused by this libc: %s\n", errname(errno)); /* musl */
    } else {
        memset(p, 1, 4096 * 3);
        CHECK(sbrk(-4096) != (void *)-1);
    }
    /* malloc still works after all this. */
    char *m = malloc(1 << 20);
    CHECK(m != NULL);
    memset(m, 2, 1 << 20);
    free(m);
    return finish();
}
