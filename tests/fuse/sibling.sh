# A process forked before the mount sees the mount.
. $FUSE_TESTS/lib.sh
mkdir mnt
$fc waitcat marker mnt/hello > sibling.out &
S=$!
$FB/hello mnt
: > marker
wait $S; echo "sibling exit $?"
cat sibling.out
umount mnt; echo "umount exit $?"
