// sigill_unhandled: ud2 with no handler kills the process with SIGILL (132).
// expect-status: 132
#include <stdio.h>

int main(void) {
    printf("before\n");
    fflush(stdout);
    __asm__ volatile("ud2");
    return 0;
}
