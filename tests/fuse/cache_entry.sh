# Entries and attributes are cached for the daemon's timeouts, as Linux's
# dcache: a second stat within entry_valid sends no LOOKUP; the daemon's
# NOTIFY_INVAL_ENTRY drops the entry, so the next stat asks again.
. $FUSE_TESTS/lib.sh
start_rawd -L -T 100
$fc stat mnt/f
$fc stat mnt/f
$fc stat mnt/d/inval
$fc stat mnt/f mnt/l
stop_rawd
