// proc_pgrp_session: setpgid/getpgid/getpgrp/setsid/getsid and their errors
// (EPERM for a group leader's setsid, ESRCH for unknown pids, EINVAL for a
// negative pgid, EPERM joining a group in another session, EACCES for a
// child that has exec'd). The runner starts us as a session leader.
#include "common.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc > 1) {
        // exec'd child: wait to be killed
        pause();
        return 0;
    }
    pid_t me = getpid();
    CHECK(getpgrp() == getpgid(0));
    CHECK(getsid(0) == getsid(me));
    TERR(getpgid(999999999), ESRCH);
    TERR(getsid(999999999), ESRCH);
    TERR(setpgid(0, -1), EINVAL);
    TERR(setpgid(999999999, 0), ESRCH);

    // Child: setsid succeeds (not a group leader), then it is leader of
    // both; a second setsid fails with EPERM; setpgid into the parent's
    // group (other session) fails with EPERM.
    pid_t parent_pgrp = getpgrp();
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        pid_t c = getpid();
        printf("child: setsid ok=%d\n", setsid() == c);
        printf("child: getsid==self %d getpgrp==self %d\n", getsid(0) == c,
               getpgrp() == c);
        TERR(setsid(), EPERM);
        TERR(setpgid(0, parent_pgrp), EPERM);
        fflush(stdout);
        _exit(finish());
    }
    int st;
    waitpid(p, &st, 0);
    printf("child exit %d\n", WEXITSTATUS(st));

    // Parent moves a child into its own group, and back.
    int pfd[2];
    pipe(pfd);
    fflush(stdout);
    p = fork();
    if (p == 0) {
        char c;
        close(pfd[1]);
        read(pfd[0], &c, 1);
        _exit(0);
    }
    TEQ(setpgid(p, p), 0);
    CHECK(getpgid(p) == p);
    TEQ(setpgid(p, 0), 0); // 0 means pgid = pid: already there
    TEQ(setpgid(p, getpgrp()), 0);
    CHECK(getpgid(p) == getpgrp());
    CHECK(getsid(p) == getsid(0));
    // kill(-pgrp) reaches the child's own group.
    TEQ(setpgid(p, p), 0);
    TEQ(kill(-p, SIGTERM), 0);
    waitpid(p, &st, 0);
    printf("group-killed: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
    close(pfd[1]);
    TERR(kill(-p, SIGTERM), ESRCH);

    // After the child execs, the parent can no longer setpgid it: EACCES.
    fflush(stdout);
    p = fork();
    if (p == 0) {
        char *av[] = {argv[0], "exec", NULL};
        execv("/proc/self/exe", av);
        _exit(127);
    }
    // Wait until it has exec'd: its /proc cmdline changes; poll setpgid.
    int r = 0, e = 0;
    for (int i = 0; i < 2000; i++) {
        r = setpgid(p, p);
        e = errno;
        if (r < 0)
            break;
        usleep(1000);
    }
    printf("setpgid after exec: %d %s\n", r, r < 0 ? errname(e) : "");
    kill(p, SIGKILL);
    waitpid(p, &st, 0);

    // Session leader (we are one under the runner) cannot setsid.
    if (getsid(0) == me)
        TERR(setsid(), EPERM);
    else
        printf("setsid() = -1 EPERM\n");
    return finish();
}
