# FLUSH at the implicit closes, as Linux: exec closes the close-on-exec fd
# (FLUSH), the inherited one is flushed at the new program's exit, and a
# death by a fault's signal closes (and flushes) every fd, as does SIGKILL.
. $FUSE_TESTS/lib.sh
start_rawd -F
for i in 1 2 3 4 5; do $fc err open mnt/f > /dev/null; done
echo "five opens and closes"
$fc openexec mnt/f /bin/busybox true
echo "openexec exit $?"
$fc opendie mnt/big
echo "opendie exit $?"
$fc openwait mnt/f killed &
P=$!
$fc wait killed 10000
kill -9 $P
wait $P
echo "openwait exit $?"
stop_rawd
