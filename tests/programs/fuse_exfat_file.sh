# exfat-fuse mounts with fuseblk, which needs a block device: on an image
# file the mount fails with ENOTBLK ("Block device required"), as on Linux.
#: requires: sh /sbin/mount.exfat-fuse /sbin/mkfs.exfat
#: root: mounts FUSE natively
#: file p.sh
mkdir m; dd if=/dev/zero of=e.img bs=1M count=8 status=none; /sbin/mkfs.exfat e.img >/dev/null 2>&1; echo "mkfs $?"
/sbin/mount.exfat-fuse e.img m; echo "mount $?"
ls m; grep -c exfat /proc/mounts
#: end
sh p.sh
