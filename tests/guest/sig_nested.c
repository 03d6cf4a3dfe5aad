// sig_nested: a handler for SIGUSR1 raises SIGUSR2 (different handler),
// which nests immediately; a signal blocked by sa_mask is delivered right
// after the outer handler returns. The call order is printed.
#include "common.h"
#include <signal.h>
#include <unistd.h>

static volatile char log_[64];
static volatile int nl;
static void add(char c) { log_[nl++] = c; }

static void h2(int s) { (void)s; add('2'); }
static void h3(int s) { (void)s; add('3'); }
static void h1(int s) {
    (void)s;
    add('1');
    raise(SIGUSR2); // nests now
    add('a');
    raise(SIGHUP);  // blocked by sa_mask: after we return
    add('b');
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_handler = h1;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = h2;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR2, &sa, NULL);
    sa.sa_handler = h3;
    sigaction(SIGHUP, &sa, NULL);
    raise(SIGUSR1);
    add('e');
    log_[nl] = 0;
    printf("order: %s\n", (char *)log_);
    // Many nested levels through different RT signals.
    nl = 0;
    return finish();
}
