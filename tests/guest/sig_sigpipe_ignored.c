// sig_sigpipe_ignored: with SIGPIPE ignored a write to a broken pipe fails
// with EPIPE; with a handler, the handler runs and write still fails EPIPE;
// with SIGPIPE blocked, it becomes pending. Also a socketpair with
// MSG_NOSIGNAL.
#include "common.h"
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile int hits;
static void h(int s) { (void)s; hits++; }

int main(void) {
    int p[2];
    pipe(p);
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    TERR(write(p[1], "x", 1), EPIPE);
    signal(SIGPIPE, h);
    TERR(write(p[1], "x", 1), EPIPE);
    printf("handler hits=%d\n", hits);
    sigset_t m, pend;
    sigemptyset(&m);
    sigaddset(&m, SIGPIPE);
    sigprocmask(SIG_BLOCK, &m, NULL);
    TERR(write(p[1], "x", 1), EPIPE);
    sigpending(&pend);
    printf("pending=%d\n", sigismember(&pend, SIGPIPE));
    sigprocmask(SIG_UNBLOCK, &m, NULL);
    printf("handler hits=%d\n", hits);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    close(sv[1]);
    TERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
    printf("handler hits=%d\n", hits);
    return finish();
}
