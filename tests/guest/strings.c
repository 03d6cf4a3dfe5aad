// strings: libc string functions (memcpy, memmove, memset, memcmp, strlen,
// strchr, strrchr, strcmp, strncmp, memchr, strcpy) over many sizes and
// alignments, including buffers ending at a page boundary followed by an
// unmapped page. glibc picks SSE2/AVX2/EVEX variants from CPUID, so this
// exercises the vector state and CPUID the guest sees. Checked against
// byte-by-byte reference loops.
#include "common.h"
#include <stdint.h>
#include <sys/mman.h>

static size_t ref_strlen(const char *s) {
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int main(void) {
    enum { N = 600 };
    static unsigned char src[N + 128], dst[N + 128], ref[N + 128];
    uint64_t h = 1469598103934665603ull;
    int bad = 0;
    for (int i = 0; i < N + 128; i++)
        src[i] = (unsigned char)(i * 151 + 7) | 1;
    for (int len = 0; len < N; len += (len < 80 ? 1 : 37)) {
        for (int sa = 0; sa < 64; sa += (len < 80 ? 5 : 13)) {
            for (int da = 0; da < 64; da += 11) {
                memset(dst, 0xee, sizeof dst);
                memcpy(dst + da, src + sa, len);
                for (int i = 0; i < len; i++)
                    bad += dst[da + i] != src[sa + i];
                bad += dst[da + len] != 0xee || (da > 0 && dst[da - 1] != 0xee);
                bad += memcmp(dst + da, src + sa, len) != 0;
                if (len > 0) {
                    dst[da + len - 1] ^= 0x40;
                    int c = memcmp(dst + da, src + sa, len);
                    bad += (c > 0) != (dst[da + len - 1] > src[sa + len - 1]) || c == 0;
                }
                memset(dst + da, 'a' + len % 26, len);
                dst[da + len] = 0;
                bad += strlen((char *)dst + da) != (size_t)len;
                bad += ref_strlen((char *)dst + da) != (size_t)len;
                if (len > 1) {
                    dst[da + len / 2] = 'Z';
                    char *p = strchr((char *)dst + da, 'Z');
                    bad += p != (char *)dst + da + len / 2;
                    bad += memchr(dst + da, 'Z', len) != dst + da + len / 2;
                    bad += len > 2 && strrchr((char *)dst + da, 'a' + len % 26) != (char *)dst + da + len - 1;
                    memcpy(ref, dst + da, len + 1);
                    bad += strcmp((char *)ref, (char *)dst + da) != 0;
                    ref[len - 1]++;
                    bad += strcmp((char *)ref, (char *)dst + da) <= 0;
                    bad += strncmp((char *)ref, (char *)dst + da, len - 1) != 0;
                }
                bad += strchr((char *)dst + da, '#') != NULL;
                for (int i = 0; i < len; i++)
                    h = (h ^ dst[da + i]) * 1099511628211ull;
            }
        }
    }
    /* Overlapping memmove both ways. */
    for (int len = 0; len < 300; len += 7) {
        for (int shift = -33; shift <= 33; shift += 3) {
            for (int i = 0; i < N; i++)
                dst[i] = ref[i] = (unsigned char)(i ^ len);
            memmove(dst + 100 + shift, dst + 100, len);
            for (int i = len - 1; shift > 0 && i >= 0; i--)
                ref[100 + shift + i] = ref[100 + i];
            for (int i = 0; shift <= 0 && i < len; i++)
                ref[100 + shift + i] = ref[100 + i];
            bad += memcmp(dst, ref, N) != 0;
        }
    }
    /* Strings that end right before an unmapped page: vector code must not
     * fault reading past them. */
    unsigned char *pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(pg != MAP_FAILED);
    CHECK(munmap(pg + 4096, 4096) == 0);
    for (int len = 0; len < 200; len++) {
        char *s = (char *)pg + 4096 - len - 1;
        memset(s, 'q', len);
        s[len] = 0;
        bad += strlen(s) != (size_t)len;
        bad += strchr(s, 'x') != NULL;
        bad += memchr(s, 'x', len + 1) != NULL;
        bad += strcmp(s, s) != 0;
        char tmp[256];
        strcpy(tmp, s);
        bad += memcmp(tmp, s, len + 1) != 0;
    }
    printf("hash=%llu\n", (unsigned long long)h);
    printf("mismatches=%d\n", bad);
    CHECK(bad == 0);
    return finish();
}
