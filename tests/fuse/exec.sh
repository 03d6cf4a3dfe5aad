# A binary copied into the mount and executed from there.
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o source=$PWD/back mnt
cp /bin/busybox mnt/busybox; chmod 755 mnt/busybox
cmp /bin/busybox back/busybox && echo "backing copy equal"
mnt/busybox echo "ran from the mount"; echo "exit $?"
echo 'echo script ran' > mnt/s.sh; chmod 755 mnt/s.sh
mnt/busybox sh mnt/s.sh
printf '#!%s/mnt/busybox sh\necho shebang into the mount ran\n' $PWD > mnt/t.sh; chmod 755 mnt/t.sh
mnt/t.sh; echo "exit $?"
cp $FB/fc mnt/fc; mnt/fc stat mnt/nope; echo "exit $?"
umount mnt; echo "umount exit $?"
