// regs_syscall: the syscall instruction's register contract: every register
// except rax, rcx and r11 is preserved; rcx holds the return address and
// r11 the rflags at the time of the call; the flags are restored. Checked
// for a successful call (getpid), an unknown number (ENOSYS) and a call that
// fails with EFAULT.
#include "common.h"
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

/* probe(out[18], nr): out[0]=rflags after, out[1..15]=r15,r14,r13,r12,r11,
 * r10,r9,r8,rbp,rdi,rsi,rdx,rcx,rbx,rax after, out[16]=rflags before,
 * out[17]=address following the syscall instruction. */
void probe(uint64_t *out, uint64_t nr);
__asm__(".text\n.globl probe\n.type probe,@function\nprobe:\n"
        "push %rbx\npush %rbp\npush %r12\npush %r13\npush %r14\npush %r15\n"
        "push %rdi\n"
        "mov %rsi, %rax\n"
        "stc\n"
        "pushfq\n"
        "movabs $0x1111111111111111, %rbx\n"
        "movabs $0x00007d7d7d7d7000, %rdi\n"
        "movabs $0x3333333333333333, %rsi\n"
        "movabs $0x4444444444444444, %rdx\n"
        "movabs $0x5555555555555555, %rbp\n"
        "movabs $0x0808080808080808, %r8\n"
        "movabs $0x0909090909090909, %r9\n"
        "movabs $0x1010101010101010, %r10\n"
        "movabs $0x1212121212121212, %r12\n"
        "movabs $0x1313131313131313, %r13\n"
        "movabs $0x1414141414141414, %r14\n"
        "movabs $0x1515151515151515, %r15\n"
        "movabs $0x6666666666666666, %rcx\n"
        "movabs $0x7777777777777777, %r11\n"
        "syscall\n"
        "1:\n"
        "push %rax\npush %rbx\npush %rcx\npush %rdx\npush %rsi\npush %rdi\npush %rbp\n"
        "push %r8\npush %r9\npush %r10\npush %r11\npush %r12\npush %r13\npush %r14\npush %r15\n"
        "pushfq\n"
        "mov 136(%rsp), %rdi\n"
        "mov %rsp, %rsi\n"
        "mov $17, %ecx\n"
        "cld\n"
        "rep movsq\n"
        "lea 1b(%rip), %rax\n"
        "mov %rax, (%rdi)\n"
        "add $144, %rsp\n"
        "pop %r15\npop %r14\npop %r13\npop %r12\npop %rbp\npop %rbx\n"
        "ret\n"
        ".size probe, .-probe\n");

static const char *names[] = {"rflags", "r15", "r14", "r13", "r12", "r11", "r10", "r9", "r8",
                              "rbp", "rdi", "rsi", "rdx", "rcx", "rbx", "rax"};
static const uint64_t want[] = {0, 0x1515151515151515, 0x1414141414141414, 0x1313131313131313,
                                0x1212121212121212, 0, 0x1010101010101010, 0x0909090909090909,
                                0x0808080808080808, 0x5555555555555555, 0x00007d7d7d7d7000,
                                0x3333333333333333, 0x4444444444444444, 0, 0x1111111111111111, 0};

static void check(const char *what, uint64_t nr) {
    uint64_t out[18];
    probe(out, nr);
    printf("%s:", what);
    for (int i = 1; i < 16; i++) {
        if (want[i] == 0)
            continue;
        if (out[i] != want[i]) {
            printf(" %s-CLOBBERED", names[i]);
            g_failures++;
        }
    }
    printf(" rax=%ld", (long)out[15] == getpid() ? 0L : (long)out[15]);
    printf(" rcx=ret-addr:%d", out[13] == out[17]);
    uint64_t mask = 0xcd5 | 0x400 | 0x200; /* arithmetic flags, DF, IF */
    printf(" r11=rflags:%d", (out[5] & mask) == (out[16] & mask));
    printf(" flags-restored:%d CF=%d\n", (out[0] & mask) == (out[16] & mask), (int)(out[0] & 1));
    if (out[13] != out[17] || (out[5] & mask) != (out[16] & mask) || (out[0] & mask) != (out[16] & mask))
        g_failures++;
}

int main(void) {
    check("getpid", SYS_getpid);
    check("enosys", 1000);
    check("efault", SYS_uname);
    check("getpid-again", SYS_getpid);
    return finish();
}
