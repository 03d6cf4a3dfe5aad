// write_segv_text: a store into the (read-only, executable) text segment
// kills the process with SIGSEGV.
// expect-status: 139
#include <stdio.h>

int main(void) {
    printf("before\n");
    fflush(stdout);
    *(volatile unsigned char *)(void *)&main = 0xcc;
    printf("text was writable\n");
    return 0;
}
