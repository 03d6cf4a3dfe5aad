# A file the daemon opens with direct_io (passthrough_ll -o cache=never):
# Linux maps it privately but refuses shared mappings (ENODEV), as no page
# cache backs them.
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o cache=never -o source=$PWD/back mnt
$FB/fc mmapkinds mnt/f; echo "exit $?"
umount mnt; echo "umount exit $?"
