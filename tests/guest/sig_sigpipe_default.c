// sig_sigpipe_default: writing to a pipe whose read end is closed kills the
// process with SIGPIPE (status 141) when SIGPIPE has the default action.
// expect-status: 141
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    int p[2];
    pipe(p);
    close(p[0]);
    printf("writing to a broken pipe\n");
    fflush(stdout);
    signal(SIGPIPE, SIG_DFL);
    write(p[1], "x", 1);
    printf("not reached\n");
    return 0;
}
