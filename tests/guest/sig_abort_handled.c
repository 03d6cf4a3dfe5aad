// sig_abort_handled: abort() with a SIGABRT handler that returns still
// kills the process with SIGABRT (status 134); the handler ran first.
// expect-status: 134
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void h(int s) {
    (void)s;
    write(1, "handler ran\n", 12);
}

int main(void) {
    signal(SIGABRT, h);
    printf("about to abort\n");
    fflush(stdout);
    abort();
}
