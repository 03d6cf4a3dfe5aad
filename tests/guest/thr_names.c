// thr_names: thread names are per thread. PR_SET_NAME and writes to
// /proc/self/task/<tid>/comm name one thread; /proc/self/comm, stat and
// status show the leader's; a new thread starts with its creator's name; a
// child forked by a named thread is called like it.
// ldflags: -pthread
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_barrier_t bar;
static pid_t tids[2];

static void read_file(const char *path, char *out, size_t n) {
    out[0] = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(out, n, "(%s)", errname(errno));
        return;
    }
    ssize_t k = read(fd, out, n - 1);
    close(fd);
    out[k > 0 ? k : 0] = 0;
    char *nl = strchr(out, '\n');
    if (nl && (size_t)(nl - out) < strlen(out) - 1)
        return; // multi-line file: the caller picks
    if (nl)
        *nl = 0;
}

static const char *my_name(void) {
    static __thread char name[16];
    prctl(PR_GET_NAME, name);
    return name;
}

static void show_task(const char *who, pid_t tid) {
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", (int)tid);
    read_file(path, buf, sizeof buf);
    printf("%s: task comm=%s\n", who, buf);
}

static void *inner(void *arg) {
    (void)arg;
    printf("inner thread starts as %s\n", my_name());
    return NULL;
}

static void *worker(void *arg) {
    long i = (long)arg;
    tids[i] = (pid_t)syscall(SYS_gettid);
    printf("worker%ld starts as %s\n", i, my_name());
    char name[16];
    snprintf(name, sizeof name, "worker%ld", i);
    prctl(PR_SET_NAME, name);
    pthread_barrier_wait(&bar); // named
    pthread_barrier_wait(&bar); // main looked and renamed worker1
    if (i == 1)
        printf("worker%ld PR_GET_NAME=%s\n", i, my_name());
    pthread_barrier_wait(&bar);
    if (i == 0) {
        printf("worker%ld PR_GET_NAME=%s\n", i, my_name());
        pthread_t t;
        pthread_create(&t, NULL, inner, NULL);
        pthread_join(t, NULL);
        fflush(stdout);
        pid_t p = fork();
        if (p == 0) {
            char buf[64];
            read_file("/proc/self/comm", buf, sizeof buf);
            printf("child of worker0: comm=%s PR_GET_NAME=%s\n", buf, my_name());
            fflush(stdout);
            _exit(0);
        }
        waitpid(p, NULL, 0);
    }
    pthread_barrier_wait(&bar);
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    prctl(PR_SET_NAME, "leader-name-that-is-long");
    printf("main PR_GET_NAME=%s\n", my_name());
    pthread_barrier_init(&bar, NULL, 3);
    pthread_t t[2];
    // One at a time, so the output order is fixed.
    pthread_create(&t[0], NULL, worker, (void *)0L);
    usleep(50000);
    pthread_create(&t[1], NULL, worker, (void *)1L);
    pthread_barrier_wait(&bar);

    char buf[4096];
    read_file("/proc/self/comm", buf, sizeof buf);
    printf("main: /proc/self/comm=%s\n", buf);
    show_task("main", getpid());
    show_task("worker0", tids[0]);
    show_task("worker1", tids[1]);
    read_file("/proc/self/status", buf, sizeof buf);
    printf("status: %.*s\n", (int)strcspn(buf, "\n"), buf);
    read_file("/proc/self/stat", buf, sizeof buf);
    printf("stat: %.*s\n", (int)(strchr(buf, ')') - strchr(buf, '(') + 1), strchr(buf, '('));
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tids[1]);
    read_file(path, buf, sizeof buf);
    printf("worker1 stat: %.*s\n", (int)(strchr(buf, ')') - strchr(buf, '(') + 1), strchr(buf, '('));
    char tname[16] = "";
    TEQ(pthread_getname_np(t[0], tname, sizeof tname), 0);
    printf("pthread_getname_np(worker0)=%s\n", tname);

    // Rename worker1 through its comm file.
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", (int)tids[1]);
    int fd = T(open(path, O_WRONLY));
    TEQ(write(fd, "renamed", 7), 7);
    close(fd);
    show_task("worker1 after write", tids[1]);
    read_file("/proc/self/comm", buf, sizeof buf);
    printf("main: /proc/self/comm=%s PR_GET_NAME=%s\n", buf, my_name());
    pthread_barrier_wait(&bar);
    pthread_barrier_wait(&bar);
    pthread_barrier_wait(&bar);
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    return finish();
}
