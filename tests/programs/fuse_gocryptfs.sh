# gocryptfs (Debian, Go, its own FUSE library speaking /dev/fuse) keeps
# an encrypted directory: what goes in through the mount is not in the clear
# beneath it.
#: requires: sh gocryptfs
#: root: mounts FUSE natively
#: file p.sh
echo pass > pw; mkdir cipher m; gocryptfs -q -init -passfile pw cipher >/dev/null 2>&1; echo "init $?"
gocryptfs -q -passfile pw cipher m 2>/dev/null; echo "mount $?"; echo secret > m/s; mkdir m/d; cat m/s; ls m
grep -rl secret cipher; echo "grep $?"; ls cipher | wc -l
umount m; echo "umount $?"
#: end
sh p.sh
