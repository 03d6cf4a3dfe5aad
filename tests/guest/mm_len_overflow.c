// mm_len_overflow: lengths and break addresses near 2^64, whose page
// rounding wraps to zero, are refused as Linux refuses them: brk leaves the
// break where it was (and the heap mapped), munmap/madvise give EINVAL,
// mprotect ENOMEM, mincore ENOMEM.
#include "common.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define HUGE_LEN 0xfffffffffffff001ul

int main(void) {
    char *pg = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(pg != MAP_FAILED);
    pg[0] = 1;
    long cur = syscall(SYS_brk, 0);
    long grown = syscall(SYS_brk, cur + 4096);
    CHECK(grown == cur + 4096);
    char *heap = (char *)cur;
    heap[0] = 7;
    long r = syscall(SYS_brk, 0xfffffffffffff897ul);
    printf("brk(near 2^64) keeps the break: %d\n", r == grown);
    r = syscall(SYS_brk, 0xffffffffffffffffl);
    printf("brk(~0) keeps the break: %d\n", r == grown);
    printf("heap still readable: %d\n", heap[0]);
    unsigned char vec[2];
    TERR(syscall(SYS_munmap, pg, HUGE_LEN), EINVAL);
    TERR(syscall(SYS_mprotect, pg, HUGE_LEN, PROT_READ), ENOMEM);
    TERR(syscall(SYS_madvise, pg, HUGE_LEN, MADV_DONTNEED), EINVAL);
    TERR(syscall(SYS_mincore, pg, HUGE_LEN, vec), ENOMEM);
    printf("page still mapped: %d\n", pg[0]);
    return finish();
}
