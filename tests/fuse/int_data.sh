# An INTERRUPT reply with a payload: EINVAL to the daemon.
. $FUSE_TESTS/lib.sh
sigcase usr1 -i data
