# Reference balance with cached entries (-T: the daemon's timeouts): the
# cache holds one lookup per entry, dropped by NOTIFY_INVAL_ENTRY and
# forgotten at the unmount, so everything granted is forgotten by then.
# native: no (the kernel keeps its dcache references)
. $FUSE_TESTS/lib.sh
start_rawd -c -L -T 100
$fc stat mnt/f mnt/f mnt/d/nope mnt/d/inval mnt/l mnt/big
cat mnt/f mnt/l > /dev/null
ls mnt > /dev/null
stop_rawd
elfuse_refs
