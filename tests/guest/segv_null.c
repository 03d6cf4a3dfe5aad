// segv_null: a read through a NULL pointer kills the process with SIGSEGV.
// expect-status: 139
#include <stdio.h>

int main(void) {
    printf("before\n");
    fflush(stdout);
    volatile int *p = (volatile int *)0;
    return *p;
}
