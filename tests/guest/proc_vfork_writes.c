// proc_vfork_writes: what a vfork child stores in the memory it shares with
// its parent, and only that, is there when the parent resumes: a global in
// the same page as one another parent thread keeps incrementing (which must
// not go back), a heap buffer, and an array a syscall of the child filled.
// ldflags: -pthread
#include "common.h"
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static struct {
    volatile long counter; // the parent's other thread writes this
    volatile int child_var; // the child writes this (same page)
} page_mates;
static volatile int stop;

static void *bump(void *a) {
    (void)a;
    while (!stop)
        page_mates.counter++;
    return NULL;
}

int main(void) {
    pthread_t th;
    CHECK(pthread_create(&th, NULL, bump, NULL) == 0);
    while (page_mates.counter < 1000)
        ;
    char *buf = malloc(64);
    strcpy(buf, "parent");
    int fds[2] = {-1, -1};
    volatile int stack_var = 1;
    fflush(stdout);
    long before = page_mates.counter;
    pid_t p = vfork();
    if (p == 0) {
        usleep(20000); // the other thread keeps counting meanwhile
        page_mates.child_var = 42;
        strcpy(buf, "child");
        stack_var = 2;
        if (pipe(fds) != 0)
            _exit(1);
        _exit(7);
    }
    long after = page_mates.counter;
    printf("child_var=%d buf=%s stack_var=%d fds filled=%d\n", page_mates.child_var, buf, stack_var,
           fds[0] >= 0 && fds[1] >= 0);
    printf("counter went on: %d\n", after >= before);
    int st;
    CHECK(waitpid(p, &st, 0) == p);
    printf("exit %d\n", WEXITSTATUS(st));
    stop = 1;
    pthread_join(th, NULL);
    CHECK(page_mates.counter >= after);
    free(buf);
    return finish();
}
