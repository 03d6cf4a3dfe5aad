# SIGTERM (default: terminate) pending with an ignored SIGCHLD: interrupts;
# the caller dies by SIGTERM, one INTERRUPT.
. $FUSE_TESTS/lib.sh
sigcase term-behind-chld
