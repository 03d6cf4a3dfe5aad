# Reply validation: rawd -x errpayload:LOOKUP, then the same call again.
. $FUSE_TESTS/lib.sh
replycase errpayload LOOKUP stat mnt/f
