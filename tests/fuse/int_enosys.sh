# The daemon answers INTERRUPT with ENOSYS: the caller still gets EINTR when
# the request is detached at once (Linux would keep waiting: native: no).
# native: no
. $FUSE_TESTS/lib.sh
sigcase usr1 -i enosys
