// eventfd, timerfd, signalfd with blocked signals, inotify in a temp dir,
// and fanotify refused.
#include "common.h"
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    // eventfd: counter and semaphore modes
    int e = eventfd(3, EFD_NONBLOCK | EFD_SEMAPHORE);
    uint64_t v = 0;
    TEQ(read(e, &v, 8), 8);
    printf("sem read %llu\n", (unsigned long long)v);
    v = 10;
    TEQ(write(e, &v, 8), 8);
    int n = 0;
    while (read(e, &v, 8) == 8) n++;
    printf("sem reads %d then %s\n", n, errname(errno));
    TERR(read(e, &v, 4), EINVAL);
    v = UINT64_MAX;
    TERR(write(e, &v, 8), EINVAL);
    TERR(eventfd(0, 0x12345), EINVAL);
    int e2 = syscall(SYS_eventfd, 7);
    TEQ(read(e2, &v, 8), 8);
    printf("eventfd read %llu\n", (unsigned long long)v);

    // timerfd: a one-shot and a periodic timer
    int tf = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec its = {.it_value = {0, 30000000}}, old;
    TEQ(timerfd_settime(tf, 0, &its, NULL), 0);
    TEQ(read(tf, &v, 8), 8);
    printf("expirations %llu\n", (unsigned long long)v);
    its.it_interval.tv_nsec = 5000000;
    its.it_value.tv_nsec = 5000000;
    TEQ(timerfd_settime(tf, 0, &its, NULL), 0);
    usleep(30000);
    TEQ(read(tf, &v, 8), 8);
    CHECK(v >= 3);
    memset(&its, 0, sizeof its);
    TEQ(timerfd_settime(tf, 0, &its, &old), 0);
    printf("old interval %ld\n", old.it_interval.tv_nsec);
    TERR(timerfd_settime(tf, 0, (struct itimerspec *)8, NULL), EFAULT);
    its.it_value.tv_nsec = 2000000000;
    TERR(timerfd_settime(tf, 0, &its, NULL), EINVAL);
    TERR(timerfd_gettime(tf, (struct itimerspec *)8), EFAULT);
    TERR(timerfd_create(12345, 0), EINVAL);
    TERR(timerfd_gettime(e, &its), EINVAL);

    // signalfd: blocked signals are read, not delivered
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGUSR2);
    sigprocmask(SIG_BLOCK, &m, NULL);
    int sf = signalfd(-1, &m, SFD_NONBLOCK | SFD_CLOEXEC);
    CHECK(sf >= 0);
    kill(getpid(), SIGUSR2);
    kill(getpid(), SIGUSR1);
    struct signalfd_siginfo si[4];
    int r = read(sf, si, sizeof si);
    printf("signalfd read %d bytes:", r);
    for (int i = 0; i < r / (int)sizeof si[0]; i++) printf(" sig %u code %d pid-ok %d", si[i].ssi_signo, si[i].ssi_code, si[i].ssi_pid == (uint32_t)getpid());
    printf("\n");
    TERR(read(sf, si, sizeof si), EAGAIN);
    sigdelset(&m, SIGUSR2);
    TEQ(signalfd(sf, &m, 0), sf);
    TERR(syscall(SYS_signalfd4, -1, &m, 4, 0), EINVAL);
    TERR(signalfd(-1, (sigset_t *)8, 0), EFAULT);
    TERR(signalfd(e, &m, 0), EINVAL);
    TERR(signalfd(4000, &m, 0), EBADF);

    // inotify: create, modify, delete in a temp dir
    char dir[] = "/tmp/elfuse-inotify-XXXXXX";
    if (!mkdtemp(dir)) return 2;
    int in = inotify_init1(IN_NONBLOCK);
    int wd = inotify_add_watch(in, dir, IN_CREATE | IN_MODIFY | IN_DELETE);
    CHECK(wd >= 1);
    char path[128];
    snprintf(path, sizeof path, "%s/file", dir);
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    write(fd, "x", 1);
    close(fd);
    unlink(path);
    char buf[4096] __attribute__((aligned(8)));
    int len = read(in, buf, sizeof buf);
    for (int off = 0; off < len;) {
        struct inotify_event *ie = (struct inotify_event *)(buf + off);
        printf("event wd-ok %d mask %x name %s\n", ie->wd == wd, ie->mask, ie->len ? ie->name : "");
        off += sizeof *ie + ie->len;
    }
    TEQ(inotify_rm_watch(in, wd), 0);
    TERR(inotify_rm_watch(in, wd), EINVAL);
    TERR(inotify_add_watch(in, "/nonexistent/x", IN_CREATE), ENOENT);
    TERR(inotify_add_watch(in, (char *)8, IN_CREATE), EFAULT);
    TERR(inotify_add_watch(e, dir, IN_CREATE), EINVAL);
    rmdir(dir);
    // fanotify: refused like an unprivileged process
    long fr = syscall(SYS_fanotify_init, 0, 0);
    // natively root may be allowed; elfuse always refuses with EPERM
    CHECK(fr >= 0 || errno == EPERM);
    if (fr >= 0) close(fr);
    return finish();
}
