# fuse2fs (Debian e2fsprogs, libfuse 2) serves an ext2 image; e2fsck finds
# the image clean after the unmount.
#: requires: sh fuse2fs /sbin/mkfs.ext2 /sbin/e2fsck
#: root: mounts FUSE natively
#: file p.sh
mkdir mnt; dd if=/dev/zero of=img bs=1M count=8 status=none; /sbin/mkfs.ext2 -q -F -E root_owner=0:0 img
fuse2fs -f img mnt & P=$!
i=0; while ! grep -q " $PWD/mnt " /proc/mounts && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
echo hi > mnt/a; mkdir mnt/d; seq 1 3000 > mnt/d/b; ln mnt/a mnt/hard; ln -s a mnt/sym
ls mnt; md5sum mnt/d/b | cut -c1-32; stat -c '%n %h %s' mnt/a mnt/hard; readlink mnt/sym
rm mnt/hard; stat -c '%h' mnt/a
umount mnt; echo "umount $?"
wait $P; echo "fuse2fs exit $?"
/sbin/e2fsck -fn img >/dev/null 2>&1; echo "fsck $?"
#: end
sh p.sh
