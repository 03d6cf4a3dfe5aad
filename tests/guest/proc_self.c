// proc_self: the parts of /proc a program commonly reads about itself:
// /proc/self/exe, maps, smaps, stat, statm, status, fd, fdinfo, cmdline,
// environ, comm (read and write), auxv, limits, task/ and thread-self.
// args: alpha beta
// ldflags: -pthread
#include "common.h"
#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static char buf[65536];

static long slurp(const char *path, char *out, long cap) {
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -errno;
    long n = 0, r;
    while (n < cap - 1 && (r = read(fd, out + n, cap - 1 - n)) > 0)
        n += r;
    out[n] = 0;
    close(fd);
    return n;
}

// The value after "Key:" on its line of a status-style file, or NULL.
static const char *field(const char *text, const char *key) {
    size_t k = strlen(key);
    for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (strncmp(l, key, k) == 0 && l[k] == ':')
            return l + k + 1 + strspn(l + k + 1, " \t");
    return NULL;
}

// Field n (1-based) of a stat line: fields after the comm are counted past the last ')'.
static unsigned long long stat_field(const char *text, int n) {
    const char *p = strrchr(text, ')');
    if (!p)
        return 0;
    p += 2;
    for (int i = 3; i < n && p; i++) {
        p = strchr(p, ' ');
        if (p)
            p++;
    }
    return p ? strtoull(p, NULL, 10) : 0;
}

