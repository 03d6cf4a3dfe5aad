# mount(2) flags of a FUSE mount as Linux applies them: ro (EROFS for every
# change, EEXIST first when creating an existing name), nodev (a device node
# does not open: EACCES), noexec (EACCES at exec), and what /proc/mounts shows.
. $FUSE_TESTS/lib.sh
mkdir -p back/d mnt; echo x > back/f; mknod back/null c 1 3; cp $FB/fc back/prog; ln -s f back/l
$FB/passthrough_ll -o source=$PWD/back,ro mnt; echo "passthrough_ll ro exit $?"
grep " $PWD/mnt " /proc/mounts | cut -d' ' -f4 | cut -d, -f1-4
for op in "creat mnt/new" "creat mnt/f" "open mnt/f" "mkdir mnt/d" "mkdir mnt/e" "unlink mnt/f" \
	"unlink mnt/none" "rmdir mnt/d" "rename mnt/f mnt/g" "rename mnt/none mnt/g" "symlink x mnt/s" \
	"symlink x mnt/f" "chmod mnt/f" "chown mnt/f" "truncate mnt/f" "utime mnt/f" "touch mnt/f" "stat mnt/f" \
	"open mnt/null" "open mnt/d"; do
	$fc err $op
done
$fc cat mnt/f
mnt/prog err stat mnt/f; echo "exec exit $?"
umount mnt
$FB/passthrough_ll -o source=$PWD/back,noexec mnt; echo "passthrough_ll noexec exit $?"
grep " $PWD/mnt " /proc/mounts | cut -d' ' -f4 | cut -d, -f1-5
mnt/prog err stat mnt/f 2>/dev/null; echo "exec exit $?"
$fc err creat mnt/new
umount mnt
$FB/passthrough_ll -o source=$PWD/back,dev,suid mnt; echo "passthrough_ll dev exit $?"
grep " $PWD/mnt " /proc/mounts | cut -d' ' -f4 | cut -d, -f1-2
$fc err open mnt/null
umount mnt; echo "umount exit $?"
