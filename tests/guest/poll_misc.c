// poll/select/epoll semantics: edge-triggered and one-shot epoll, select
// with a large fd number, POLLNVAL, signal masks, fds outside the table.
#include "common.h"
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile int got;
static void on_usr1(int s) { (void)s; got++; }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int p[2];
    TEQ(pipe(p), 0);
    int ep = epoll_create(1);
    TERR(syscall(SYS_epoll_create, 0), EINVAL);
    // edge-triggered: one report per new arrival
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 0xabcdef0123456789ULL};
    TEQ(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), 0);
    TERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
    struct epoll_event out[4];
    TEQ(epoll_wait(ep, out, 4, 0), 0);
    write(p[1], "ab", 2);
    TEQ(epoll_wait(ep, out, 4, 0), 1);
    printf("data %llx events %x\n", (unsigned long long)out[0].data.u64, out[0].events);
    TEQ(epoll_wait(ep, out, 4, 0), 0);
    write(p[1], "c", 1);
    TEQ(epoll_wait(ep, out, 4, 0), 1);
    // one-shot: disarmed after one report until EPOLL_CTL_MOD
    ev.events = EPOLLIN | EPOLLONESHOT;
    TEQ(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), 0);
    TEQ(epoll_wait(ep, out, 4, 0), 1);
    TEQ(epoll_wait(ep, out, 4, 0), 0);
    TEQ(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), 0);
    TEQ(epoll_wait(ep, out, 4, 10), 1);
    // bad inputs
    TERR(epoll_ctl(ep, EPOLL_CTL_ADD, 4000, &ev), EBADF);
    TERR(epoll_ctl(4001, EPOLL_CTL_ADD, p[0], &ev), EBADF);
    TERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], (struct epoll_event *)8), EFAULT);
    TERR(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
    TERR(epoll_wait(ep, out, 0, 0), EINVAL);
    TERR(epoll_wait(ep, (struct epoll_event *)0x7ffffffff000ULL, 4, 0), EFAULT);
    TERR(epoll_wait(p[0], out, 4, 0), EINVAL);
    sigset_t none;
    sigemptyset(&none);
    TEQ(epoll_pwait(ep, out, 4, 0, &none), 0);
    TEQ(syscall(SYS_epoll_pwait, ep, out, 4, 0, &none, 4), -1);
    printf("epoll_pwait sigsetsize 4: %s\n", errname(errno));
    // the highest fd the limit allows: never open natively, elfuse's own under elfuse
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    int high = (int)(rl.rlim_max > 65536 ? 65536 : rl.rlim_max) - 1;
    TERR(epoll_ctl(ep, EPOLL_CTL_ADD, high, &ev), EBADF);
    struct pollfd pf[3] = {{p[0], POLLIN, 0}, {high, POLLIN, 0}, {-1, POLLIN, 0}};
    TEQ(poll(pf, 3, 1000), 2);
    printf("revents %x %x %x\n", pf[0].revents, pf[1].revents, pf[2].revents);
    TERR(poll(pf, rl.rlim_cur + 1, 0), EINVAL);
    TERR(poll((struct pollfd *)8, 1, 0), EFAULT);
    // select on a large fd number
    TEQ(dup2(p[0], 900), 900);
    fd_set *rs = calloc(1, 8192);
    FD_SET(900, rs);
    struct timeval tv = {1, 0};
    TEQ(select(901, rs, NULL, NULL, &tv), 1);
    CHECK(FD_ISSET(900, rs));
    char b[8];
    read(900, b, sizeof b);
    memset(rs, 0, 8192);
    FD_SET(900, rs);
    tv.tv_sec = 0;
    tv.tv_usec = 30000;
    TEQ(select(901, rs, NULL, NULL, &tv), 0);
    printf("timeval after timeout %ld %ld, bit %d\n", (long)tv.tv_sec, (long)tv.tv_usec, FD_ISSET(900, rs));
    memset(rs, 0, 8192);
    FD_SET(899, rs);
    TERR(select(901, rs, NULL, NULL, NULL), EBADF);
    tv.tv_usec = -1;
    TERR(select(1, NULL, NULL, NULL, &tv), EINVAL);
    TERR(select(-1, NULL, NULL, NULL, NULL), EINVAL);
    // ppoll / pselect with a mask that lets a blocked pending signal in
    signal(SIGUSR1, on_usr1);
    sigset_t blk, old;
    sigemptyset(&blk);
    sigaddset(&blk, SIGUSR1);
    sigprocmask(SIG_BLOCK, &blk, &old);
    kill(getpid(), SIGUSR1);
    struct pollfd one = {p[0], POLLIN, 0};
    struct timespec ts = {5, 0};
    TERR(ppoll(&one, 1, &ts, &none), EINTR);
    printf("handler ran %d\n", got);
    kill(getpid(), SIGUSR1);
    FD_ZERO(rs);
    FD_SET(p[0], rs);
    TERR(pselect(p[0] + 1, rs, NULL, NULL, &ts, &none), EINTR);
    printf("handler ran %d\n", got);
    kill(getpid(), SIGUSR1);
    TERR(epoll_pwait(ep, out, 4, 5000, &none), EINTR);
    printf("handler ran %d\n", got);
    sigset_t cur;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    CHECK(sigismember(&cur, SIGUSR1));
    // a ready fd wins over the mask's own (still blocked) signal
    write(p[1], "z", 1);
    kill(getpid(), SIGUSR1);
    TEQ(ppoll(&one, 1, &ts, &blk), 1);
    printf("handler ran %d\n", got);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("handler ran %d\n", got);
    // epoll_pwait2 with a timespec
    struct timespec z = {0, 1000000};
    long r = syscall(441, ep, out, 4, &z, NULL, 8);
    printf("epoll_pwait2 = %ld\n", r < 0 && errno == ENOSYS ? 1 : r);
    return finish();
}
