// vsyscall: Linux's legacy vsyscall page (vsyscall=xonly, the default):
// calls to gettimeofday, time and getcpu at 0xffffffffff600000 + 0, 0x400,
// 0x800 are emulated and return like a function; a call elsewhere in the
// page or a read of it is a SIGSEGV. /proc/self/maps lists it last. On a
// host booted with vsyscall=none there is nothing to check.
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "common.h"

#define VSYS 0xffffffffff600000UL

static sigjmp_buf jb;
static volatile int segv_code = -1;
static volatile unsigned long segv_addr;

static void on_segv(int sig, siginfo_t *si, void *uc) {
    (void)sig;
    (void)uc;
    segv_code = si->si_code;
    segv_addr = (unsigned long)si->si_addr;
    siglongjmp(jb, 1);
}

int main(void) {
    char line[512], last[512] = "";
    FILE *f = fopen("/proc/self/maps", "r");
    int present = 0;
    while (f && fgets(line, sizeof line, f)) {
        if (strstr(line, "[vsyscall]"))
            present = 1;
        strcpy(last, line);
    }
    if (f)
        fclose(f);
    if (!present) {
        printf("no vsyscall page\n");
        return finish();
    }
    printf("maps: %s", last);

    typedef long (*gtod_fn)(struct timeval *, void *);
    typedef long (*time_fn)(time_t *);
    typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);
    struct timeval tv = {0}, now;
    gettimeofday(&now, NULL);
    long r = ((gtod_fn)VSYS)(&tv, NULL);
    TEQ(r, 0);
    CHECK(tv.tv_sec >= now.tv_sec && tv.tv_sec - now.tv_sec < 60);
    time_t t1 = 0;
    /* time() reads the coarse clock, which may trail gettimeofday by a tick */
    long r2 = ((time_fn)(VSYS + 0x400))(&t1);
    CHECK(r2 == t1 && t1 + 1 >= now.tv_sec && t1 - now.tv_sec < 60);
    CHECK(((time_fn)(VSYS + 0x400))(NULL) + 1 >= now.tv_sec);
    unsigned cpu = 12345, node = 12345;
    TEQ(((getcpu_fn)(VSYS + 0x800))(&cpu, &node, NULL), 0);
    CHECK(cpu < 4096 && node < 4096);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    /* A call into the middle of the page. */
    if (sigsetjmp(jb, 1) == 0)
        ((time_fn)(VSYS + 0x10))(NULL);
    printf("misaligned call: code %d addr %#lx\n", segv_code, segv_addr);
    /* A kernel-half pointer argument: access_ok fails, SEGV_MAPERR at it. */
    segv_code = -1;
    if (sigsetjmp(jb, 1) == 0)
        ((gtod_fn)VSYS)((struct timeval *)0xffff900000000000UL, NULL);
    printf("bad pointer: code %d addr %#lx\n", segv_code, segv_addr);
    /* A mapped-looking but unmapped user pointer: the call's EFAULT, SI_KERNEL. */
    segv_code = -1;
    if (sigsetjmp(jb, 1) == 0)
        ((time_fn)(VSYS + 0x400))((time_t *)8);
    printf("unmapped pointer: code %d addr %#lx\n", segv_code, segv_addr);
    /* Reading the execute-only page. */
    segv_code = -1;
    if (sigsetjmp(jb, 1) == 0)
        printf("read %d\n", *(volatile unsigned char *)VSYS);
    printf("read: code %d addr %#lx\n", segv_code, segv_addr);
    return finish();
}
