# Two unrelated processes (the second one exec'ed) map one FUSE file shared
# and see each other's stores at once, as through Linux's one page cache;
# read(2) and write(2) of the file agree with the mappings.
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o source=$PWD/back mnt
$FB/fc mmapipc mnt; echo "exit $?"
od -c back/ipc | head -2
umount mnt; echo "umount exit $?"
