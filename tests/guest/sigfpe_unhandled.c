// sigfpe_unhandled: integer division by zero kills the process with SIGFPE (136).
// expect-status: 136
#include <stdio.h>

int main(int argc, char **argv) {
    (void)argv;
    printf("before\n");
    fflush(stdout);
    volatile int zero = argc - 1;
    volatile int r = 100 / zero;
    return r;
}
