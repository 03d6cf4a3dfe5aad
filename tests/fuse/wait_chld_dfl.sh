# SIGCHLD with the default disposition: no INTERRUPT, the call completes.
. $FUSE_TESTS/lib.sh
sigcase chld-dfl
