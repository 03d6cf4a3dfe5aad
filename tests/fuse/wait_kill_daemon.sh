# SIGKILL of the daemon mid-request: the caller gets ECONNABORTED, later
# calls ENOTCONN (also the mount root and a cwd inside), the mount stays
# listed until it is unmounted.
. $FUSE_TESTS/lib.sh
start_rawd -M stalled -s LOOKUP:slow -S -1
(cd mnt/d && : > ../../incwd && $fc wait ../../killed 5000 && $fc stat . ../f && $fc err opendir .) > cwd.out &
C=$!
$fc wait incwd 5000 ready.failed
$fc sig daemon-kill mnt/slow stalled > sig.out &
S=$!
$fc wait stalled 5000 ready.failed
kill -9 $RP; wait $RP; echo "rawd killed: $?"
: > killed; wait $C; echo "-- a process with its cwd inside:"; cat cwd.out
wait $S; cat sig.out
$fc stat mnt/f mnt
$fc err open mnt/f
$fc err opendir mnt
listed mnt
ls mnt > /dev/null 2>&1; echo "ls exit $?"
umount mnt; echo "umount exit $?"
listed mnt
$fc err opendir mnt
