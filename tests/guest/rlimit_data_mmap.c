// rlimit_data_mmap: since Linux 4.7 RLIMIT_DATA counts every private
// writable mapping (may_expand_vm's data_vm), not only the heap: an
// anonymous read-write mmap, a mremap growing one, brk, and mprotect making
// private memory writable all stop at it, while read-only and shared
// mappings do not count.
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"

#define MB (1024UL * 1024)

int main(void) {
    struct rlimit rl = {32 * MB, RLIM_INFINITY};
    TEQ(setrlimit(RLIMIT_DATA, &rl), 0);
    int rw = PROT_READ | PROT_WRITE, anon = MAP_PRIVATE | MAP_ANONYMOUS;
    errno = 0;
    CHECK(mmap(NULL, 64 * MB, rw, anon, -1, 0) == MAP_FAILED && errno == ENOMEM);
    void *ro = mmap(NULL, 64 * MB, PROT_READ, anon, -1, 0);
    CHECK(ro != MAP_FAILED);
    void *sh = mmap(NULL, 64 * MB, rw, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(sh != MAP_FAILED);
    char *p = mmap(NULL, 16 * MB, rw, anon, -1, 0);
    CHECK(p != MAP_FAILED);
    errno = 0;
    CHECK(mremap(p, 16 * MB, 64 * MB, MREMAP_MAYMOVE) == MAP_FAILED && errno == ENOMEM);
    /* the raw brk: it answers the old break when it refuses */
    uintptr_t cur = (uintptr_t)syscall(SYS_brk, 0);
    CHECK((uintptr_t)syscall(SYS_brk, cur + 24 * MB) == cur);
    TEQ(munmap(p, 16 * MB), 0);
    CHECK((uintptr_t)syscall(SYS_brk, cur + 8 * MB) == cur + 8 * MB);
    /* Memory that becomes writable becomes data. */
    char *none = mmap(NULL, 64 * MB, PROT_NONE, anon, -1, 0);
    CHECK(none != MAP_FAILED);
    TERR(mprotect(none, 64 * MB, rw), ENOMEM);
    TEQ(mprotect(none, 4 * MB, rw), 0);
    TEQ(munmap(none, 64 * MB), 0);
    TEQ(munmap(ro, 64 * MB), 0);
    TEQ(munmap(sh, 64 * MB), 0);
    return finish();
}
