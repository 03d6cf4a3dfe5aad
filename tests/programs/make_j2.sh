# A small C project built by make -j2: parallel compiles, a generated
# header, a static library, a failing optional target.
#: requires: make gcc ar
#: compare: tree
#: file proj/Makefile
CC = gcc
CFLAGS = -O1 -Wall -Werror
OBJS = main.o util.o gen.o
all: prog
gen.h: gen.sh
	sh gen.sh > $@
gen.o main.o: gen.h
libutil.a: util.o gen.o
	ar rcs $@ $^
prog: main.o libutil.a
	$(CC) -o $@ main.o -L. -lutil
check: prog
	./prog 5
.PHONY: all check clean
#: end
#: file proj/gen.sh
echo '#define GEN_VALUE 1234'
echo 'int gen(int);'
#: end
#: file proj/main.c
#include <stdio.h>
#include <stdlib.h>
#include "gen.h"
int util(int);
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1;
    printf("util(%d)=%d gen=%d value=%d\n", n, util(n), gen(n), GEN_VALUE);
    return 0;
}
#: end
#: file proj/util.c
int util(int n) { int s = 0; for (int i = 1; i <= n; i++) s += i * i; return s; }
#: end
#: file proj/gen.c
#include "gen.h"
int gen(int n) { return n + GEN_VALUE; }
#: end
make -s -j2 -C proj check && echo built
