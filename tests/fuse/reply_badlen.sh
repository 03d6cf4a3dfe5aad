# Reply validation: rawd -x badlen:LOOKUP, then the same call again.
. $FUSE_TESTS/lib.sh
replycase badlen LOOKUP stat mnt/f
