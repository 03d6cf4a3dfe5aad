# SIGWINCH (default: ignore): no INTERRUPT, the call completes.
. $FUSE_TESTS/lib.sh
sigcase winch
