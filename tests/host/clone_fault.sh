#!/bin/bash
# clone_fault: ELFUSE_FAIL_VCPU_SETUP=N makes the Nth thread start-up of a
# guest process fail; the guest's clone must get EAGAIN, no TID may be left
# in the PARENT_SETTID/CHILD_SETTID slots, and the process keeps working
# (joins, later creates). Usage: clone_fault.sh ELFUSE  (exit 0 = pass)
set -u
ELFUSE=$1
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${ELFUSE_TEST_BUILD:-$(dirname "$ELFUSE")/tests}/host
mkdir -p "$OUT"
fail=0
for cc in "gcc -static" "musl-gcc -static"; do
    set -- $cc
    command -v "$1" >/dev/null || continue
    name=clone_fault.$1
    bin=$OUT/$name
    if ! $cc -O1 -g -pthread -o "$bin" "$HERE/clone_fault.c" 2>"$OUT/$name.build"; then
        echo "build failed ($cc):"; cat "$OUT/$name.build"; fail=1; continue
    fi
    want='create 1: ok
create 2: ok
create 3: EAGAIN
create 4: ok
create 5: ok
summary: eagain=1 at=3 joined=4 bad=0 tasks=1 more=5'
    got=$(ELFUSE_FAIL_VCPU_SETUP=3 timeout 30 "$ELFUSE" "$bin" pthread 2>&1); st=$?
    if [ "$got" != "$want" ] || [ $st -ne 0 ]; then
        echo "FAIL $cc pthread (status $st):"; diff <(echo "$want") <(echo "$got") | sed 's/^/    /'; fail=1
    else
        echo "ok $cc pthread"
    fi
    want='raw clone 1: EAGAIN ptid=0 ctid=0 child_ran=0
raw clone 2: ok ptid==ret=1 child_ran=1 ctid cleared=1'
    got=$(ELFUSE_FAIL_VCPU_SETUP=1 timeout 30 "$ELFUSE" "$bin" raw 2>&1); st=$?
    if [ "$got" != "$want" ] || [ $st -ne 0 ]; then
        echo "FAIL $cc raw (status $st):"; diff <(echo "$want") <(echo "$got") | sed 's/^/    /'; fail=1
    else
        echo "ok $cc raw"
    fi
    # Without the knob everything succeeds (sanity check of the guest).
    got=$(timeout 30 "$bin" pthread 2>&1)
    case "$got" in
    *"summary: eagain=0 at=0 joined=5 bad=0 tasks=1 more=5"*) ;;
    *) echo "FAIL native run of $name: $got"; fail=1 ;;
    esac
done
exit $fail
