// sig_before_block: a signal that lands just as a thread enters a blocking
// call must not be lost. The handler itself makes the call's wait end (it
// writes the byte the read waits for, wakes the futex, kills the child the
// wait4 waits for...), so on Linux every round ends whether the signal came
// before the call, inside it (EINTR) or after it began. Under a runtime that
// records the signal and then starts a host wait that cannot see it, the
// round hangs.
// ldflags: -pthread
// timeout: 60
#include "common.h"
#define FUTEX_WAIT_PRIVATE 128 /* FUTEX_WAIT with FUTEX_PRIVATE_FLAG (musl has no linux/futex.h) */
#define FUTEX_WAKE_PRIVATE 129
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

enum kind { K_READ, K_POLL, K_EPOLL, K_RECV, K_FUTEX, K_WAIT4, K_FIFO, K_SIGSUSP, K_COUNT };
static const char *const names[] = {"read", "poll", "epoll_wait", "recv", "futex", "wait4", "open of a FIFO", "sigsuspend"};

static enum kind kind;
static int pfd[2], sv[2], ep;
static uint32_t fword;
static volatile pid_t child;
static char fifo[64];
static volatile int hfd = -1;
static volatile int about, done_ok;

static void handler(int s) {
    (void)s;
    switch (kind) {
    case K_READ: case K_POLL: case K_EPOLL:
        if (write(pfd[1], "x", 1) != 1)
            _exit(3);
        break;
    case K_RECV:
        if (send(sv[1], "x", 1, 0) != 1)
            _exit(3);
        break;
    case K_FUTEX:
        __atomic_store_n(&fword, 1, __ATOMIC_SEQ_CST);
        syscall(SYS_futex, &fword, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
        break;
    case K_WAIT4:
        kill(child, SIGKILL);
        break;
    case K_FIFO: // an O_RDWR open never blocks, and lets a reader's open through
        hfd = open(fifo, O_RDWR);
        break;
    default:
        break;
    }
}

static void *worker(void *a) {
    (void)a;
    char c;
    struct pollfd p = {pfd[0], POLLIN, 0};
    struct epoll_event ev;
    long r = 0;
    about = 1;
    switch (kind) {
    case K_READ: r = read(pfd[0], &c, 1); break;
    case K_POLL: r = poll(&p, 1, -1); break;
    case K_EPOLL: r = epoll_wait(ep, &ev, 1, -1); break;
    case K_RECV: r = recv(sv[0], &c, 1, 0); break;
    case K_FUTEX:
        while (!__atomic_load_n(&fword, __ATOMIC_SEQ_CST))
            r = syscall(SYS_futex, &fword, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
        r = 1;
        break;
    case K_WAIT4: r = waitpid(child, NULL, 0); break;
    case K_FIFO:
        r = open(fifo, O_RDONLY);
        if (r >= 0)
            close((int)r);
        break;
    case K_SIGSUSP: {
        // The signal is blocked until sigsuspend: never lost, on Linux or here.
        sigset_t none;
        sigemptyset(&none);
        r = sigsuspend(&none);
        break;
    }
    default: break;
    }
    // Ending with EINTR or with what the handler provided are both fine.
    if (r >= 0 || errno == EINTR)
        __atomic_add_fetch(&done_ok, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

// Quiet, as the rounds are many: only a failure prints.
#define MUST(cond)                                                           \
    do {                                                                     \
        if (!(cond)) {                                                       \
            printf("FAIL line %d: %s\n", __LINE__, #cond);                   \
            return 1;                                                        \
        }                                                                    \
    } while (0)

int main(void) {
    struct sigaction sa = {0};
    sa.sa_handler = handler; // no SA_RESTART: an interrupted call gives EINTR
    sigaction(SIGUSR1, &sa, NULL);
    snprintf(fifo, sizeof fifo, "/tmp/sig_before_block.%d", (int)getpid());
    unlink(fifo); // (one left by a run that was killed, with this pid)
    MUST(mkfifo(fifo, 0600) == 0);
    for (kind = 0; kind < K_COUNT; kind++) {
        done_ok = 0;
        for (int i = 0; i < 150; i++) {
            MUST(pipe(pfd) == 0);
            MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
            ep = epoll_create1(0);
            struct epoll_event ev = {.events = EPOLLIN};
            MUST(epoll_ctl(ep, EPOLL_CTL_ADD, pfd[0], &ev) == 0);
            fword = 0;
            if (kind == K_WAIT4) {
                child = fork();
                if (child == 0) {
                    pause();
                    _exit(0);
                }
            }
            sigset_t blk, old;
            sigemptyset(&blk);
            sigaddset(&blk, SIGUSR1);
            if (kind == K_SIGSUSP)
                pthread_sigmask(SIG_BLOCK, &blk, &old);
            about = 0;
            pthread_t th;
            MUST(pthread_create(&th, NULL, worker, NULL) == 0);
            if (kind == K_SIGSUSP)
                pthread_sigmask(SIG_SETMASK, &old, NULL);
            while (!about)
                ;
            for (volatile int spin = 0; spin < (i % 10) * 400; spin++)
                ;
            MUST(pthread_kill(th, SIGUSR1) == 0);
            MUST(pthread_join(th, NULL) == 0);
            if (kind == K_WAIT4 && waitpid(child, NULL, WNOHANG) == 0) {
                kill(child, SIGKILL); // the handler came after waitpid returned EINTR
                waitpid(child, NULL, 0);
            }
            close(pfd[0]);
            close(pfd[1]);
            close(sv[0]);
            close(sv[1]);
            close(ep);
            if (hfd >= 0)
                close(hfd);
            hfd = -1;
        }
        printf("%s: %d of 150 rounds ended\n", names[kind], done_ok);
    }
    unlink(fifo);
    return finish();
}
