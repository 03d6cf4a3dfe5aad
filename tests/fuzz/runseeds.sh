#!/bin/bash
# usage: tests/fuzz/runseeds.sh FIRST LAST BATCHES CALLS: run sysfuzz seeds under
# $E (default build-asan/elfuse) and print one summary line per seed.
D=${FZ_DIR:-/tmp/sysfuzz}
E=${E:-$PWD/build-asan/elfuse}
F=${F:-$D/sysfuzz}
mkdir -p $D/asan $D/out
[ -x $F ] || gcc -static -O1 -o $F "$(dirname "$0")/sysfuzz.c" || exit 1
export ASAN_OPTIONS=log_path=$D/asan/a:detect_leaks=0 UBSAN_OPTIONS=log_path=$D/asan/u:print_stacktrace=1
export ELFUSE_FZ_KEEP_SEGV=1 FZ_ELFUSE=1 FZ_DIR=$D/s
for s in $(seq $1 $2); do
	n0=$(ls $D/asan | wc -l)
	(cd $D && nice -n 10 timeout 300 $E $F $s $3 $4 >$D/out/$s.txt 2>&1)
	rc=$?
	n1=$(ls $D/asan | wc -l)
	o=$D/out/$s.txt
	echo "seed $s rc=$rc asan_new=$((n1 - n0)) ubsan=$(grep -c 'runtime error' $o)" \
		"exit1=$(grep -c 'exit 1$' $o) timeouts=$(grep -c TIMEOUT $o) elfuse_msgs=$(grep -c 'elfuse:' $o)"
done
