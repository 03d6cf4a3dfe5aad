# rclone mount (Go, with its own FUSE library on /dev/fuse rather than
# libfuse) of a local directory, with --daemon (it re-executes itself in
# the background and the foreground process exits once the mount is up).
#: requires: sh rclone
#: root: mounts FUSE natively
#: timeout: 60
#: file p.sh
mkdir src mnt; echo hello > src/a
rclone mount --config /dev/null --daemon --vfs-cache-mode off $PWD/src $PWD/mnt; echo "mount $?"
i=0; while [ ! -e mnt/a ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
cat mnt/a; echo new > mnt/b; cat mnt/b
# (rclone stores a written file in the source at its release, after close returns)
i=0; while [ ! -s src/b ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; cat src/b
mkdir mnt/d; ls mnt; rm mnt/b; rmdir mnt/d; ls src
stat -c '%n %s %F' mnt/a
umount mnt; echo "umount $?"
#: end
sh p.sh
