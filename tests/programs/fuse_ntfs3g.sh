# ntfs-3g (Debian, its own libfuse-lite) on an NTFS image file.
#: requires: sh ntfs-3g /sbin/mkntfs
#: root: mounts FUSE natively
#: file p.sh
mkdir m; dd if=/dev/zero of=n.img bs=1M count=16 status=none; /sbin/mkntfs -q -F -f n.img >/dev/null 2>&1; echo "mkntfs $?"
ntfs-3g n.img m; echo "mount $?"; echo hi > m/h; mkdir m/dd; seq 1 2000 > m/dd/s; ls m; cat m/h; md5sum m/dd/s | cut -c1-32
umount m; echo "umount $?"
#: end
sh p.sh
