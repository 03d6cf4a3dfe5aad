// auxv_hwcap: the raw AT_HWCAP and AT_HWCAP2 words the kernel puts on the
// initial stack (on x86_64 AT_HWCAP is CPUID leaf 1's EDX feature word).
// glibc's getauxval answers these two from its own CPU model (AT_HWCAP
// reads HWCAP_X86_64 = 2 on x86_64), so the words are read from the stack
// after envp, and from /proc/self/auxv.
#include <cpuid.h>
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include "common.h"

static uint64_t from_stack(char **envp, uint64_t type) {
    while (*envp)
        envp++;
    for (Elf64_auxv_t *a = (Elf64_auxv_t *)(envp + 1); a->a_type != AT_NULL; a++)
        if (a->a_type == type)
            return a->a_un.a_val;
    return 0;
}

static uint64_t from_proc(uint64_t type) {
    Elf64_auxv_t v[64];
    memset(v, 0, sizeof v);
    int fd = open("/proc/self/auxv", O_RDONLY);
    if (fd < 0)
        return ~0UL;
    ssize_t n = read(fd, v, sizeof v - sizeof v[0]);
    close(fd);
    (void)n;
    for (int i = 0; i < 64 && v[i].a_type != AT_NULL; i++)
        if (v[i].a_type == type)
            return v[i].a_un.a_val;
    return 0;
}

int main(int argc, char **argv, char **envp) {
    (void)argc;
    (void)argv;
    uint64_t hw = from_stack(envp, AT_HWCAP), hw2 = from_stack(envp, AT_HWCAP2);
    printf("AT_HWCAP %#lx AT_HWCAP2 %#lx\n", (unsigned long)hw, (unsigned long)hw2);
    CHECK(from_proc(AT_HWCAP) == hw);
    CHECK(from_proc(AT_HWCAP2) == hw2);
    unsigned a, b, c, d;
    __get_cpuid(1, &a, &b, &c, &d);
    /* the kernel may clear a few bits it does not support */
    printf("AT_HWCAP within CPUID.1:EDX: %d\n", (hw & ~(uint64_t)d) == 0);
    CHECK(hw != 2);
    return finish();
}
