# null (libfuse high level) mounted on a regular file.
. $FUSE_TESTS/lib.sh
: > nullf
$FB/null nullf; echo "null exit $?"
$fc stat nullf
dd if=nullf bs=4096 count=4 2>/dev/null | wc -c
echo data > nullf; echo "write exit $?"
listed nullf
umount nullf; echo "umount exit $?"
$fc stat nullf
