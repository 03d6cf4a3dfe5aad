# The gcc driver runs cc1, as, collect2 and ld as children, all under elfuse.
#: requires: sh gcc
#: compare: tree
#: file hello.c
#include <stdio.h>
#include <math.h>
int main(int argc, char **argv) {
    printf("hello from %s, sqrt(2)=%.6f\n", argc > 0 ? "a.out" : "?", sqrt(2.0));
    return 3;
}
#: end
sh -c 'gcc -O2 -Wall hello.c -lm && ./a.out; echo "status $?"; gcc -c -o hello.o hello.c && gcc -static -o hello-static hello.o -lm && ./hello-static; echo "static status $?"'
