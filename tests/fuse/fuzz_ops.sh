# Seeded random sequences of file-system calls (tests/fuse/fsfuzz.c) through
# passthrough_ll (and passthrough): names that come and go, symlinks (dangling, looping,
# leading out of a directory), hard links, renames with and without flags,
# truncation, appends, directory listings. Every result must be the one the
# kernel's FUSE gives, and the backing directory must end up the same.
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
for seed in 2 23; do
	mkdir mnt/s$seed
	echo "-- seed $seed"
	$FB/fsfuzz $PWD/mnt/s$seed $seed 400
done
umount mnt; echo "umount exit $?"
# The same with everything cached for a day: the cache must stay coherent.
$FB/passthrough_ll -o source=$PWD/back,cache=always mnt; echo "passthrough_ll cache=always exit $?"
mkdir mnt/s41
echo "-- seed 41, cache=always"
$FB/fsfuzz $PWD/mnt/s41 41 400
umount mnt; echo "umount exit $?"
# libfuse's high-level API (passthrough: paths, its own node table).
$FB/passthrough -o modules=subdir,subdir=$PWD/back mnt; echo "passthrough exit $?"
mkdir mnt/h3
echo "-- seed 3, high-level passthrough"
$FB/fsfuzz $PWD/mnt/h3 3 300
umount mnt; echo "umount exit $?"
# As an unprivileged user on a default_permissions mount: permission,
# sticky-bit, protected-hardlink and xattr-namespace rules in Linux's order.
$FB/passthrough_ll -o source=$PWD/back,default_permissions,allow_other mnt; echo "passthrough_ll default_permissions exit $?"
mkdir mnt/u7 mnt/u8
chmod 700 .
echo "-- seed 8, uid 1000, the mount's directory closed to it"
$FB/fsfuzz mnt/u8 8 20 1000
chmod 755 .
echo "-- seed 7, uid 1000"
$FB/fsfuzz mnt/u7 7 400 1000
umount mnt; echo "umount exit $?"
cd back && find . | sort
