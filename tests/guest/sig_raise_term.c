// sig_raise_term: raise(SIGTERM) with the default action kills the process:
// status 143 (128+15). Output before it must be flushed by the program.
// expect-status: 143
#include <signal.h>
#include <stdio.h>

int main(void) {
    printf("raising SIGTERM\n");
    fflush(stdout);
    signal(SIGTERM, SIG_DFL);
    raise(SIGTERM);
    printf("not reached\n");
    return 0;
}
