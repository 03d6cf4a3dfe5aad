// fpu: x87/SSE/AVX state: libm results printed with %.17g, float and long
// double arithmetic, the default MXCSR and x87 control word, SSE via
// intrinsics, and AVX2/AVX-512 paths when the CPU (as seen by the guest)
// supports them.
// ldflags: -lm
#include "common.h"
#include <immintrin.h>
#include <math.h>
#include <stdint.h>

__attribute__((target("avx2,fma"))) static double avx2_dot(const double *a, const double *b, int n) {
    __m256d acc = _mm256_setzero_pd();
    for (int i = 0; i < n; i += 4)
        acc = _mm256_fmadd_pd(_mm256_loadu_pd(a + i), _mm256_loadu_pd(b + i), acc);
    double t[4];
    _mm256_storeu_pd(t, acc);
    return (t[0] + t[1]) + (t[2] + t[3]);
}

__attribute__((target("avx2"))) static uint32_t avx2_int(void) {
    __m256i x = _mm256_set_epi32(1, 2, 3, 4, 5, 6, 7, 8);
    __m256i y = _mm256_mullo_epi32(x, _mm256_set1_epi32(0x10001));
    y = _mm256_xor_si256(y, _mm256_slli_epi32(y, 3));
    uint32_t t[8];
    _mm256_storeu_si256((__m256i *)t, y);
    uint32_t s = 0;
    for (int i = 0; i < 8; i++)
        s = s * 31 + t[i];
    return s;
}

__attribute__((target("avx512f"))) static double avx512_sum(const double *a, int n) {
    __m512d acc = _mm512_setzero_pd();
    for (int i = 0; i < n; i += 8)
        acc = _mm512_add_pd(acc, _mm512_loadu_pd(a + i));
    return _mm512_reduce_add_pd(acc);
}

int main(int argc, char **argv) {
    (void)argv;
    volatile double x = 0.5 + argc; /* 1.5, not constant-folded */
    printf("sin=%.17g cos=%.17g tan=%.17g\n", sin(x), cos(x), tan(x));
    printf("exp=%.17g log=%.17g pow=%.17g\n", exp(x), log(x), pow(x, 7.25));
    printf("sqrt=%.17g cbrt=%.17g atan2=%.17g\n", sqrt(x), cbrt(x), atan2(x, -2.0));
    printf("fmod=%.17g hypot=%.17g floor=%.17g\n", fmod(100.0, x), hypot(x, 3.0), floor(-x));
    volatile float f = 1.1f * argc;
    printf("float: %.9g %.9g %.9g\n", f * 3.3f, sqrtf(f), expf(f));
    volatile long double ld = 1.0L / 3.0L;
    printf("long double: %.21Lg\n", ld * x);
    printf("inf=%g nan=%g -0=%g\n", 1.0 / (x - x), sqrt(-x), -0.0 * x);
    printf("denormal=%.17g\n", 4.9406564584124654e-324 * x);
    printf("int convert: %d %lld\n", (int)(x * 1e9), (long long)(x * 1e18));

    uint32_t mxcsr = _mm_getcsr();
    printf("mxcsr=0x%x\n", mxcsr & ~0x3fu); /* ignore sticky exception flags */
    uint16_t cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    printf("x87 cw=0x%x\n", cw);

    __m128 a = _mm_set_ps(1.5f, 2.5f, 3.5f, 4.5f);
    __m128 b = _mm_set_ps(0.25f, 0.5f, 0.75f, (float)x);
    __m128 c = _mm_add_ps(_mm_mul_ps(a, b), _mm_sqrt_ps(a));
    float out[4];
    _mm_storeu_ps(out, c);
    printf("sse: %.9g %.9g %.9g %.9g\n", out[0], out[1], out[2], out[3]);
    __m128i i1 = _mm_set_epi32(10, 20, 30, 40);
    __m128i i2 = _mm_shuffle_epi32(_mm_add_epi32(i1, i1), 0x1b);
    printf("sse2 int: %d %d\n", _mm_cvtsi128_si32(i2), _mm_extract_epi16(i2, 2));

    double va[64], vb[64];
    for (int i = 0; i < 64; i++) {
        va[i] = i * 0.5 + x;
        vb[i] = 1.0 / (i + 1);
    }
    __builtin_cpu_init();
    int has_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    printf("avx2+fma: %s\n", has_avx2 ? "yes" : "no");
    if (has_avx2)
        printf("avx2 dot=%.17g int=%u\n", avx2_dot(va, vb, 64), avx2_int());
    int has_512 = __builtin_cpu_supports("avx512f");
    printf("avx512f: %s\n", has_512 ? "yes" : "no");
    if (has_512)
        printf("avx512 sum=%.17g\n", avx512_sum(va, 64));
    return finish();
}
