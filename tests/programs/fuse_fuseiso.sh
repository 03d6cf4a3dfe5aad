# fuseiso (Debian, libfuse 2) shows an ISO 9660 image.
#: requires: sh fuseiso genisoimage
#: root: mounts FUSE natively
#: file p.sh
mkdir iso m; echo isofile > iso/i; seq 1 3000 > iso/n; genisoimage -quiet -o i.iso iso 2>/dev/null; echo "genisoimage $?"
fuseiso i.iso m; echo "mount $?"; ls m; cat m/i; md5sum m/n | cut -c1-32
umount m; echo "umount $?"
#: end
sh p.sh
