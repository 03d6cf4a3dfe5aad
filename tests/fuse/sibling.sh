# A process forked before the mount sees the mount.
. $FUSE_TESTS/lib.sh
mkdir mnt
$fc waitcat marker mnt/hello > sibling.out &
# (waitcat gives up after 10 s)
S=$!
$FB/hello mnt
: > marker
wait $S; echo "sibling exit $?"
cat sibling.out
umount mnt; echo "umount exit $?"
