// sig_fpu_preserve: SSE (xmm0-15), AVX (upper ymm halves, if the CPU has
// AVX), x87 and MXCSR values are preserved across a signal handler that
// clobbers all of them; the handler also sees a sane fpstate pointer.
// cflags: -mavx
#include "common.h"
#include <cpuid.h>
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int handler_ran, fpregs_present;

static void h(int s, siginfo_t *si, void *ucv) {
    (void)s; (void)si;
    ucontext_t *uc = ucv;
    fpregs_present = uc->uc_mcontext.fpregs != NULL;
    handler_ran++;
    // Clobber everything.
    __asm__ volatile("vpcmpeqd %%ymm0, %%ymm0, %%ymm0\n"
                     "vmovdqa %%ymm0, %%ymm1\n vmovdqa %%ymm0, %%ymm2\n"
                     "vmovdqa %%ymm0, %%ymm3\n vmovdqa %%ymm0, %%ymm4\n"
                     "vmovdqa %%ymm0, %%ymm5\n vmovdqa %%ymm0, %%ymm6\n"
                     "vmovdqa %%ymm0, %%ymm7\n vmovdqa %%ymm0, %%ymm8\n"
                     "vmovdqa %%ymm0, %%ymm9\n vmovdqa %%ymm0, %%ymm10\n"
                     "vmovdqa %%ymm0, %%ymm11\n vmovdqa %%ymm0, %%ymm12\n"
                     "vmovdqa %%ymm0, %%ymm13\n vmovdqa %%ymm0, %%ymm14\n"
                     "vmovdqa %%ymm0, %%ymm15\n"
                     "fldpi\n fldpi\n"
                     ::: "memory");
    unsigned m = 0x7f80 | 0x6000; // all masked, round toward zero
    __asm__ volatile("ldmxcsr %0" :: "m"(m));
}

static int have_avx(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return 0;
    if (!(c & bit_AVX) || !(c & bit_OSXSAVE))
        return 0;
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 6) == 6;
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    int avx = have_avx();
    static uint8_t in[16][32] __attribute__((aligned(32)));
    static uint8_t out[16][32] __attribute__((aligned(32)));
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 32; j++)
            in[i][j] = (uint8_t)(i * 37 + j * 3 + 1);
    unsigned mx_in = 0x1f80 | 0x2000, mx_out = 0; // round down
    double x87_in = 2.718281828459045, x87_out = 0;
    long tid = getpid();
    if (avx) {
        __asm__ volatile(
            "ldmxcsr %[mxin]\n"
            "fldl %[x87in]\n"
            "vmovdqa 0(%[in]), %%ymm0\n vmovdqa 32(%[in]), %%ymm1\n"
            "vmovdqa 64(%[in]), %%ymm2\n vmovdqa 96(%[in]), %%ymm3\n"
            "vmovdqa 128(%[in]), %%ymm4\n vmovdqa 160(%[in]), %%ymm5\n"
            "vmovdqa 192(%[in]), %%ymm6\n vmovdqa 224(%[in]), %%ymm7\n"
            "vmovdqa 256(%[in]), %%ymm8\n vmovdqa 288(%[in]), %%ymm9\n"
            "vmovdqa 320(%[in]), %%ymm10\n vmovdqa 352(%[in]), %%ymm11\n"
            "vmovdqa 384(%[in]), %%ymm12\n vmovdqa 416(%[in]), %%ymm13\n"
            "vmovdqa 448(%[in]), %%ymm14\n vmovdqa 480(%[in]), %%ymm15\n"
            // kill(getpid(), SIGUSR1) by raw syscall: no libc code touches
            // the vector registers in between.
            "mov $62, %%eax\n mov %[tid], %%rdi\n mov $10, %%esi\n syscall\n"
            "vmovdqa %%ymm0, 0(%[out])\n vmovdqa %%ymm1, 32(%[out])\n"
            "vmovdqa %%ymm2, 64(%[out])\n vmovdqa %%ymm3, 96(%[out])\n"
            "vmovdqa %%ymm4, 128(%[out])\n vmovdqa %%ymm5, 160(%[out])\n"
            "vmovdqa %%ymm6, 192(%[out])\n vmovdqa %%ymm7, 224(%[out])\n"
            "vmovdqa %%ymm8, 256(%[out])\n vmovdqa %%ymm9, 288(%[out])\n"
            "vmovdqa %%ymm10, 320(%[out])\n vmovdqa %%ymm11, 352(%[out])\n"
            "vmovdqa %%ymm12, 384(%[out])\n vmovdqa %%ymm13, 416(%[out])\n"
            "vmovdqa %%ymm14, 448(%[out])\n vmovdqa %%ymm15, 480(%[out])\n"
            "stmxcsr %[mxout]\n"
            "fstpl %[x87out]\n"
            : [mxout] "=m"(mx_out), [x87out] "=m"(x87_out)
            : [in] "r"(in), [out] "r"(out), [mxin] "m"(mx_in), [x87in] "m"(x87_in),
              [tid] "r"(tid)
            : "rax", "rdi", "rsi", "rcx", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm3",
              "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
              "xmm13", "xmm14", "xmm15");
    } else {
        printf("no AVX\n");
        return 0;
    }
    // The handler pushed two x87 values that it did not pop; after
    // sigreturn the x87 stack is the one from before.
    int bad = 0;
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 32; j++)
            bad += out[i][j] != in[i][j];
    printf("handler_ran=%d fpregs_present=%d\n", handler_ran, fpregs_present);
    printf("ymm bytes differing: %d\n", bad);
    printf("mxcsr preserved: %d\n", mx_out == mx_in);
    printf("x87 preserved: %d\n", x87_out == x87_in);
    return finish();
}
