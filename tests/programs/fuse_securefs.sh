# securefs (C++, libfuse): an encrypted directory created, mounted in the
# background and used; names and contents go through its encryption.
#: requires: sh securefs
#: root: mounts FUSE natively
#: timeout: 60
#: file p.sh
mkdir enc mnt
securefs create --pass pw enc >/dev/null 2>&1; echo "create $?"
securefs mount --pass pw -b enc mnt >/dev/null 2>&1; echo "mount $?"
i=0; while ! grep -q " $PWD/mnt " /proc/mounts && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
echo hello > mnt/a; cat mnt/a; mkdir mnt/d; echo x > mnt/d/y; ls -R mnt; mv mnt/a mnt/b; ln -s b mnt/l; readlink mnt/l
rm -r mnt/d; ls mnt; ls enc | wc -l
umount mnt; echo "umount $?"
#: end
sh p.sh
