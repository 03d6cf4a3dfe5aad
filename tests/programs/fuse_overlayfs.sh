# fuse-overlayfs (Debian, libfuse 3, dynamic) serves an overlay from inside
# the tree: it wants FUSE_CAP_DONT_MASK at INIT (libfuse aborts a daemon
# whose wants are not offered) and replies to READ by splicing from a pipe
# into /dev/fuse. Copy-up, whiteouts and the umask on creation are checked.
#: requires: sh fuse-overlayfs
#: root: mounts FUSE natively
#: file p.sh
mkdir lo up work mnt; echo lower > lo/l; echo both-lo > lo/b; echo both-up > up/b; seq 1 30000 > lo/big
fuse-overlayfs -o lowerdir=lo,upperdir=up,workdir=work mnt 2>/dev/null; echo "mount $?"
ls mnt; cat mnt/b; md5sum mnt/big | cut -c1-32
echo add >> mnt/l; cat up/l lo/l
rm mnt/b; ls mnt; ls -l up/b | cut -c1
umask 077; touch mnt/f; mkdir mnt/d; stat -c '%n %a' mnt/f mnt/d up/f; umask 022
mv mnt/l mnt/l2; ls mnt up
umount mnt; echo "umount $?"
#: end
sh p.sh
