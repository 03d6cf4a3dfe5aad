# squashfuse (Debian, libfuse 3) serves a squashfs image: a read-only tree
# with a symlink and a file larger than one read.
#: requires: sh squashfuse mksquashfs
#: root: mounts FUSE natively
#: file p.sh
mkdir -p src/sub mnt; echo one > src/one; seq 1 40000 > src/sub/big; ln -s one src/lnk
mksquashfs src img -quiet -noappend -all-root -mkfs-time 0 -all-time 0 >/dev/null; echo "mksquashfs $?"
squashfuse img mnt; echo "mount $?"
ls -lR mnt | sed 's/ [A-Z][a-z][a-z] .. .....  */ DATE /'
cat mnt/one; readlink mnt/lnk; md5sum mnt/sub/big | cut -c1-32; tail -c 20 mnt/sub/big
touch mnt/x 2>/dev/null; echo "touch $?"
umount mnt; echo "umount $?"
#: end
sh p.sh
