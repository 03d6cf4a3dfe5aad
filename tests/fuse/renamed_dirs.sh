# A directory fd and the cwd keep naming their directory after it is
# renamed (and a new one takes its old name): *at calls, relative paths,
# ".." below the base and fchdir go to the renamed directory, as on Linux.
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
python3 $FUSE_TESTS/renamed_dirs.py $PWD/mnt
mkdir -p mnt/a/b; cd mnt/a/b; mv ../../a ../../y; /bin/pwd -P | sed "s|$OLDPWD|.|"; ls ..; cd ../../..
umount mnt; echo "umount exit $?"
