# passthrough_ll: operations through the mount mirror to the backing dir.
. $FUSE_TESTS/lib.sh
mkdir mnt back
echo original > back/pre
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
cat mnt/pre
echo written > mnt/w; echo appended >> mnt/w
mkdir mnt/dir; mkdir mnt/dir/sub
echo moved > mnt/dir/a; mv mnt/dir/a mnt/dir/b
ln -s ../w mnt/dir/sym
ln mnt/w mnt/hard
chmod 600 mnt/w
echo 0123456789 > mnt/t; truncate -s 4 mnt/t
touch -d '2001-09-09 01:46:40' mnt/t
echo gone > mnt/gone; rm mnt/gone
mkdir mnt/rmd; rmdir mnt/rmd
echo "-- through the mount"
cat mnt/w mnt/dir/b mnt/dir/sym
readlink mnt/dir/sym
stat -c '%n %F %a %s %h' mnt/w mnt/hard mnt/t mnt/dir/sym
stat -c '%n %F %a %h' mnt/dir
stat -c '%n %Y' mnt/t
echo "-- in the backing dir"
(cd back && find . | sort)
cat back/w back/dir/b back/t; echo
readlink back/dir/sym
stat -c '%n %F %a %s %h' back/w back/hard back/t back/dir/sym
stat -c '%n %F %a %h' back/dir
stat -c '%n %Y' back/t
$fc stat back/gone back/rmd mnt/gone
echo "-- fchmodat2"
echo m > mnt/m
$fc err lchmod2 mnt/m
$fc err lchmod2 mnt/dir/sym
$fc err chmod2 mnt/dir/sym
stat -c '%n %a' mnt/m back/m mnt/w back/w mnt/dir/sym
umount mnt; echo "umount exit $?"
