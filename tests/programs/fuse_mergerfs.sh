# mergerfs (Debian; its own libfuse) pools two branches: reads find
# either, new files go to the first branch with space (epmfs by default).
#: requires: sh mergerfs
#: root: mounts FUSE natively
#: file p.sh
mkdir a b m; echo A > a/x; echo B > b/y
mergerfs a:b m; echo "mount $?"; ls m; cat m/x m/y; echo n > m/z; ls a b; rm m/y; ls b
umount m; echo "umount $?"
#: end
sh p.sh
