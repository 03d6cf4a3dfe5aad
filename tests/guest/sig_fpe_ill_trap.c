// sig_fpe_ill_trap: synchronous faults become the right signals and codes:
// integer divide by zero -> SIGFPE FPE_INTDIV (si_addr = the instruction),
// INT_MIN / -1 -> SIGFPE FPE_INTDIV, ud2 -> SIGILL ILL_ILLOPN, int3 ->
// SIGTRAP (SI_KERNEL), a privileged instruction (hlt) -> SIGSEGV SI_KERNEL,
// and an unmasked SSE divide by zero -> SIGFPE FPE_FLTDIV.
#include "common.h"
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <xmmintrin.h>

static sigjmp_buf jb;
static volatile int got_sig, got_code, addr_is_rip;

static void h(int s, siginfo_t *si, void *ucv) {
    ucontext_t *uc = ucv;
    got_sig = s;
    got_code = si->si_code;
    addr_is_rip = (uintptr_t)si->si_addr == (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    siglongjmp(jb, 1);
}

static const char *code_name(int s, int c) {
    if (c == SI_KERNEL) return "SI_KERNEL";
    if (s == SIGFPE && c == FPE_INTDIV) return "FPE_INTDIV";
    if (s == SIGFPE && c == FPE_FLTDIV) return "FPE_FLTDIV";
    if (s == SIGILL && c == ILL_ILLOPN) return "ILL_ILLOPN";
    if (s == SIGTRAP && c == TRAP_BRKPT) return "TRAP_BRKPT";
    static char b[16];
    snprintf(b, sizeof b, "%d", c);
    return b;
}

#define TRY(name, ...)                                                              \
    do {                                                                            \
        got_sig = 0;                                                                \
        if (sigsetjmp(jb, 1) == 0) {                                                \
            __VA_ARGS__;                                                                \
            printf("%s: no signal\n", name);                                        \
        } else {                                                                    \
            printf("%s: sig=%d code=%s addr_is_rip=%d\n", name, got_sig,          \
                   code_name(got_sig, got_code), addr_is_rip);                      \
        }                                                                           \
    } while (0)

static volatile int zero = 0, minus1 = -1, intmin = INT32_MIN;

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    volatile int r;
    TRY("div0", r = 10 / zero);
    TRY("intmin/-1", r = intmin / minus1);
    TRY("ud2", __asm__ volatile("ud2"));
    TRY("hlt", __asm__ volatile("hlt"));
    TRY("int3", __asm__ volatile("int3"));
    // int3: si_addr is not the RIP (RIP is past the int3); just the code.
    _mm_setcsr(_mm_getcsr() & ~_MM_MASK_DIV_ZERO);
    volatile float a = 1.0f, b = 0.0f;
    TRY("sse div0", { __m128 x = _mm_set_ss(a), y = _mm_set_ss(b);
                      volatile float z = _mm_cvtss_f32(_mm_div_ss(x, y)); (void)z; });
    (void)r;
    printf("handler still installed, process alive\n");
    return finish();
}
