// mremap_rlimit_as: growing a mapping with mremap counts against RLIMIT_AS
// (Linux's may_expand_vm): in place or moved, ENOMEM past the limit, as for
// mmap; shrinking and growing within the limit still work.
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common.h"

#define MB (1024UL * 1024)

int main(void) {
    struct rlimit rl = {64 * MB, RLIM_INFINITY};
    TEQ(setrlimit(RLIMIT_AS, &rl), 0);
    char *p = mmap(NULL, 8 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    p[0] = 'x';
    char *q = mremap(p, 8 * MB, 32 * MB, MREMAP_MAYMOVE);
    CHECK(q != MAP_FAILED);
    CHECK(q != MAP_FAILED && q[0] == 'x');
    /* 32 MB more than the limit allows, moved or not */
    errno = 0;
    CHECK(mremap(q, 32 * MB, 128 * MB, MREMAP_MAYMOVE) == MAP_FAILED && errno == ENOMEM);
    errno = 0;
    CHECK(mremap(q, 32 * MB, 128 * MB, 0) == MAP_FAILED && errno == ENOMEM);
    errno = 0;
    CHECK(mmap(NULL, 128 * MB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == ENOMEM);
    /* A mapping grown one page at a time stops at the limit, not past it. */
    char *r = mremap(q, 32 * MB, 4096, 0);
    CHECK(r == q);
    size_t len = 4096;
    while (len < 256 * MB) {
        char *n = mremap(r, len, len + 4096 * 64, MREMAP_MAYMOVE);
        if (n == MAP_FAILED)
            break;
        r = n;
        len += 4096 * 64;
    }
    printf("grew to <= 64 MB: %d\n", len <= 64 * MB);
    CHECK(len <= 64 * MB && len > 32 * MB);
    TEQ(munmap(r, len), 0);
    return finish();
}
