# 10,000 files in one directory of a passthrough_ll mount: each listed once.
# timeout: 90
. $FUSE_TESTS/lib.sh
mkdir -p mnt back/many
$fc mkfiles back/many 10000
$FB/passthrough_ll -o source=$PWD/back mnt
ls mnt/many > list; echo "ls exit $?"
wc -l < list
sort list | uniq -d | wc -l
sort list | uniq | wc -l
head -n 2 list; tail -n 1 list
find mnt/many -type f | wc -l
umount mnt; echo "umount exit $?"
