# The daemon answers INTERRUPT with EAGAIN: the INTERRUPT is queued again once.
. $FUSE_TESTS/lib.sh
sigcase usr1 -i eagain
