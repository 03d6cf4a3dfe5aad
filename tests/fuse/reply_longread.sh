# An over-long READ reply to a 5-byte read: EINVAL to the daemon, EIO to the
# reader, the memory around the buffer intact.
. $FUSE_TESTS/lib.sh
start_rawd -x longread:READ
$fc smallread mnt/f
stop_rawd
