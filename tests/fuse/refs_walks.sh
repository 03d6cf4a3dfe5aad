# Reference balance: ENOENT walks, stat, lstat, open/close, O_PATH open/close,
# readlink; every granted lookup forgotten by the time of the unmount.
# native: no (the kernel keeps its dcache references)
. $FUSE_TESTS/lib.sh
start_rawd -c
$fc refs mnt
ls -l mnt > /dev/null; cat mnt/l mnt/f > /dev/null
stop_rawd
elfuse_refs
