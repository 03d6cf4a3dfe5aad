// sig_altstack: infinite recursion overflows the stack; the SIGSEGV handler
// runs on the sigaltstack (SA_ONSTACK), sees SS_ONSTACK in sigaltstack(),
// and siglongjmps out. Also sigaltstack errors (EINVAL small size/bad
// flags, EPERM changing it while on it) and SS_DISABLE.
#include "common.h"
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <unistd.h>

static sigjmp_buf jb;
static char *alt;
static size_t altsz = 1 << 16;
static volatile int on_alt, ss_onstack, eperm_inside, sig_seen;

static void h(int s, siginfo_t *si, void *u) {
    (void)si; (void)u;
    char here;
    sig_seen = s;
    on_alt = &here >= alt && &here < alt + altsz;
    stack_t cur;
    sigaltstack(NULL, &cur);
    ss_onstack = (cur.ss_flags & SS_ONSTACK) != 0;
    stack_t ns = {.ss_sp = alt, .ss_size = altsz, .ss_flags = 0};
    eperm_inside = sigaltstack(&ns, NULL) == -1 && errno == EPERM;
    siglongjmp(jb, 1);
}

static volatile long sink;
static long recurse(long n) {
    volatile char pad[512];
    pad[0] = (char)n;
    sink = pad[0];
    return recurse(n + 1) + pad[0];
}

int main(void) {
    // Keep the overflow quick: an 8 MiB limit is plenty but costs many
    // page faults under emulation; 1 MiB is enough.
    struct rlimit rl = {1 << 20, 1 << 20};
    setrlimit(RLIMIT_STACK, &rl);
    alt = malloc(altsz);
    stack_t ss = {.ss_sp = alt, .ss_size = 1024, .ss_flags = 0};
    TERR(sigaltstack(&ss, NULL), ENOMEM);
    ss.ss_size = altsz;
    ss.ss_flags = 12345;
    TERR(sigaltstack(&ss, NULL), EINVAL);
    ss.ss_flags = 0;
    TEQ(sigaltstack(&ss, NULL), 0);
    stack_t old;
    TEQ(sigaltstack(NULL, &old), 0);
    printf("old: size ok=%d flags=%d sp ok=%d\n", old.ss_size == altsz, old.ss_flags,
           old.ss_sp == alt);
    struct sigaction sa = {0};
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    if (sigsetjmp(jb, 1) == 0) {
        recurse(0);
        printf("not reached\n");
    }
    printf("sig=%d on_alt=%d ss_onstack=%d eperm_inside=%d\n", sig_seen, on_alt,
           ss_onstack, eperm_inside);
    TEQ(sigaltstack(NULL, &old), 0);
    printf("after: flags=%d\n", old.ss_flags);
    // SS_DISABLE
    ss.ss_flags = SS_DISABLE;
    TEQ(sigaltstack(&ss, NULL), 0);
    TEQ(sigaltstack(NULL, &old), 0);
    printf("disabled: flags==SS_DISABLE %d\n", old.ss_flags == SS_DISABLE);
    // A normal handler without SA_ONSTACK runs on the main stack.
    on_alt = -1;
    ss.ss_flags = 0;
    sigaltstack(&ss, NULL);
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    if (sigsetjmp(jb, 1) == 0)
        raise(SIGUSR1);
    printf("usr1 without SA_ONSTACK: on_alt=%d\n", on_alt);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    if (sigsetjmp(jb, 1) == 0)
        raise(SIGUSR1);
    printf("usr1 with SA_ONSTACK: on_alt=%d\n", on_alt);
    return finish();
}
