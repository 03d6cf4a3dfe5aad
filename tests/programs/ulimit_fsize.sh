# bash under `ulimit -f`: a write or truncate past RLIMIT_FSIZE raises
# SIGXFSZ (dd and truncate die of it, status 153) unless ignored or caught,
# then EFBIG. Regular-file writes are ones the transport server may answer.
#: requires: bash dd truncate
#: file script.bash
ulimit -f 1
dd if=/dev/zero of=big bs=16 count=256 status=none; echo "dd default: $?"
truncate -s 1M big; echo "truncate default: $?"
trap '' XFSZ
dd if=/dev/zero of=big bs=16 count=256 status=none; echo "dd ignored: $?"
truncate -s 1M big; echo "truncate ignored: $?"
trap - XFSZ
echo "size $(stat -c %s big)"
#: end
bash script.bash 2>/dev/null | cat
