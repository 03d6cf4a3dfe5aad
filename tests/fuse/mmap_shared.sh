# Writable MAP_SHARED mappings of a FUSE file (passthrough_ll): stores reach
# read(2) in the same process at once, other processes after msync, munmap
# or exit, and the backing file; write(2) shows in the mapping.
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o source=$PWD/back mnt
$FB/fc mmapsh mnt; echo "exit $?"
od -c back/m | grep -v '  a   a   a   a   a   a   a   a   a   a   a   a   a   a   a   a$'
umount mnt; echo "umount exit $?"
