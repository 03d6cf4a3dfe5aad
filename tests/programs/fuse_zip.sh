# fuse-zip (Debian, libfuse 2) edits a zip archive through a mount; the
# archive is written when the daemon (in the foreground here, so the script
# can wait for it) ends after the unmount.
#: requires: sh fuse-zip zip unzip
#: root: mounts FUSE natively
#: file p.sh
mkdir -p src/d mnt; echo one > src/one; seq 1 5000 > src/d/two
(cd src && zip -qrX ../a.zip .)
fuse-zip -f a.zip mnt & P=$!
i=0; while ! grep -q " $PWD/mnt " /proc/mounts && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
cat mnt/one; md5sum mnt/d/two | cut -c1-32
echo three > mnt/three; mkdir mnt/e; echo four > mnt/e/four; rm mnt/one; mv mnt/d/two mnt/d/2
ls -R mnt
umount mnt; echo "umount $?"
wait $P; echo "fuse-zip exit $?"
unzip -Z1 a.zip | sort; unzip -p a.zip e/four
#: end
sh p.sh
