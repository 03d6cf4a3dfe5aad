# INIT answered with an error: later operations fail with ECONNREFUSED.
. $FUSE_TESTS/lib.sh
start_rawd -I error
$fc stat mnt/f mnt
listed mnt
stop_rawd
