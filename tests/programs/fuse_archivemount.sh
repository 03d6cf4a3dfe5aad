# archivemount (Debian, libfuse 2, libarchive) shows a tar archive's tree.
#: requires: sh archivemount tar
#: root: mounts FUSE natively
#: file p.sh
mkdir t m; echo t1 > t/f1; mkdir t/sub; echo t2 > t/sub/f2; tar cf t.tar t
archivemount -o readonly t.tar m; echo "mount $?"; ls -R m; cat m/t/sub/f2; stat -c '%n %s' m/t/f1
umount m; echo "umount $?"
#: end
sh p.sh
