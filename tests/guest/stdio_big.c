// stdio_big: large and interleaved output: 2 MiB to stdout through stdio
// in odd-sized writes, a direct write of 1 MiB, and lines to stderr.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    static char line[1000];
    unsigned long total = 0;
    for (int i = 0; i < 4000; i++) {
        int len = 100 + (i * 37) % 400;
        for (int j = 0; j < len; j++)
            line[j] = 'a' + (i + j) % 26;
        line[len] = '\n';
        fwrite(line, 1, len + 1, stdout);
        total += len + 1;
        if (i % 1000 == 0)
            fprintf(stderr, "progress %d\n", i);
    }
    fflush(stdout);
    static char big[1 << 20];
    for (unsigned i = 0; i < sizeof big; i++)
        big[i] = (i % 64 == 63) ? '\n' : '0' + i % 10;
    size_t off = 0;
    while (off < sizeof big) {
        ssize_t n = write(1, big + off, sizeof big - off);
        if (n <= 0)
            return 1;
        off += n;
    }
    printf("total=%lu\n", total + off);
    fprintf(stderr, "done\n");
    return 0;
}
