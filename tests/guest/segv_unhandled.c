// segv_unhandled: touching a PROT_NONE page with no handler installed kills
// the process with SIGSEGV (status 139 in a shell). Output before the fault
// must be flushed by the program itself.
// expect-status: 139
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    char *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mapped: %d\n", p != MAP_FAILED);
    fflush(stdout);
    *(volatile char *)p = 1;
    printf("still alive\n");
    return 0;
}
