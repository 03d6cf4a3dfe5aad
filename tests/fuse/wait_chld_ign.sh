# SIGCHLD ignored during a stalled request: no INTERRUPT, the call completes.
. $FUSE_TESTS/lib.sh
sigcase chld-ign
