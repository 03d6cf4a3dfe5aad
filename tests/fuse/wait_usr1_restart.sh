# SIGUSR1 with an SA_RESTART handler: no INTERRUPT (the spec; Linux sends one),
# the call completes when the daemon replies after its 2 s stall.
# native: no
. $FUSE_TESTS/lib.sh
sigcase usr1-restart
