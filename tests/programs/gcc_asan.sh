# An AddressSanitizer program: huge MAP_NORESERVE shadow reservations,
# /proc/self/maps parsing, and a reported heap overflow (exit status 1).
#: requires: sh gcc
#: compare: nostderr
#: file bug.c
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    char *p = malloc(16);
    printf("asan start\n");
    fflush(stdout);
    p[16 + (argc > 5)] = 1;
    printf("not reached\n");
    return 0;
}
#: end
sh -c 'gcc -g -fsanitize=address -o bug bug.c && ./bug 2> asan.err; echo "status $?"; grep -o "heap-buffer-overflow" asan.err | head -n 1; grep -c "WRITE of size 1" asan.err'
