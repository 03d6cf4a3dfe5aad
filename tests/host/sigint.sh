#!/bin/bash
# sigint: signals sent to a running elfuse process from outside become guest
# signals. With a guest SIGINT/SIGTERM handler: the handler runs and the
# guest exits 3. Without one: SIGTERM (and SIGINT, SIGHUP) kill elfuse with
# that signal, like the native program (status 128+N).
# Usage: sigint.sh ELFUSE  (exit 0 = pass). Each case also runs natively.
set -u
ELFUSE=$1
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${ELFUSE_TEST_BUILD:-$(dirname "$ELFUSE")/tests}/host
mkdir -p "$OUT"
bin=$OUT/sigint_guest
gcc -static -O1 -o "$bin" "$HERE/sigint_guest.c" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# run_case NAME SIGNAL MODE PREFIX... : start, wait for "ready", send SIGNAL
# to the started process, print its output and status.
run_case() {
    local sig=$1 mode=$2
    shift 2
    : >"$tmp/out"
    # A background job of a non-interactive shell starts with SIGINT
    # ignored; python resets it so the guest starts with SIG_DFL, as from
    # an interactive shell.
    python3 -c 'import os,signal,sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
        "$@" "$bin" "$mode" >"$tmp/out" 2>"$tmp/err" &
    local pid=$!
    for _ in $(seq 1 500); do
        grep -q ready "$tmp/out" 2>/dev/null && break
        sleep 0.01
    done
    sleep 0.05
    kill -"$sig" "$pid"
    local st=0
    for _ in $(seq 1 500); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.01
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid"
        echo "did not exit after SIG$sig"
    fi
    wait "$pid"; st=$?
    cat "$tmp/out"
    echo "status $st"
}

for c in "INT handler" "TERM handler" "TERM plain" "INT plain" "HUP plain"; do
    set -- $c
    nat=$(run_case "$1" "$2")
    emu=$(run_case "$1" "$2" "$ELFUSE")
    if [ "$nat" != "$emu" ]; then
        echo "FAIL SIG$1 $2:"
        diff <(echo "$nat") <(echo "$emu") | sed 's/^/    /'
        sed 's/^/    elfuse stderr: /' "$tmp/err" | head -5
        fail=1
    else
        echo "ok SIG$1 $2: $(echo "$emu" | tr '\n' ' ')"
    fi
done
exit $fail
