# flock, POSIX and OFD locks on FUSE files, as Linux keeps them for a daemon
# without lock operations (passthrough_ll): see locks.py.
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
python3 $FUSE_TESTS/locks.py $PWD/mnt
flock -n mnt/lk -c 'flock -n mnt/lk -c "echo inner got the lock" || echo "inner: busy"'
umount mnt; echo "umount exit $?"
