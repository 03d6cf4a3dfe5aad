// sig_nodefer_resethand: without SA_NODEFER a signal raised inside its own
// handler is deferred until the handler returns; with SA_NODEFER it nests
// immediately. SA_RESETHAND restores SIG_DFL on entry (the sigaction query
// inside the handler shows SIG_DFL) and the disposition stays SIG_DFL after.
// sa_mask signals are blocked inside the handler.
#include "common.h"
#include <signal.h>
#include <unistd.h>

static volatile int depth, maxdepth, order[16], norder;

static void h(int s) {
    (void)s;
    depth++;
    if (depth > maxdepth)
        maxdepth = depth;
    order[norder++] = depth;
    if (norder < 3)
        raise(SIGUSR1);
    order[norder++] = -depth;
    depth--;
}

static volatile int reset_seen_dfl, reset_calls, reset_nested_blocked;
static void hr(int s) {
    struct sigaction cur;
    sigaction(s, NULL, &cur);
    reset_seen_dfl = cur.sa_handler == SIG_DFL;
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    reset_nested_blocked = sigismember(&m, s);
    reset_calls++;
}

static void run(int flags, const char *name) {
    struct sigaction sa = {0};
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigaction(SIGUSR1, &sa, NULL);
    depth = maxdepth = norder = 0;
    raise(SIGUSR1);
    printf("%s: maxdepth=%d order:", name, maxdepth);
    for (int i = 0; i < norder; i++)
        printf(" %d", order[i]);
    printf("\n");
}

int main(void) {
    run(0, "default");
    run(SA_NODEFER, "nodefer");
    struct sigaction sa = {0};
    sa.sa_handler = hr;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("resethand: calls=%d dfl inside=%d self blocked inside=%d\n", reset_calls,
           reset_seen_dfl, reset_nested_blocked);
    struct sigaction cur;
    sigaction(SIGUSR2, NULL, &cur);
    printf("after: dfl=%d\n", cur.sa_handler == SIG_DFL);
    // sa_mask: a signal in sa_mask is blocked during the handler.
    sa.sa_handler = hr;
    sa.sa_flags = 0;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGUSR2, SIG_IGN);
    raise(SIGHUP);
    printf("sa_mask: self blocked inside=%d\n", reset_nested_blocked);
    return finish();
}
