# Reply validation: rawd -x wrongunique:LOOKUP, then the same call again.
. $FUSE_TESTS/lib.sh
replycase wrongunique LOOKUP stat mnt/f
