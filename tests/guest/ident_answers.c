// ident_answers: identity calls (getpid, getppid, gettid, the uids/gids,
// getpgrp, getsid) asked again and again stay right when the answer changes:
// the parent dies (reparenting to a subreaper), credentials change per
// thread, setpgid/setsid, a fork child, and signals keep arriving while a
// loop does nothing but ask.
#include "common.h"
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long raw(long nr) { return syscall(nr); }

// Asks n times; all answers must agree.
static long asked(long nr, int n) {
    long first = raw(nr);
    for (int i = 1; i < n; i++)
        if (raw(nr) != first)
            return -999;
    return first;
}

static void reparenting(void) {
    pid_t me = getpid();
    CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
    int fds[2];
    CHECK(pipe(fds) == 0);
    fflush(stdout);
    pid_t mid = fork();
    if (mid == 0) {
        pid_t leaf = fork();
        if (leaf == 0) {
            close(fds[0]);
            pid_t before = (pid_t)asked(SYS_getppid, 1000);
            char c = 'x';
            if (write(fds[1], &c, 1) != 1) // ready: the middle process may go
                _exit(3);
            // Wait for the reparenting with getppid alone, as daemons do.
            struct timespec t0, t1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            long now = before;
            do {
                now = raw(SYS_getppid);
                clock_gettime(CLOCK_MONOTONIC, &t1);
            } while (now == before && t1.tv_sec - t0.tv_sec < 10);
            char r[2] = {before > 0 && before != me ? 'y' : 'n', now == me ? 'y' : 'n'};
            if (write(fds[1], r, 2) != 2)
                _exit(3);
            _exit(0);
        }
        char c;
        if (read(fds[0], &c, 1) != 1)
            _exit(4);
        _exit(0); // the leaf is reparented to the subreaper
    }
    close(fds[1]);
    int st;
    CHECK(waitpid(mid, &st, 0) == mid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    char r[3] = {0};
    CHECK(read(fds[0], r, 2) == 2); // (the middle process took the 'x')
    printf("leaf saw a parent: %c, then the subreaper: %c\n", r[0], r[1]);
    CHECK(wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(fds[0]);
}

static volatile long thread_euid;

static void *cred_thread(void *arg) {
    (void)arg;
    asked(SYS_geteuid, 100);
    // The raw call changes only this thread's credentials, as on Linux.
    if (syscall(SYS_setresuid, -1, 65534, -1) == 0)
        thread_euid = asked(SYS_geteuid, 100);
    else
        thread_euid = -1;
    return NULL;
}

static void credentials(void) {
    long uid = asked(SYS_getuid, 100), euid = asked(SYS_geteuid, 100);
    long gid = asked(SYS_getgid, 100), egid = asked(SYS_getegid, 100);
    CHECK(uid == (long)getuid() && euid == (long)geteuid() && gid == (long)getgid() && egid == (long)getegid());
    if (euid != 0) {
        printf("not root: credential changes skipped\n");
        return;
    }
    pthread_t th;
    CHECK(pthread_create(&th, NULL, cred_thread, NULL) == 0);
    CHECK(pthread_join(th, NULL) == 0);
    printf("thread euid after its raw setresuid: %ld; main euid: %ld\n", thread_euid, asked(SYS_geteuid, 100));
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        asked(SYS_getgid, 10);
        asked(SYS_getuid, 10);
        int ok = setgid(4242) == 0 && setuid(4343) == 0; // glibc: every thread
        printf("child after setgid/setuid: ok=%d gid=%ld egid=%ld uid=%ld euid=%ld\n", ok, asked(SYS_getgid, 50),
               asked(SYS_getegid, 50), asked(SYS_getuid, 50), asked(SYS_geteuid, 50));
        fflush(stdout);
        _exit(0);
    }
    int st;
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st));
}

static void groups_and_sessions(void) {
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        pid_t me = (pid_t)asked(SYS_getpid, 100);
        CHECK(me == getpid() && me != asked(SYS_getppid, 100));
        long pg = asked(SYS_getpgrp, 100);
        CHECK(pg == syscall(SYS_getpgid, 0) && pg != me);
        CHECK(setpgid(0, 0) == 0);
        CHECK(asked(SYS_getpgrp, 100) == me && syscall(SYS_getpgid, 0) == me);
        asked(SYS_getsid, 1);
        long sid = syscall(SYS_getsid, 0);
        CHECK(sid != me);
        fflush(stdout);
        pid_t q = fork();
        if (q == 0) {
            pid_t me2 = getpid();
            CHECK(asked(SYS_getpid, 100) == me2 && asked(SYS_getppid, 100) == me);
            CHECK(asked(SYS_getpgrp, 100) == me && syscall(SYS_getsid, 0) == sid);
            CHECK(setsid() == me2);
            CHECK(asked(SYS_getpgrp, 100) == me2 && syscall(SYS_getsid, 0) == me2);
            CHECK(asked(SYS_gettid, 100) == me2);
            fflush(stdout);
            _exit(g_failures);
        }
        int st;
        CHECK(waitpid(q, &st, 0) == q && WIFEXITED(st) && WEXITSTATUS(st) == 0);
        fflush(stdout);
        _exit(g_failures);
    }
    int st;
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void *tid_thread(void *arg) {
    long *out = arg;
    *out = asked(SYS_gettid, 1000);
    return NULL;
}

static void threads(void) {
    long t1 = 0, t2 = 0;
    pthread_t a, b;
    CHECK(pthread_create(&a, NULL, tid_thread, &t1) == 0);
    CHECK(pthread_join(a, NULL) == 0);
    CHECK(pthread_create(&b, NULL, tid_thread, &t2) == 0); // may reuse a's vCPU
    CHECK(pthread_join(b, NULL) == 0);
    CHECK(t1 > 0 && t2 > 0 && t1 != t2 && t1 != getpid() && t2 != getpid());
    CHECK(asked(SYS_gettid, 1000) == getpid());
}

static volatile int alarms;
static void on_alarm(int s) {
    (void)s;
    alarms++;
}

static void signals_while_asking(void) {
    struct sigaction sa = {.sa_handler = on_alarm};
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 2000}, {0, 2000}};
    setitimer(ITIMER_REAL, &it, NULL);
    unsigned long n = 0;
    while (alarms < 20) // a pending signal must not wait for some other exit
        n += (unsigned long)raw(SYS_getppid) & 1;
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    printf("alarms while asking: %d\n", alarms >= 20 ? 20 : alarms);
    (void)n;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    CHECK(asked(SYS_getpid, 1000) == getpid());
    CHECK(asked(SYS_getppid, 1000) == getppid());
    CHECK(asked(SYS_getsid, 1) >= -1);
    reparenting();
    groups_and_sessions();
    threads();
    signals_while_asking();
    credentials();
    return finish();
}
