# Reply validation: rawd -x dup:LOOKUP, then the same call again.
. $FUSE_TESTS/lib.sh
replycase dup LOOKUP stat mnt/f
