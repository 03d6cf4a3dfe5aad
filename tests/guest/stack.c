// stack: deep recursion using about 6 MiB of the main thread's stack (the
// stack must grow on demand down to RLIMIT_STACK), and alloca of 1 MiB.
#include "common.h"
#include <alloca.h>
#include <sys/resource.h>

static unsigned long depth_sum(int n, volatile char *prev) {
    volatile char frame[1024];
    frame[0] = (char)n;
    frame[1023] = (char)(n >> 8);
    if (prev)
        frame[1] = prev[0];
    if (n == 0)
        return 1;
    unsigned long r = depth_sum(n - 1, frame);
    return r + (unsigned char)frame[0] + (unsigned char)frame[1023];
}

int main(void) {
    struct rlimit rl;
    CHECK(getrlimit(RLIMIT_STACK, &rl) == 0);
    CHECK(rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= 8u << 20);
    /* ~1.1 KiB per frame * 5500 frames is about 6 MiB. */
    printf("recursion result=%lu\n", depth_sum(5500, NULL));
    char *a = alloca(1 << 20);
    memset(a, 3, 1 << 20);
    unsigned s = 0;
    for (int i = 0; i < (1 << 20); i += 4096)
        s += a[i];
    printf("alloca sum=%u\n", s);
    return finish();
}
