# umount: busy with an open file or a cwd inside, lazy detach, force.
. $FUSE_TESTS/lib.sh
start_rawd
$fc busy $PWD/mnt
listed mnt
wait $RP; echo "rawd exit $?"
start_rawd
$fc force $PWD/mnt
listed mnt
wait $RP; echo "rawd exit $?"
start_rawd
cd mnt
umount $OLDPWD/mnt 2>&1 | sed "s|$OLDPWD/||"
cd ..
umount mnt; echo "umount exit $?"
wait $RP; echo "rawd exit $?"
