# bindfs (Debian, libfuse 2, dynamic): a mirror of a directory, with its
# permission options (-p perms, -u owner) applied to what clients see.
#: requires: sh bindfs
#: root: mounts FUSE natively
#: file p.sh
mkdir src mnt ro; echo hello > src/a; mkdir src/d; chmod 600 src/a
bindfs src mnt; echo "mount $?"
cat mnt/a; echo new > mnt/b; cat src/b; mkdir mnt/e; ln -s a mnt/l; readlink mnt/l; mv mnt/b mnt/c
ls src; rm -r mnt/e mnt/c mnt/l; ls mnt
stat -c '%n %s %a %U' mnt/a mnt/d
umount mnt; echo "umount $?"
bindfs -p 0444 -u nobody -o ro src ro; echo "mount $?"
stat -c '%n %a %U' ro/a ro/d; echo x > ro/z 2>/dev/null; echo "write $?"
umount ro; echo "umount $?"
#: end
sh p.sh
