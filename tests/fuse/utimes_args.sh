# utimes(2) on a FUSE file: microseconds out of range are EINVAL before the
# path is looked at (as on Linux; elfuse used to scale them to nanoseconds
# first, an overflow its sanitizer build aborted on); valid ones are applied.
. $FUSE_TESTS/lib.sh
mkdir mnt back
echo x > back/f
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
$fc err utimes_badusec mnt/f
$fc err utimes_badusec mnt/none
$fc err utimes mnt/f
$fc err utimes mnt/none
stat -c %Y mnt/f
umount mnt; echo "umount exit $?"
