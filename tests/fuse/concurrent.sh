# 8 forked readers and 16 threads of random preads on one file of a
# passthrough_ll mount, compared with the backing file.
# timeout: 90
. $FUSE_TESTS/lib.sh
mkdir mnt back
$fc gen back/data 8
$FB/passthrough_ll -o source=$PWD/back mnt
$fc readers mnt/data back/data 8
$fc preads mnt/data back/data 16 200
umount mnt; echo "umount exit $?"
