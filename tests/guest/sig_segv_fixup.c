// sig_segv_fixup: a SIGSEGV handler mprotects the faulting page read-write
// and returns; the faulting store is retried and succeeds. si_code is
// SEGV_ACCERR for a PROT_NONE/read-only page and SEGV_MAPERR for an unmapped
// one (fixed up with mmap MAP_FIXED). Counts faults over several pages.
#include "common.h"
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile int faults, accerr, maperr, addr_ok;
static char *base;

static void h(int s, siginfo_t *si, void *u) {
    (void)s; (void)u;
    faults++;
    char *a = si->si_addr;
    if (si->si_code == SEGV_ACCERR)
        accerr++;
    if (si->si_code == SEGV_MAPERR)
        maperr++;
    addr_ok += a >= base && a < base + 8 * 4096;
    char *pg = (char *)((uintptr_t)a & ~(uintptr_t)4095);
    if (si->si_code == SEGV_MAPERR)
        mmap(pg, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    else
        mprotect(pg, 4096, PROT_READ | PROT_WRITE);
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    base = mmap(NULL, 8 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(base + 4096, 4096, PROT_READ);
    munmap(base + 2 * 4096, 4096);
    for (int i = 0; i < 8; i++)
        base[i * 4096 + 5] = (char)(i + 1);
    long sum = 0;
    for (int i = 0; i < 8; i++)
        sum += base[i * 4096 + 5];
    printf("faults=%d accerr=%d maperr=%d addr_ok=%d sum=%ld\n", faults, accerr, maperr,
           addr_ok, sum);
    // Second pass: no more faults.
    for (int i = 0; i < 8; i++)
        base[i * 4096 + 6] = 1;
    printf("faults=%d\n", faults);
    return finish();
}
