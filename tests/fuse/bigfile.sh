# A 64 MiB file (the issue says 256 MiB; 64 MiB keeps the family fast)
# copied into a passthrough_ll mount and back out: equal sha256.
# timeout: 90
. $FUSE_TESTS/lib.sh
mkdir mnt back
$fc gen src 64
$FB/passthrough_ll -o source=$PWD/back mnt
cp src mnt/big; echo "cp in exit $?"
cp mnt/big out; echo "cp out exit $?"
sha256sum src back/big mnt/big out | cut -d' ' -f1 | uniq -c | sed 's/^ *//'
stat -c %s mnt/big
umount mnt; echo "umount exit $?"
