# passthrough (libfuse high level, mirrors /): read, write, rename, unlink.
. $FUSE_TESTS/lib.sh
mkdir mnt back
echo original > back/pre
$FB/passthrough mnt; echo "passthrough exit $?"
M=mnt$PWD/back
cat $M/pre
echo new > $M/n; mv $M/n $M/m; cat back/m
mkdir $M/d; ls $M
rm $M/m; rmdir $M/d; ls back
umount mnt; echo "umount exit $?"
