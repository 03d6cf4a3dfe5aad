// sig_ucontext: handlers modify the saved context and rt_sigreturn
// restores it: skip a faulting instruction by advancing REG_RIP, change
// RAX of an interrupted (synchronous) point, read the faulting address and
// the error code / trap number (REG_ERR, REG_TRAPNO), and change the mask
// restored on return (uc_sigmask).
#include "common.h"
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static volatile uintptr_t fault_addr;
static volatile long trapno, err;

static void segv(int s, siginfo_t *si, void *ucv) {
    (void)s;
    ucontext_t *uc = ucv;
    fault_addr = (uintptr_t)si->si_addr;
    trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
    err = uc->uc_mcontext.gregs[REG_ERR];
    // The faulting instruction is "movl $7, (%rdx)" (c7 02 imm32: 6 bytes).
    uc->uc_mcontext.gregs[REG_RIP] += 6;
    uc->uc_mcontext.gregs[REG_RAX] = 0x1234;
}

static void trap(int s, siginfo_t *si, void *ucv) {
    (void)s; (void)si;
    ucontext_t *uc = ucv;
    // int3 already advanced RIP past itself; set RBX and block SIGUSR2 on return.
    uc->uc_mcontext.gregs[REG_RBX] = 0xabcdef;
    sigaddset(&uc->uc_sigmask, SIGUSR2);
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sa.sa_sigaction = trap;
    sigaction(SIGTRAP, &sa, NULL);
    char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long rax = 0;
    __asm__ volatile(".byte 0xc7, 0x02; .long 7" // movl $7, (%rdx)
                     : "+a"(rax)
                     : "d"(p)
                     : "memory");
    printf("after skip: rax=%#lx addr ok=%d trapno=%ld err_write=%ld err_user=%ld\n", rax,
           fault_addr == (uintptr_t)p, trapno, (err >> 1) & 1, (err >> 2) & 1);
    printf("page still %d\n", p[0]);
    // Unmapped address: not-present error code.
    fault_addr = 0;
    rax = 0;
    __asm__ volatile(".byte 0xc7, 0x02; .long 7" : "+a"(rax) : "d"(8) : "memory");
    printf("null page: rax=%#lx addr=%#lx err_present=%ld\n", rax, (unsigned long)fault_addr,
           err & 1);
    long rbx = 0;
    __asm__ volatile("int3" : "+b"(rbx) : : "memory");
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("after int3: rbx=%#lx usr2 blocked=%d\n", rbx, sigismember(&cur, SIGUSR2));
    return finish();
}
