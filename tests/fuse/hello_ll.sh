# hello_ll (libfuse low level), daemonized and in the foreground.
. $FUSE_TESTS/lib.sh
mkdir mnt
$FB/hello_ll mnt; echo "hello_ll exit $?"
ls -l mnt
cat mnt/hello
wc -c < mnt/hello
$fc stat mnt/hello mnt/nope
$fc err mkdir mnt/newdir
umount mnt; echo "umount exit $?"
listed mnt
($FB/hello_ll -f mnt; echo $? > status) & P=$!
$fc wait mnt/hello 10000 status || echo "no mount"
cat mnt/hello
umount mnt
wait $P; echo "foreground hello_ll exit $(cat status)"
