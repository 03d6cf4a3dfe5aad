# Open flags in Linux's order (O_DIRECTORY before O_PATH and before ELOOP,
# O_TMPFILE's EINVAL/ENOTDIR/EOPNOTSUPP), futimens on a FUSE fd, and the
# coreutils that depend on them: mv/cp/ln -f/install onto an existing file
# (they probe the target with O_PATH|O_DIRECTORY), ln -sfn, touch -d.
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
python3 $FUSE_TESTS/open_flags.py $PWD/mnt
cd mnt
echo A > a; echo B > b; mv a b; cat b
echo C > c; cp c b; cat b; ln -f c b && echo "ln -f ok"; install c b && echo "install ok"
touch f; touch -d @1000000000 f; stat -c %Y f
ln -s a/b dl; mkdir a; ln -sfn a/x dl; readlink dl; ls a
cd ..
umount mnt; echo "umount exit $?"
