// ipc_mqueue: POSIX message queues: create/open/unlink, attributes,
// messages by priority, EMSGSIZE/EAGAIN/ETIMEDOUT/EINVAL/EBADF, a blocking
// receive served by a child, and mq_notify by signal and by thread.
// ldflags: -pthread -lrt
#include "common.h"
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char qname[64];
static volatile int sig_code = -1;
static void on_usr1(int s, siginfo_t *si, void *u) {
    (void)s;
    (void)u;
    sig_code = si->si_code;
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int notified;
static void on_thread(union sigval v) {
    pthread_mutex_lock(&mu);
    notified = v.sival_int;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    snprintf(qname, sizeof qname, "/elfuse-test-mq-%d", (int)getpid());
    struct mq_attr attr = {0};
    attr.mq_maxmsg = 4;
    attr.mq_msgsize = 64;
    mqd_t q = mq_open(qname, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
    CHECK(q != (mqd_t)-1);
    TERR(mq_open(qname, O_CREAT | O_EXCL | O_RDWR, 0600, &attr), EEXIST);
    TERR(mq_open("/elfuse-test-mq-none", O_RDONLY), ENOENT);
    struct mq_attr bad = {0};
    bad.mq_maxmsg = 0;
    bad.mq_msgsize = 64;
    TERR(mq_open("/elfuse-test-mq-bad", O_CREAT | O_RDWR, 0600, &bad), EINVAL);

    struct mq_attr got;
    TEQ(mq_getattr(q, &got), 0);
    printf("maxmsg %ld msgsize %ld curmsgs %ld flags %ld\n", got.mq_maxmsg, got.mq_msgsize, got.mq_curmsgs,
           got.mq_flags);

    TEQ(mq_send(q, "low", 3, 1), 0);
    TEQ(mq_send(q, "high", 4, 9), 0);
    TEQ(mq_send(q, "mid", 3, 5), 0);
    TEQ(mq_send(q, "", 0, 5), 0);
    TERR(mq_send(q, "x", 1, 32768), EINVAL);
    char big[100] = {0};
    TERR(mq_send(q, big, 65, 0), EMSGSIZE);
    TEQ(mq_getattr(q, &got), 0);
    printf("curmsgs %ld\n", got.mq_curmsgs);

    char buf[128];
    unsigned prio;
    TERR(mq_receive(q, buf, 63, &prio), EMSGSIZE);
    for (int i = 0; i < 4; i++) {
        ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
        printf("received %zd '%.*s' prio %u\n", n, (int)(n > 0 ? n : 0), buf, prio);
    }

    struct mq_attr nb = {0}, old;
    nb.mq_flags = O_NONBLOCK;
    TEQ(mq_setattr(q, &nb, &old), 0);
    printf("old flags %ld\n", old.mq_flags);
    TERR(mq_receive(q, buf, sizeof buf, &prio), EAGAIN);
    nb.mq_flags = 0;
    TEQ(mq_setattr(q, &nb, NULL), 0);

    struct timespec past;
    clock_gettime(CLOCK_REALTIME, &past);
    past.tv_sec -= 1;
    TERR(mq_timedreceive(q, buf, sizeof buf, &prio, &past), ETIMEDOUT);
    struct timespec badts = {0, 2000000000};
    TERR(mq_timedreceive(q, buf, sizeof buf, &prio, &badts), EINVAL);
    TERR(mq_receive((mqd_t)99, buf, sizeof buf, &prio), EBADF);
    TERR(mq_send((mqd_t)1, "x", 1, 0), EBADF);

    // A blocking receive, served by a child.
    pid_t c = fork();
    if (c == 0) {
        usleep(100000);
        mq_send(q, "from child", 10, 3);
        _exit(0);
    }
    ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
    printf("blocking receive %zd '%.*s' prio %u\n", n, (int)(n > 0 ? n : 0), buf, prio);
    waitpid(c, NULL, 0);

    // Notification by signal, once; a second registration is EBUSY.
    struct sigaction sa = {0};
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    struct sigevent ev = {0};
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR1;
    TEQ(mq_notify(q, &ev), 0);
    TERR(mq_notify(q, &ev), EBUSY);
    TEQ(mq_send(q, "n", 1, 0), 0);
    for (int i = 0; i < 100 && sig_code == -1; i++)
        usleep(10000);
    printf("notified by signal, si_code is SI_MESGQ: %d\n", sig_code == SI_MESGQ);
    TEQ(mq_receive(q, buf, sizeof buf, &prio), 1);

    // Notification by thread.
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = on_thread;
    ev.sigev_value.sival_int = 42;
    TEQ(mq_notify(q, &ev), 0);
    TEQ(mq_send(q, "t", 1, 0), 0);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 5;
    pthread_mutex_lock(&mu);
    while (!notified && pthread_cond_timedwait(&cv, &mu, &until) == 0)
        ;
    pthread_mutex_unlock(&mu);
    printf("notified by thread with %d\n", notified);

    TEQ(mq_close(q), 0);
    TEQ(mq_unlink(qname), 0);
    TERR(mq_unlink(qname), ENOENT);
    return finish();
}
