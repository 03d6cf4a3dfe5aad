# SIGUSR1, handler without SA_RESTART, during a stalled LOOKUP: the caller
# gets EINTR; the daemon sees exactly one INTERRUPT for the right unique.
. $FUSE_TESTS/lib.sh
sigcase usr1
