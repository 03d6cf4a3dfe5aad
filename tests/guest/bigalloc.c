// bigalloc: a 1 GiB MAP_NORESERVE anonymous mapping, touched every 16 MiB
// and checksummed; then a 4 GiB one touched at a few places; then malloc of
// 256 MiB through libc.
#include "common.h"
#include <stdint.h>
#include <sys/mman.h>

int main(void) {
    size_t gib = (size_t)1 << 30, step = (size_t)16 << 20;
    unsigned char *p = mmap(NULL, gib, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK(p != MAP_FAILED);
    for (size_t off = 0; off < gib; off += step)
        p[off + (off >> 24) % 4096] = (unsigned char)(off >> 24);
    uint64_t sum = 0;
    for (size_t off = 0; off < gib; off += step)
        sum = sum * 131 + p[off + (off >> 24) % 4096] + p[off + 4095 - (off >> 24) % 4096];
    printf("1GiB checksum=%llu\n", (unsigned long long)sum);
    p[gib - 1] = 7;
    printf("last byte=%d\n", p[gib - 1]);
    CHECK(munmap(p, gib) == 0);

    size_t big = (size_t)4 << 30;
    unsigned char *q = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK(q != MAP_FAILED);
    q[0] = 1;
    q[big / 2] = 2;
    q[big - 1] = 3;
    printf("4GiB: %d %d %d %d\n", q[0], q[big / 2], q[big - 1], q[big / 3]);
    CHECK(munmap(q, big) == 0);

    unsigned char *m = malloc((size_t)256 << 20);
    CHECK(m != NULL);
    for (size_t off = 0; off < ((size_t)256 << 20); off += step)
        m[off] = 9;
    printf("malloc 256MiB ok=%d\n", m[step * 3] == 9);
    free(m);
    return finish();
}
