# default_permissions: access(2) is decided from the attributes, as Linux's
# generic_permission, not by the daemon: root may not execute a file with no
# x bit; others get the owner, group or other bits that apply to them.
. $FUSE_TESTS/lib.sh
mkdir mnt back
echo data > back/plain; chmod 644 back/plain
echo data > back/tool; chmod 755 back/tool
echo data > back/secret; chmod 600 back/secret
echo data > back/theirs; chmod 640 back/theirs; chown 65534:65534 back/theirs
echo data > back/group; chmod 070 back/group; chown 0:65534 back/group
chmod 755 back
$FB/passthrough_ll -o source=$PWD/back,default_permissions,allow_other mnt; echo "passthrough_ll exit $?"
grep " $PWD/mnt " /proc/mounts | sed 's/.*user_id=[0-9]*,group_id=[0-9]*//'
echo "-- as root"
$fc access -1 -1 mnt/plain mnt/tool mnt/secret mnt/theirs mnt/group
echo "-- as 65534:65534"
$fc access 65534 65534 mnt/plain mnt/tool mnt/secret mnt/theirs mnt/group
echo "-- as 1000:1000"
$fc access 1000 1000 mnt/plain mnt/tool mnt/secret mnt/theirs mnt/group
echo "-- names in directories, as 65534"
mkdir back/ro back/open; chmod 755 back/ro; chmod 777 back/open; echo x > back/ro/f
for op in "mkdir mnt/ro/d" "mkdir mnt/ro/f" "creat mnt/ro/new" "unlink mnt/ro/f" "unlink mnt/ro/none" \
	"rmdir mnt/ro/none" "symlink f mnt/ro/s" "rename mnt/ro/f mnt/open/f" "mkdir mnt/open/d" \
	"creat mnt/open/new" "symlink new mnt/open/s" "rename mnt/open/new mnt/open/new2" "unlink mnt/open/s" \
	"rmdir mnt/open/d"; do
	$fc as 65534 65534 $op
done
ls back/ro back/open
echo "-- attributes, as 65534"
echo data > back/mine; chown 65534:65534 back/mine; echo data > back/open666; chmod 666 back/open666
for op in "chmod mnt/plain" "chown mnt/plain" "chgrp mnt/plain" "truncate mnt/plain" "touch mnt/plain" \
	"utime mnt/plain" "touch mnt/open666" "utime mnt/open666" "truncate mnt/open666" "chmod mnt/mine" \
	"chgrp mnt/mine" "utime mnt/mine"; do
	$fc as 65534 65534 $op
done
stat -c '%n %a %s' back/plain back/open666 back/mine
echo "-- search permission along paths and the sticky bit, as 65534"
mkdir -p back/noexec/sub; echo x > back/noexec/f; echo x > back/noexec/sub/g; chmod 744 back/noexec
mkdir back/sticky; chmod 1777 back/sticky; echo x > back/sticky/roots; echo x > back/sticky/mine
chown 65534:65534 back/sticky/mine; echo x > back/open/moved; chown 65534:65534 back/open/moved
for op in "stat mnt/noexec/f" "open mnt/noexec/sub/g" "creat mnt/noexec/new" "chdir mnt/noexec/sub" \
	"stat mnt/noexec" "opendir mnt/noexec" "unlink mnt/sticky/roots" "rename mnt/sticky/roots mnt/open/r" \
	"rename mnt/open/moved mnt/sticky/roots" "unlink mnt/sticky/mine" "creat mnt/sticky/new" \
	"unlink mnt/sticky/new"; do
	$fc as 65534 65534 $op
done
$fc access 65534 65534 mnt/noexec/f
cd mnt/noexec/sub
for op in "open g" "stat ../f" "stat ." "stat .."; do
	$fc as 65534 65534 $op
done
cd ../../..
ls back/sticky back/open
umount mnt; echo "umount exit $?"
