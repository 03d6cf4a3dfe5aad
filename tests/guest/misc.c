// misc: uname, sysinfo sanity, getrandom, getrlimit/setrlimit/prlimit,
// prctl PR_SET_NAME/PR_GET_NAME, umask, ids, getpid/gettid/getppid,
// sched_getaffinity, getpriority, sched_yield, ENOSYS for an unknown syscall.
#include "common.h"
#include <sched.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void) {
    struct utsname u;
    TEQ(uname(&u), 0);
    printf("sysname=%s machine=%s\n", u.sysname, u.machine);
    CHECK(strlen(u.release) > 0 && strlen(u.nodename) > 0);
    struct utsname u2;
    CHECK(uname(&u2) == 0 && strcmp(u.release, u2.release) == 0);
    char host[256];
    CHECK(gethostname(host, sizeof host) == 0 && strcmp(host, u.nodename) == 0);

    struct sysinfo si;
    TEQ(sysinfo(&si), 0);
    CHECK(si.uptime > 0);
    CHECK(si.totalram > 0 && si.freeram <= si.totalram);
    CHECK(si.mem_unit >= 1);
    CHECK(si.procs > 0);

    unsigned char rnd[64], rnd2[64];
    TEQ(getrandom(rnd, sizeof rnd, 0), 64);
    TEQ(getrandom(rnd2, sizeof rnd2, GRND_NONBLOCK), 64);
    CHECK(memcmp(rnd, rnd2, sizeof rnd) != 0);
    TEQ(getrandom(rnd, 0, 0), 0);
    TERR(getrandom(rnd, 8, 0x100), EINVAL);

    struct rlimit rl, rl2;
    TEQ(getrlimit(RLIMIT_STACK, &rl), 0);
    printf("RLIMIT_STACK cur=%lld max=%lld\n", (long long)rl.rlim_cur, (long long)rl.rlim_max);
    TEQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
    printf("RLIMIT_NOFILE cur=%lld max=%lld\n", (long long)rl.rlim_cur, (long long)rl.rlim_max);
    TEQ(getrlimit(RLIMIT_AS, &rl), 0);
    printf("RLIMIT_AS cur=%lld\n", (long long)rl.rlim_cur);
    rl2 = rl;
    TEQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
    rl2.rlim_cur = 200;
    rl2.rlim_max = rl.rlim_max;
    TEQ(setrlimit(RLIMIT_NOFILE, &rl2), 0);
    TEQ(getrlimit(RLIMIT_NOFILE, &rl2), 0);
    printf("NOFILE after set=%lld\n", (long long)rl2.rlim_cur);
    TERR(dup2(1, 250), EBADF);
    TEQ(prlimit(0, RLIMIT_NOFILE, NULL, &rl2), 0);
    printf("prlimit NOFILE=%lld\n", (long long)rl2.rlim_cur);
    rl2.rlim_cur = rl2.rlim_max + 1;
    if (rl2.rlim_max != RLIM_INFINITY)
        TERR(setrlimit(RLIMIT_NOFILE, &rl2), EINVAL);
    TERR(getrlimit(999, &rl), EINVAL);

    char name[32] = {0};
    TEQ(prctl(PR_GET_NAME, name), 0);
    printf("initial comm=%s\n", name);
    TEQ(prctl(PR_SET_NAME, "renamed-thread-name-too-long"), 0);
    memset(name, 0, sizeof name);
    TEQ(prctl(PR_GET_NAME, name), 0);
    printf("comm=%s\n", name);
    TEQ(prctl(PR_GET_DUMPABLE), 1);
    TERR(prctl(12345), EINVAL);

    mode_t old = umask(027);
    printf("umask old=%o\n", old);
    TEQ(umask(022), 027);
    TEQ(umask(0777), 022);
    int fd = creat("file", 0666);
    struct stat st;
    fstat(fd, &st);
    printf("created mode under umask 0777=%o\n", st.st_mode & 0777);
    umask(022);

    CHECK(getuid() == geteuid() && getgid() == getegid());
    uid_t ru, eu, su;
    CHECK(getresuid(&ru, &eu, &su) == 0 && ru == getuid() && su == eu);
    CHECK(getpid() > 1);
    CHECK(syscall(SYS_gettid) == getpid());
    CHECK(getppid() > 0 && getppid() != getpid());
    CHECK(getpgrp() > 0 && getsid(0) > 0);
    gid_t groups[64];
    CHECK(getgroups(64, groups) >= 0);

    cpu_set_t cs;
    CHECK(sched_getaffinity(0, sizeof cs, &cs) == 0 && CPU_COUNT(&cs) > 0);
    CHECK(sysconf(_SC_NPROCESSORS_ONLN) > 0);
    TEQ(sched_yield(), 0);
    errno = 0;
    int prio = getpriority(PRIO_PROCESS, 0);
    printf("priority=%d errno=%d\n", prio, errno);
    TERR(syscall(100000), ENOSYS);
    TERR(syscall(1000), ENOSYS);
    return finish();
}
