// Guest for sigint.sh: "handler" installs SIGINT/SIGTERM handlers, prints
// "ready" and waits in pause(); the handler reports the signal and main
// exits 3. "plain" prints "ready" and waits with default dispositions.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static void h(int s) { got = s; }

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "handler") == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = h;
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
    } else {
        signal(SIGINT, SIG_DFL);
    }
    printf("ready\n");
    fflush(stdout);
    while (!got)
        pause();
    printf("handler ran for signal %d\n", got);
    return 3;
}
