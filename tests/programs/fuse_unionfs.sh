# unionfs-fuse (Debian, libfuse 2) with copy-on-write: writes go to the
# upper branch, deletions of lower files leave its whiteout tree.
#: requires: sh unionfs
#: root: mounts FUSE natively
#: file p.sh
mkdir up lo mnt; echo lower > lo/l; echo both-lo > lo/b; echo both-up > up/b
unionfs -o cow up=RW:lo=RO mnt; echo "mount $?"
ls mnt; cat mnt/b mnt/l
echo new >> mnt/l; cat mnt/l lo/l; ls up
rm mnt/b; ls mnt; ls -a up | tr '\n' ' '; echo
umount mnt; echo "umount $?"
#: end
sh p.sh