static long count_dir(const char *path) {
    DIR *d = opendir(path);
    if (!d)
        return -errno;
    long n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

// Every maps line well formed, sorted, and the name (if any) at column 73.
static int maps_well_formed(char *text, int *lines) {
    unsigned long last = 0;
    *lines = 0;
    for (char *l = text; *l;) {
        char *nl = strchr(l, '\n');
        if (!nl)
            return 0;
        *nl = 0;
        unsigned long lo, hi, off, ino;
        unsigned maj, min;
        char perms[8];
        int pos = 0;
        if (sscanf(l, "%lx-%lx %7s %lx %x:%x %lu %n", &lo, &hi, perms, &off, &maj, &min, &ino, &pos) < 7 ||
            lo >= hi || lo < last || strlen(perms) != 4) {
            printf("bad line: %s\n", l);
            return 0;
        }
        if (l[pos] && pos != 73) {
            printf("name at column %d: %s\n", pos, l);
            return 0;
        }
        last = hi;
        ++*lines;
        *nl = '\n';
        l = nl + 1;
    }
    return *lines > 0;
}

static void on_usr1(int s) { (void)s; }

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stage;
static pid_t worker_tid;
static int worker_stat_ok, worker_status_ok; // printed by main: one writer keeps the output ordered

static void *worker(void *arg) {
    (void)arg;
    static char tbuf[8192];
    worker_tid = (pid_t)syscall(SYS_gettid);
    worker_stat_ok = slurp("/proc/thread-self/stat", tbuf, sizeof tbuf) > 0 && (pid_t)atol(tbuf) == worker_tid;
    worker_status_ok = slurp("/proc/thread-self/status", tbuf, sizeof tbuf) > 0 &&
                       atol(field(tbuf, "Pid")) == worker_tid && atol(field(tbuf, "Tgid")) == getpid();
    pthread_mutex_lock(&mu);
    stage = 1;
    pthread_cond_broadcast(&cv);
    while (stage != 2)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    return NULL;
}

int main(int argc, char **argv) {
    char exe[PATH_MAX], real[PATH_MAX], path[128];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    CHECK(n > 0);
    exe[n > 0 ? n : 0] = 0;
    CHECK(realpath(argv[0], real) != NULL && strcmp(real, exe) == 0);

    // maps: the program, its heap once malloc has run, the stack, the vDSO
    volatile char *small = malloc(16);
    small[0] = 1;
    CHECK(slurp("/proc/self/maps", buf, sizeof buf) > 0);
    CHECK(strstr(buf, "[stack]") != NULL);
    CHECK(strstr(buf, "[vdso]") != NULL);
    CHECK(strstr(buf, "[heap]") != NULL);
    CHECK(strstr(buf, exe) != NULL);
    int text_line = 0;
    for (char *l = buf; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        char *e = strchr(l, '\n');
        size_t ll = e ? (size_t)(e - l) : strlen(l);
        char *x = strstr(l, " r-xp ");
        if (x && x < l + ll && ll > strlen(exe) && strncmp(l + ll - strlen(exe), exe, strlen(exe)) == 0) {
            unsigned long lo = strtoul(l, NULL, 16), hi = strtoul(strchr(l, '-') + 1, NULL, 16);
            text_line = lo <= (unsigned long)main && (unsigned long)main < hi;
        }
    }
    CHECK(text_line);
    int map_lines = 0, smap_lines = 0;
    CHECK(maps_well_formed(buf, &map_lines));

    // smaps: the same mappings, each with its counters
    CHECK(slurp("/proc/self/smaps", buf, sizeof buf) > 0);
    for (char *l = buf; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        smap_lines += strncmp(l, "VmFlags:", 8) == 0;
    CHECK(smap_lines == map_lines);
    CHECK(field(buf, "Rss") && field(buf, "KernelPageSize") && atol(field(buf, "KernelPageSize")) == 4);

    // stat
    CHECK(slurp("/proc/self/stat", buf, sizeof buf) > 0);
    long pid = 0;
    char comm[64] = "", state = 0;
    CHECK(sscanf(buf, "%ld (%63[^)]) %c", &pid, comm, &state) == 3);
    CHECK(pid == getpid());
    printf("stat comm=%s state=%c\n", comm, state);
    CHECK(stat_field(buf, 4) == (unsigned long long)getppid());
    CHECK(stat_field(buf, 20) == 1);
    CHECK(stat_field(buf, 23) > 0);
    CHECK(stat_field(buf, 26) <= (unsigned long)main && (unsigned long)main < stat_field(buf, 27));
    CHECK(stat_field(buf, 28) == (unsigned long)argv - sizeof(long));
    CHECK(stat_field(buf, 48) == (unsigned long)argv[0]);
    CHECK(stat_field(buf, 49) == (unsigned long)argv[argc - 1] + strlen(argv[argc - 1]) + 1);
    CHECK(stat_field(buf, 47) <= (unsigned long)sbrk(0));

    // statm: size resident shared text lib data dt
    CHECK(slurp("/proc/self/statm", buf, sizeof buf) > 0);
    unsigned long sz = 0, res = 0, shr = 0, txt = 0, lib = 0, dat = 0, dt = 0;
    CHECK(sscanf(buf, "%lu %lu %lu %lu %lu %lu %lu", &sz, &res, &shr, &txt, &lib, &dat, &dt) == 7);
    CHECK(sz > 0 && res > 0 && res <= sz && txt > 0 && lib == 0 && dt == 0);

    // status, with the guest's signal state
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    signal(SIGUSR2, SIG_IGN);
    signal(SIGUSR1, on_usr1);
    CHECK(slurp("/proc/self/status", buf, sizeof buf) > 0);
    CHECK(strstr(buf, "Name:\t") == buf);
    char *pl = strstr(buf, "\nPid:");
    CHECK(pl && atol(pl + 5) == getpid());
    printf("status Name=%.*s\n", (int)strcspn(field(buf, "Name"), "\n"), field(buf, "Name"));
    CHECK(atol(field(buf, "Tgid")) == getpid());
    CHECK(atol(field(buf, "PPid")) == getppid());
    CHECK(atol(field(buf, "Threads")) == 1);
    unsigned long long blk = strtoull(field(buf, "SigBlk"), NULL, 16);
    unsigned long long ign = strtoull(field(buf, "SigIgn"), NULL, 16);
    unsigned long long cgt = strtoull(field(buf, "SigCgt"), NULL, 16);
    printf("SigBlk usr1=%d SigIgn usr2=%d SigCgt usr1=%d usr2=%d\n", (int)(blk >> (SIGUSR1 - 1) & 1),
           (int)(ign >> (SIGUSR2 - 1) & 1), (int)(cgt >> (SIGUSR1 - 1) & 1), (int)(cgt >> (SIGUSR2 - 1) & 1));
    CHECK(atol(field(buf, "VmSize")) > 0 && atol(field(buf, "VmRSS")) > 0);
    CHECK(atol(field(buf, "FDSize")) >= 64);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);

    // comm: read, write (as prctl would), read back
    CHECK(slurp("/proc/self/comm", buf, sizeof buf) > 0);
    printf("comm=%s", buf);
    int cfd = open("/proc/self/comm", O_WRONLY);
    CHECK(cfd >= 0);
    TEQ(write(cfd, "renamed-by-a-long-write", 23), 23);
    close(cfd);
    char pname[17] = "";
    prctl(PR_GET_NAME, pname);
    printf("after write: prctl=%s ", pname);
    slurp("/proc/self/comm", buf, sizeof buf);
    printf("comm=%s", buf);
    slurp("/proc/thread-self/comm", buf, sizeof buf);
    printf("thread-self comm=%s", buf);
    prctl(PR_SET_NAME, "proc_self");

    // cmdline, environ
    long cl = slurp("/proc/self/cmdline", buf, sizeof buf);
    CHECK(cl > 0 && strcmp(buf, argv[0]) == 0);
    printf("cmdline args:");
    for (char *p = buf + strlen(buf) + 1; p < buf + cl; p += strlen(p) + 1)
        printf(" [%s]", p);
    printf("\n");
    long el = slurp("/proc/self/environ", buf, sizeof buf);
    int found = 0;
    for (char *p = buf; p < buf + el; p += strlen(p) + 1)
        found |= strcmp(p, "ELFUSE_TEST=1") == 0;
    CHECK(found);

    long al = slurp("/proc/self/auxv", buf, sizeof buf);
    CHECK(al > 0 && al % 16 == 0);
    Elf64_auxv_t *av = (Elf64_auxv_t *)buf;
    int match = 0;
    for (long i = 0; i < al / 16; i++)
        if (av[i].a_type == AT_PAGESZ)
            match = av[i].a_un.a_val == getauxval(AT_PAGESZ);
    CHECK(match);
    CHECK(al >= 16 && av[al / 16 - 1].a_type == AT_NULL);

    // limits: RLIMIT_NOFILE and RLIMIT_STACK as the program sees them
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = 100;
    setrlimit(RLIMIT_NOFILE, &rl);
    CHECK(slurp("/proc/self/limits", buf, sizeof buf) > 0);
    const char *mo = strstr(buf, "\nMax open files");
    CHECK(mo && strtoul(mo + 26, NULL, 10) == 100);
    getrlimit(RLIMIT_STACK, &rl);
    const char *ms = strstr(buf, "\nMax stack size");
    CHECK(ms && (rl.rlim_cur == RLIM_INFINITY ? strncmp(ms + 27, "unlimited", 9) == 0
                                               : strtoul(ms + 27, NULL, 10) == rl.rlim_cur));

    // the same files by pid, and through task/<tid>
    snprintf(path, sizeof path, "/proc/%d/status", (int)getpid());
    CHECK(slurp(path, buf, sizeof buf) > 0 && atol(field(buf, "Pid")) == getpid());
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)getpid());
    CHECK(slurp(path, buf, sizeof buf) > 0 && atol(buf) == getpid());
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", (int)getpid());
    CHECK(slurp(path, buf, sizeof buf) > 0 && strcmp(buf, "proc_self\n") == 0);
    T(count_dir("/proc/self/task"));
    T(slurp("/proc/self/task/999999999/stat", buf, sizeof buf));
    T(slurp("/proc/self/maps/", buf, sizeof buf));
    T(open("/proc/self/maps", O_RDONLY | O_DIRECTORY));
    CHECK(slurp("/proc/self/smaps_rollup", buf, sizeof buf) > 0 && field(buf, "Rss") != NULL);

    // a second thread shows in task/ and has its own thread-self
    pthread_t th;
    CHECK(pthread_create(&th, NULL, worker, NULL) == 0);
    pthread_mutex_lock(&mu);
    while (stage != 1)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    CHECK(worker_stat_ok);
    CHECK(worker_status_ok);
    T(count_dir("/proc/self/task"));
    CHECK(slurp("/proc/self/status", buf, sizeof buf) > 0 && atol(field(buf, "Threads")) == 2);
    CHECK(slurp("/proc/self/stat", buf, sizeof buf) > 0 && stat_field(buf, 20) == 2);
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)worker_tid);
    CHECK(slurp(path, buf, sizeof buf) > 0 && atol(buf) == worker_tid);
    snprintf(path, sizeof path, "/proc/%d/status", (int)worker_tid);
    CHECK(slurp(path, buf, sizeof buf) > 0 && atol(field(buf, "Pid")) == worker_tid);
    pthread_mutex_lock(&mu);
    stage = 2;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    pthread_join(th, NULL);

    // an open generated file: its fd link, fdinfo, seeking
    int fd = open("/proc/self/maps", O_RDONLY);
    CHECK(fd >= 3);
    char link[64], want[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    n = readlink(link, want, sizeof want - 1);
    want[n > 0 ? n : 0] = 0;
    snprintf(link, sizeof link, "/proc/%d/maps", (int)getpid());
    CHECK(strcmp(want, link) == 0);
    char head[10];
    TEQ(read(fd, head, sizeof head), 10);
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    static char info[4096];
    CHECK(slurp(path, info, sizeof info) > 0);
    printf("fdinfo pos=%ld\n", field(info, "pos") ? atol(field(info, "pos")) : -1L);
    printf("fdinfo flags=%.*s\n", (int)strcspn(field(info, "flags"), "\n"), field(info, "flags"));
    TEQ(lseek(fd, 0, SEEK_SET), 0);
    char again[10];
    TEQ(read(fd, again, sizeof again), 10);
    CHECK(memcmp(head, again, 10) == 0);
    DIR *d = opendir("/proc/self/fd");
    CHECK(d != NULL);
    int fds = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        fds += e->d_name[0] != '.';
    closedir(d);
    printf("open fds (0,1,2, maps, the dir)=%d\n", fds);
    close(fd);
    int tfd = open("/proc/thread-self/comm", O_RDONLY);
    snprintf(link, sizeof link, "/proc/self/fd/%d", tfd);
    n = readlink(link, want, sizeof want - 1);
    want[n > 0 ? n : 0] = 0;
    snprintf(link, sizeof link, "/proc/%d/task/%d/comm", (int)getpid(), (int)getpid());
    CHECK(strcmp(want, link) == 0);
    close(tfd);

    // read-only entries refuse writes as Linux does (EACCES, or EINVAL for root)
    int wfd = open("/proc/self/maps", O_WRONLY);
    if (wfd < 0)
        printf("open maps O_WRONLY: %s\n", errname(errno));
    else {
        long w = (long)write(wfd, "x", 1);
        printf("write maps: %ld %s\n", w, errname(errno));
    }
    if (wfd >= 0)
        close(wfd);

    CHECK(access("/proc/self/fd/0", F_OK) == 0);
    char self[64];
    n = readlink("/proc/self", self, sizeof self - 1);
    self[n > 0 ? n : 0] = 0;
    CHECK(atol(self) == getpid());
    return finish();
}
