# Reference balance across a lazy unmount with a file still open.
# native: no
. $FUSE_TESTS/lib.sh
start_rawd -c
$fc busy $PWD/mnt
wait $RP; echo "rawd exit $?"
cat rawd.out
elfuse_refs
