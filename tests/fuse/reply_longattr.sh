# Reply validation: rawd -x longattr:GETATTR, then the same call again.
. $FUSE_TESTS/lib.sh
replycase longattr GETATTR stat mnt
