# AF_UNIX sockets bound in a FUSE directory (passthrough_ll): bind makes a
# socket node through the daemon; connect and sendto reach the socket through
# the node, not the daemon; names read back as bound; errors as Linux.
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o source=$PWD/back mnt
$FB/fc usock mnt; echo "exit $?"
ls back
umount mnt; echo "umount exit $?"
