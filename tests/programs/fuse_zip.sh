# fuse-zip (Debian, libfuse 2) edits a zip archive through a mount; the
# archive is written when it is unmounted.
#: requires: sh fuse-zip zip unzip
#: root: mounts FUSE natively
#: file p.sh
mkdir -p src/d mnt; echo one > src/one; seq 1 5000 > src/d/two
(cd src && zip -qrX ../a.zip .)
fuse-zip a.zip mnt; echo "mount $?"
cat mnt/one; md5sum mnt/d/two | cut -c1-32
echo three > mnt/three; mkdir mnt/e; echo four > mnt/e/four; rm mnt/one; mv mnt/d/two mnt/d/2
ls -R mnt
umount mnt; echo "umount $?"
i=0; while [ ! -s a.zip ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
unzip -Z1 a.zip | sort; unzip -p a.zip e/four
#: end
sh p.sh
