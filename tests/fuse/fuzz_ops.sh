# Seeded random sequences of file-system calls (tests/fuse/fsfuzz.c) through
# passthrough_ll: names that come and go, symlinks (dangling, looping,
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
cd back && find . -printf '%y %m %s %p\n' | sort
