# INIT answered with major 8: later operations fail with ECONNREFUSED.
. $FUSE_TESTS/lib.sh
start_rawd -I major8
$fc stat mnt/f mnt
stop_rawd
