# Reply validation: rawd -x poserr:LOOKUP, then the same call again.
. $FUSE_TESTS/lib.sh
replycase poserr LOOKUP stat mnt/f
