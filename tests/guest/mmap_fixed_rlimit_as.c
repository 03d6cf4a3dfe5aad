// mmap_fixed_rlimit_as: under RLIMIT_AS a MAP_FIXED mapping counts only the
// pages it adds: those of the mappings it replaces are counted out (Linux's
// mmap_region), as ld.so's segment mappings over its reservation need. A
// mapping that adds too much is still ENOMEM.
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/resource.h>

#include "common.h"

#define MB (1024UL * 1024)

int main(void) {
    struct rlimit rl = {64 * MB, RLIM_INFINITY};
    TEQ(setrlimit(RLIMIT_AS, &rl), 0);
    char *r = mmap(NULL, 40 * MB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(r != MAP_FAILED);
    /* The whole reservation replaced: nothing new. */
    char *p = mmap(r, 40 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(p == r);
    /* Part of it, twice over. */
    char *q = mmap(r + 8 * MB, 16 * MB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(q == r + 8 * MB);
    /* Half over it, half beyond: 20 MB new fits, 40 MB new does not. */
    errno = 0;
    char *big = mmap(r + 20 * MB, 80 * MB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(big == MAP_FAILED && errno == ENOMEM);
    TEQ(munmap(r, 40 * MB), 0);
    return finish();
}
