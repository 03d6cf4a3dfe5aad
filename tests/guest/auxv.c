// auxv: the auxiliary vector the loader builds: AT_PAGESZ, AT_PHENT,
// AT_PHNUM, AT_PHDR, AT_ENTRY, AT_RANDOM, AT_EXECFN, AT_UID/EUID/GID/EGID,
// AT_SECURE, AT_HWCAP, AT_PLATFORM, AT_CLKTCK, AT_MINSIGSTKSZ, AT_SYSINFO_EHDR,
// and the layout of argv/envp/auxv on the initial stack.
#include "common.h"
#include <elf.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <unistd.h>

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

extern char **environ;

int main(int argc, char **argv) {
    printf("AT_PAGESZ=%lu\n", getauxval(AT_PAGESZ));
    printf("AT_PHENT=%lu\n", getauxval(AT_PHENT));
    CHECK(getauxval(AT_PHNUM) > 0);
    unsigned long phnum = getauxval(AT_PHNUM);
    const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
    CHECK(ph != NULL);
    int loads = 0;
    for (unsigned long i = 0; i < phnum; i++)
        loads += ph[i].p_type == PT_LOAD;
    printf("PT_LOAD count>0: %d phnum=%lu\n", loads > 0, phnum);
    CHECK(getauxval(AT_ENTRY) != 0);
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    CHECK(rnd != NULL);
    unsigned x = 0;
    int nonzero = 0;
    for (int i = 0; i < 16; i++) {
        x ^= rnd[i];
        nonzero |= rnd[i];
    }
    CHECK(nonzero != 0);
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    CHECK(execfn != NULL && strcmp(execfn, argv[0]) == 0);
    CHECK(getauxval(AT_UID) == getuid());
    CHECK(getauxval(AT_EUID) == geteuid());
    CHECK(getauxval(AT_GID) == getgid());
    CHECK(getauxval(AT_EGID) == getegid());
    printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
    CHECK(getauxval(AT_HWCAP) != 0);
    const char *plat = (const char *)getauxval(AT_PLATFORM);
    printf("AT_PLATFORM=%s\n", plat ? plat : "(none)");
    printf("AT_CLKTCK=%lu\n", getauxval(AT_CLKTCK));
    errno = 0;
    unsigned long ms = getauxval(AT_MINSIGSTKSZ);
    CHECK(errno == 0 && ms >= 1024);
    CHECK(getauxval(AT_SYSINFO_EHDR) != 0);
    printf("AT_BASE=%lu (static: 0)\n", getauxval(AT_BASE));
    printf("sysconf(_SC_CLK_TCK)=%ld\n", sysconf(_SC_CLK_TCK));
    printf("sysconf(_SC_PAGESIZE)=%ld\n", sysconf(_SC_PAGESIZE));

    /* Initial stack layout: argv, NULL, envp, NULL, auxv pairs. */
    char **p = argv + argc;
    CHECK(*p == NULL);
    CHECK(p + 1 == environ);
    char **e = environ;
    while (*e)
        e++;
    Elf64_auxv_t *av = (Elf64_auxv_t *)(e + 1);
    int n = 0, seen_pagesz = 0, seen_null = 0;
    for (; n < 64; n++) {
        if (av[n].a_type == AT_NULL) {
            seen_null = 1;
            break;
        }
        if (av[n].a_type == AT_PAGESZ)
            seen_pagesz = av[n].a_un.a_val == 4096;
    }
    CHECK(seen_null && seen_pagesz);
    /* The stack pointer region is 16-byte aligned and argv strings sit above. */
    CHECK(((uintptr_t)argv & 7) == 0);
    CHECK((uintptr_t)argv[0] > (uintptr_t)av);
    /* The vDSO image is an ELF. */
    const unsigned char *vdso = (const unsigned char *)getauxval(AT_SYSINFO_EHDR);
    CHECK(vdso && memcmp(vdso, ELFMAG, SELFMAG) == 0);
    return finish();
}
