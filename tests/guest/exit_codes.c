// exit_codes: exit status truncation to 8 bits, exit() flushing stdio,
// atexit handlers running in reverse order, and _exit skipping them.
// args: 300
// expect-status: 44
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void h1(void) { printf("atexit 1\n"); }
static void h2(void) { printf("atexit 2\n"); }

int main(int argc, char **argv) {
    atexit(h1);
    atexit(h2);
    printf("buffered, not yet flushed");
    if (argc > 1)
        exit(atoi(argv[1])); /* 300 & 0xff == 44 */
    _exit(1);
}
