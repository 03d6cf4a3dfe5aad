# encfs (Debian, C++, libfuse 2) keeps an encrypted directory (password from
# --extpass): what goes in through the mount is not in the clear beneath it.
#: requires: sh encfs
#: root: mounts FUSE natively
#: file p.sh
mkdir c m
encfs --standard --extpass='echo pw' $PWD/c $PWD/m >/dev/null 2>&1; echo "mount $?"
echo secret > m/s; mkdir m/d; seq 1 1000 > m/d/n; cat m/s; md5sum m/d/n | cut -c1-32; ls m
grep -rl secret c; echo "grep $?"; ls c | wc -l
mv m/s m/t; ln -s t m/l; cat m/l; rm m/t m/l; ls m
umount m; echo "umount $?"
#: end
sh p.sh
