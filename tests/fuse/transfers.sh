# sendfile, splice and copy_file_range with a FUSE file at either end, with
# and without offsets, compared with kernel FUSE: see transfers.py.
. $FUSE_TESTS/lib.sh
mkdir mnt back host
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
python3 $FUSE_TESTS/transfers.py $PWD/mnt $PWD/host
umount mnt; echo "umount exit $?"
