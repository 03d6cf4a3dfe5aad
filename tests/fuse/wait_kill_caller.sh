# SIGKILL of the caller while the daemon ignores INTERRUPTs: the caller ends
# promptly (the spec; Linux waits for the reply), one INTERRUPT; the daemon's
# late reply to the detached request is consumed.
# native: no
. $FUSE_TESTS/lib.sh
sigcase kill -i ignore
