# Shared helpers for the fuse/ case scripts (sourced by busybox sh).
# The runner exports FB (the directory with the static daemons and helpers)
# and runs the script with the case's temp dir as cwd, natively (root and
# kernel FUSE) and as `elfuse /bin/busybox sh CASE.sh`.
fc=$FB/fc
rawd=$FB/rawd

# Start rawd in the background on ./mnt with the given options; $RP is its pid.
start_rawd() {
	mkdir -p mnt
	rm -f ready stalled
	$rawd -R ready "$@" mnt > rawd.out 2> rawd.err &
	RP=$!
	$fc wait ready 10000 || echo "rawd did not mount"
}

# Unmount ./mnt, wait for rawd, print its exit status and its report.
stop_rawd() {
	umount mnt 2>&1
	wait $RP
	echo "rawd exit $?"
	cat rawd.out
}

listed() {
	if grep -q " $PWD/$1 fuse" /proc/mounts; then echo "$1 listed in /proc/mounts: yes"
	else echo "$1 listed in /proc/mounts: no"; fi
}

# A signal arrives while a LOOKUP is stalled in rawd.
# usage: sigcase MODE [rawd options...]
sigcase() {
	mode=$1; shift
	start_rawd -M stalled -s LOOKUP:slow -S 2000 "$@"
	$fc sig $mode mnt/slow stalled
	$fc stat mnt/f
	stop_rawd
}

# rawd misbehaves once on opcode OP; a client call then runs twice.
# usage: replycase MODE OP CLIENT-ARGS...
replycase() {
	mode=$1; op=$2; shift 2
	start_rawd -x $mode:$op
	$fc "$@"
	$fc "$@"
	stop_rawd
}

# elfuse's reference counter (ELFUSE_FUSE_REFS, set by the runner for the
# elfuse run only): at a quiescent point granted - forgotten is what is held.
elfuse_refs() {
	sleep 0.1
	if [ -f "$ELFUSE_FUSE_REFS" ]; then
		awk '{ v[$1] = $2 } END { printf "elfuse refs: granted - forgotten = %d, dropped %d, granted > 0: %s\n", v["granted"] - v["forgotten"], v["dropped"], (v["granted"] > 0 ? "yes" : "no") }' "$ELFUSE_FUSE_REFS"
	else
		echo "elfuse refs: no counter file (ELFUSE_FUSE_REFS)"
	fi
}
