# Reply validation: rawd -x shortentry:LOOKUP, then the same call again.
. $FUSE_TESTS/lib.sh
replycase shortentry LOOKUP stat mnt/f
