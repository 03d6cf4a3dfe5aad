# mount(2) argument errors and /dev/fuse device errors.
. $FUSE_TESTS/lib.sh
$fc mounterr $PWD
listed m
