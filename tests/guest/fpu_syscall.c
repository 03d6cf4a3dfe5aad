// fpu_syscall: vector and x87 state survives syscalls, including one that
// blocks (nanosleep) so the host thread is descheduled: xmm0-15, the upper
// halves of ymm0-15 (AVX), zmm0-31 and k0-7 (AVX-512), MXCSR with a
// non-default rounding mode, and the x87 register stack.
#include "common.h"
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint8_t in[32 * 64] __attribute__((aligned(64))), out[32 * 64] __attribute__((aligned(64)));
static struct timespec ts = {0, 1000000};

static void fill(void) {
    for (unsigned i = 0; i < sizeof in; i++)
        in[i] = (uint8_t)(i * 7 + 3);
    memset(out, 0, sizeof out);
}

static int compare(int regs, int bytes) {
    int bad = 0;
    for (int r = 0; r < regs; r++)
        bad += memcmp(in + r * 64, out + r * 64, bytes) != 0;
    g_failures += bad;
    return bad;
}

#define XMM_LOAD(n) "movdqu " #n "*64(%[i]), %%xmm" #n "\n"
#define XMM_STORE(n) "movdqu %%xmm" #n ", " #n "*64(%[o])\n"
#define YMM_LOAD(n) "vmovdqu " #n "*64(%[i]), %%ymm" #n "\n"
#define YMM_STORE(n) "vmovdqu %%ymm" #n ", " #n "*64(%[o])\n"
#define ZMM_LOAD(n) "vmovdqu64 " #n "*64(%[i]), %%zmm" #n "\n"
#define ZMM_STORE(n) "vmovdqu64 %%zmm" #n ", " #n "*64(%[o])\n"
#define X16(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11) M(12) M(13) M(14) M(15)
#define X32(M) X16(M) M(16) M(17) M(18) M(19) M(20) M(21) M(22) M(23) M(24) M(25) M(26) M(27) M(28) \
    M(29) M(30) M(31)

static void sse(long nr, long a0) {
    long rax = nr;
    __asm__ volatile(X16(XMM_LOAD) "syscall\n" X16(XMM_STORE)
                     : "+a"(rax)
                     : [i] "r"(in), [o] "r"(out), "D"(a0), "S"(0L)
                     : "rcx", "r11", "memory");
}

__attribute__((target("avx"))) static void avx(long nr, long a0) {
    long rax = nr;
    __asm__ volatile(X16(YMM_LOAD) "syscall\n" X16(YMM_STORE) "vzeroupper\n"
                     : "+a"(rax)
                     : [i] "r"(in), [o] "r"(out), "D"(a0), "S"(0L)
                     : "rcx", "r11", "memory");
}

__attribute__((target("avx512f,avx512bw"))) static int avx512(long nr, long a0) {
    long rax = nr;
    uint64_t k[8], kin[8] = {0x1, 0x12, 0x123, 0x1234, 0x12345, 0x123456, 0x1234567, 0x12345678};
    __asm__ volatile(X32(ZMM_LOAD)
                     "kmovq 0(%[ki]), %%k1\n kmovq 8(%[ki]), %%k2\n kmovq 16(%[ki]), %%k3\n"
                     "kmovq 24(%[ki]), %%k4\n kmovq 32(%[ki]), %%k5\n kmovq 40(%[ki]), %%k6\n"
                     "kmovq 48(%[ki]), %%k7\n"
                     "syscall\n" X32(ZMM_STORE)
                     "kmovq %%k1, 0(%[ko])\n kmovq %%k2, 8(%[ko])\n kmovq %%k3, 16(%[ko])\n"
                     "kmovq %%k4, 24(%[ko])\n kmovq %%k5, 32(%[ko])\n kmovq %%k6, 40(%[ko])\n"
                     "kmovq %%k7, 48(%[ko])\n vzeroupper\n"
                     : "+a"(rax)
                     : [i] "r"(in), [o] "r"(out), [ki] "r"(kin), [ko] "r"(k), "D"(a0), "S"(0L)
                     : "rcx", "r11", "memory");
    return memcmp(k, kin, 7 * 8) != 0;
}

int main(void) {
    long calls[][2] = {{SYS_getpid, 0}, {SYS_nanosleep, (long)&ts}, {1000, 0}};
    const char *cn[] = {"getpid", "nanosleep", "enosys"};
    for (int c = 0; c < 3; c++) {
        fill();
        sse(calls[c][0], calls[c][1]);
        printf("%s xmm0-15 mismatches=%d\n", cn[c], compare(16, 16));
    }
    __builtin_cpu_init();
    int has_avx = __builtin_cpu_supports("avx");
    printf("avx: %s\n", has_avx ? "yes" : "no");
    for (int c = 0; has_avx && c < 3; c++) {
        fill();
        avx(calls[c][0], calls[c][1]);
        printf("%s ymm0-15 mismatches=%d\n", cn[c], compare(16, 32));
    }
    int has_512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
    printf("avx512: %s\n", has_512 ? "yes" : "no");
    for (int c = 0; has_512 && c < 3; c++) {
        fill();
        int kbad = avx512(calls[c][0], calls[c][1]);
        printf("%s zmm0-31 mismatches=%d k-mismatch=%d\n", cn[c], compare(32, 64), kbad);
    }

    /* MXCSR: round toward +inf and flush-to-zero survive a blocking syscall. */
    uint32_t m0, m1, m = 0x1f80 | 0x4000 | 0x8000;
    __asm__ volatile("stmxcsr %0" : "=m"(m0));
    __asm__ volatile("ldmxcsr %0" ::"m"(m));
    syscall(SYS_nanosleep, &ts, NULL);
    __asm__ volatile("stmxcsr %0" : "=m"(m1));
    __asm__ volatile("ldmxcsr %0" ::"m"(m0));
    CHECK((m1 & ~0x3fu) == m);

    /* x87 stack: pi, 1, log2(10), with precision control changed. */
    long double a = 0, b = 0, c = 0;
    uint16_t cw = 0x027f, cw0, cw1; /* 53-bit precision */
    __asm__ volatile("fnstcw %0" : "=m"(cw0));
    __asm__ volatile("fldcw %0" ::"m"(cw));
    __asm__ volatile("fldpi\n fld1\n fldl2t\n"
                     "syscall\n"
                     "fstpt %0\n fstpt %1\n fstpt %2\n"
                     : "=m"(a), "=m"(b), "=m"(c)
                     : "a"((long)SYS_nanosleep), "D"(&ts), "S"(0L)
                     : "rcx", "r11", "memory");
    __asm__ volatile("fnstcw %0" : "=m"(cw1));
    __asm__ volatile("fldcw %0" ::"m"(cw0));
    printf("x87: %.21Lg %.21Lg %.21Lg\n", a, b, c);
    CHECK(cw1 == cw);
    return finish();
}
