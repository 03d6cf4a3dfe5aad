# /proc/self/fd/N and /dev/fd/N of open FUSE files: readlink shows the path,
# stat and open follow them to the file, and chmod through them (glibc's
# fchmodat(AT_SYMLINK_NOFOLLOW), used by tar and Python) reaches the file.
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
python3 $FUSE_TESTS/magic_links.py $PWD/mnt
umount mnt; echo "umount exit $?"
