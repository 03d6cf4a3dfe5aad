// sig_restart_timeouts: with SA_RESTART, Linux restarts a blocking socket
// call or futex wait after a handler only when the wait had no timeout: a
// socket with SO_RCVTIMEO (or SO_SNDTIMEO for sends), a futex wait with a timeout, semop
// and the like end with EINTR instead.
#include "common.h"
#define FUTEX_WAIT_PRIVATE 128 /* FUTEX_WAIT, private (musl has no linux/futex.h) */
#include <signal.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

static int peer = -1;
static uint32_t word;
static int handled;

static void on_alarm(int s) {
    (void)s;
    handled++;
    if (peer >= 0) // the restarted recv then finds a byte
        (void)!write(peer, "z", 1);
    word = 1; // a restarted futex wait then sees another value
}

static void arm(void) {
    struct itimerval it = {{0, 0}, {0, 50000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

static void recv_case(int timeout) {
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    if (timeout) {
        struct timeval tv = {5, 0};
        CHECK(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0);
    }
    peer = sv[1];
    char c = 0;
    arm();
    long r = recv(sv[0], &c, 1, 0);
    int e = errno;
    printf("recv (timeout %d): %ld %s %c\n", timeout, r, r < 0 ? errname(e) : "", r > 0 ? c : '-');
    peer = -1;
    close(sv[0]);
    close(sv[1]);
}

static void futex_case(int timeout) {
    word = 0;
    struct timespec ts = {5, 0};
    arm();
    long r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, timeout ? &ts : NULL, NULL, 0);
    int e = errno;
    printf("futex wait (timeout %d): %ld %s\n", timeout, r, r < 0 ? errname(e) : "");
}

static void semop_case(void) {
    int id = semget(IPC_PRIVATE, 1, 0600);
    if (id < 0) {
        printf("semget: %s\n", errname(errno));
        return;
    }
    struct sembuf op = {0, -1, 0};
    arm();
    long r = semop(id, &op, 1);
    int e = errno;
    printf("semop: %ld %s\n", r, r < 0 ? errname(e) : "");
    semctl(id, 0, IPC_RMID);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct sigaction sa = {.sa_handler = on_alarm, .sa_flags = SA_RESTART};
    sigaction(SIGALRM, &sa, NULL);
    recv_case(0);
    recv_case(1);
    futex_case(0);
    futex_case(1);
    semop_case();
    printf("handlers run: %d\n", handled);
    return finish();
}
