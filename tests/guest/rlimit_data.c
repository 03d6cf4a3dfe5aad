// rlimit_data: RLIMIT_DATA limits private writable mappings (Linux's
// data_vm, since 4.7), not just brk: mmap, mprotect to writable and mremap
// growth of such mappings fail with ENOMEM past it; shared and read-only
// mappings do not count, and a MAP_FIXED mapping first gives back what it
// replaces. mremap growth is limited by RLIMIT_AS as well.
#define _GNU_SOURCE
#include "common.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#define MB (1024UL * 1024)

static long map(void *addr, size_t len, int prot, int flags) {
    void *p = mmap(addr, len, prot, flags, -1, 0);
    return p == MAP_FAILED ? -1 : 0;
}

int main(void) {
    struct rlimit rl;
    TEQ(getrlimit(RLIMIT_DATA, &rl), 0);
    rl.rlim_cur = 64 * MB;
    TEQ(setrlimit(RLIMIT_DATA, &rl), 0);

    int priv = MAP_PRIVATE | MAP_ANONYMOUS;
    TERR(map(NULL, 128 * MB, PROT_READ | PROT_WRITE, priv), ENOMEM);
    TEQ(map(NULL, 128 * MB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS), 0);

    void *ro = mmap(NULL, 128 * MB, PROT_READ, priv, -1, 0);
    CHECK(ro != MAP_FAILED);
    TERR(mprotect(ro, 128 * MB, PROT_READ | PROT_WRITE), ENOMEM);
    TEQ(mprotect(ro, 16 * MB, PROT_READ | PROT_WRITE), 0);
    TEQ(munmap(ro, 128 * MB), 0);

    char *a = mmap(NULL, 32 * MB, PROT_READ | PROT_WRITE, priv, -1, 0);
    CHECK(a != MAP_FAILED);
    a[0] = 1;
    TERR((long)mremap(a, 32 * MB, 128 * MB, MREMAP_MAYMOVE), ENOMEM);
    a = mremap(a, 32 * MB, 48 * MB, MREMAP_MAYMOVE);
    CHECK(a != MAP_FAILED);
    TERR(map(NULL, 48 * MB, PROT_READ | PROT_WRITE, priv), ENOMEM);
    TEQ(map(a, 48 * MB, PROT_READ | PROT_WRITE, priv | MAP_FIXED), 0);
    TERR((long)sbrk(128 * MB), ENOMEM);
    TEQ(munmap(a, 48 * MB), 0);
    TEQ(map(NULL, 48 * MB, PROT_READ | PROT_WRITE, priv), 0);

    // RLIMIT_AS: mremap growth counts too.
    TEQ(getrlimit(RLIMIT_AS, &rl), 0);
    rl.rlim_cur = 1024 * MB;
    TEQ(setrlimit(RLIMIT_AS, &rl), 0);
    char *b = mmap(NULL, 512 * MB, PROT_NONE, priv, -1, 0);
    CHECK(b != MAP_FAILED);
    TERR((long)mremap(b, 512 * MB, 2048 * MB, MREMAP_MAYMOVE), ENOMEM);
    TERR(map(NULL, 1024 * MB, PROT_NONE, priv), ENOMEM);
    return finish();
}
