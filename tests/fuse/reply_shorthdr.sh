# Reply validation: rawd -x shorthdr:LOOKUP, then the same call again.
. $FUSE_TESTS/lib.sh
replycase shorthdr LOOKUP stat mnt/f
