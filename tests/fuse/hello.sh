# hello (libfuse high level): mounts and daemonizes; other processes read it.
. $FUSE_TESTS/lib.sh
mkdir mnt
$FB/hello mnt; echo "hello exit $?"
ls -l mnt
cat mnt/hello
$fc stat mnt mnt/hello mnt/nope
listed mnt
grep " $PWD/mnt " /proc/mounts | cut -d' ' -f3
umount mnt; echo "umount exit $?"
listed mnt
ls mnt
# Foreground: the daemon exits 0 after the unmount.
mkdir mnt2
($FB/hello -f mnt2; echo $? > status) & P=$!
$fc wait mnt2/hello 10000 status || echo "no mount"
cat mnt2/hello
umount mnt2
wait $P; echo "foreground hello exit $(cat status)"
