// sig_restart_classes: how Linux finishes interrupted calls beyond the
// plain SA_RESTART rule (signal(7)). A futex wait with a timeout and a recv
// on a socket with SO_RCVTIMEO fail with EINTR after a handler even with
// SA_RESTART (a futex wait without a timeout restarts). After a stop and
// SIGCONT, with no handler at all, epoll_wait, sigtimedwait, semtimedop and
// a recv with SO_RCVTIMEO fail with EINTR, while poll and nanosleep go on.
// ldflags: -pthread
// timeout: 30
#include "common.h"
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

static volatile int hits;
static void on_alarm(int s) {
    (void)s;
    hits++;
}

static void arm(void) {
    hits = 0;
    struct itimerval it = {{0, 0}, {0, 100000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

static int fut;
static void *waker(void *a) {
    (void)a;
    usleep(400000);
    __atomic_store_n(&fut, 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, &fut, FUTEX_WAKE, 1, NULL, NULL, 0);
    return NULL;
}

static void report(const char *what, long r, int e) {
    printf("%-28s %s\n", what, r < 0 ? errname(e) : "completed");
}

// The child blocks in the call; the parent stops and continues it.
#define STOPCONT(what, expr)                                                  \
    do {                                                                      \
        int pp[2];                                                            \
        pipe(pp);                                                             \
        fflush(stdout);                                                       \
        pid_t c = fork();                                                     \
        if (c == 0) {                                                         \
            write(pp[1], "r", 1);                                             \
            errno = 0;                                                        \
            long r = (long)(expr);                                            \
            report(what, r, errno);                                           \
            fflush(stdout);                                                   \
            _exit(0);                                                         \
        }                                                                     \
        char x;                                                               \
        read(pp[0], &x, 1);                                                   \
        usleep(200000);                                                       \
        kill(c, SIGSTOP);                                                     \
        usleep(100000);                                                       \
        kill(c, SIGCONT);                                                     \
        waitpid(c, NULL, 0);                                                  \
        close(pp[0]);                                                         \
        close(pp[1]);                                                         \
    } while (0)

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);

    printf("handler with SA_RESTART:\n");
    pthread_t th;
    pthread_create(&th, NULL, waker, NULL);
    arm();
    errno = 0;
    long r = syscall(SYS_futex, &fut, FUTEX_WAIT, 0, NULL, NULL, 0);
    report("futex wait", r, errno);
    pthread_join(th, NULL);
    CHECK(hits == 1);

    fut = 0;
    pthread_create(&th, NULL, waker, NULL);
    arm();
    errno = 0;
    struct timespec two = {2, 0};
    r = syscall(SYS_futex, &fut, FUTEX_WAIT, 0, &two, NULL, 0);
    report("futex wait, timeout", r, errno);
    pthread_join(th, NULL);

    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    char b[4];
    pid_t c = fork();
    if (c == 0) {
        usleep(400000);
        write(sv[1], "x", 1);
        _exit(0);
    }
    arm();
    errno = 0;
    r = recv(sv[0], b, 1, 0);
    report("recv", r, errno);
    waitpid(c, NULL, 0);

    struct timeval tv = {2, 0};
    setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    c = fork();
    if (c == 0) {
        usleep(400000);
        write(sv[1], "x", 1);
        _exit(0);
    }
    arm();
    errno = 0;
    r = recv(sv[0], b, 1, 0);
    report("recv, SO_RCVTIMEO", r, errno);
    waitpid(c, NULL, 0);
    recv(sv[0], b, 1, 0);

    printf("stop and SIGCONT, no handler:\n");
    signal(SIGALRM, SIG_DFL);
    int ep = epoll_create1(0);
    struct epoll_event ev;
    STOPCONT("epoll_wait", epoll_wait(ep, &ev, 1, 2000));
    STOPCONT("poll", poll(NULL, 0, 1000));
    struct timespec one = {1, 0};
    STOPCONT("nanosleep", nanosleep(&one, NULL));
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    STOPCONT("sigtimedwait", sigtimedwait(&set, NULL, &two));
    int sem = semget(IPC_PRIVATE, 1, 0600);
    struct sembuf op = {0, -1, 0};
    STOPCONT("semtimedop", semtimedop(sem, &op, 1, &two));
    semctl(sem, 0, IPC_RMID);
    STOPCONT("recv, SO_RCVTIMEO", recv(sv[0], b, 1, 0));
    return finish();
}
