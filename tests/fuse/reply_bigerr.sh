# Reply validation: rawd -x bigerr:LOOKUP, then the same call again.
. $FUSE_TESTS/lib.sh
replycase bigerr LOOKUP stat mnt/f
