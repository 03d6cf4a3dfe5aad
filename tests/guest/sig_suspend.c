// sig_suspend: sigsuspend atomically swaps the mask and waits; it returns
// -1 EINTR after the handler ran, and the original mask is restored. A
// signal pending before the call is delivered at once. pause() also
// returns EINTR. A child sends the signals.
#include "common.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int got;
static void h(int s) { got = s; }

int main(void) {
    signal(SIGUSR1, h);
    signal(SIGUSR2, h);
    sigset_t block, wait_mask, cur;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, NULL);
    fflush(stdout);
    pid_t parent = getpid();
    pid_t c = fork();
    if (c == 0) {
        usleep(50000);
        kill(parent, SIGUSR2); // blocked during the sigsuspend: stays pending
        usleep(50000);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    sigfillset(&wait_mask);
    sigdelset(&wait_mask, SIGUSR1);
    TERR(sigsuspend(&wait_mask), EINTR);
    printf("got=%d\n", got);
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("mask restored: usr1=%d usr2=%d\n", sigismember(&cur, SIGUSR1),
           sigismember(&cur, SIGUSR2));
    waitpid(c, NULL, 0);
    // SIGUSR2 has been pending all along: sigsuspend with an empty mask
    // delivers it immediately.
    got = 0;
    sigemptyset(&wait_mask);
    TERR(sigsuspend(&wait_mask), EINTR);
    printf("got=%d\n", got);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    got = 0;
    fflush(stdout);
    c = fork();
    if (c == 0) {
        usleep(50000);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    TERR(pause(), EINTR);
    printf("pause got=%d\n", got);
    waitpid(c, NULL, 0);
    return finish();
}
