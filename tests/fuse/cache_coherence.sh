# Cached entries stay coherent with changes made through the mount: the
# shell's own tests ([ -e ], a builtin: one long-lived process with its own
# copies of cached entries) see renames, unlinks, creates and link counts
# made by other processes at once, as with Linux's dcache.
. $FUSE_TESTS/lib.sh
mkdir mnt back
mkdir back/d; echo x > back/d/f
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
t() { if [ -e "$1" ]; then echo "$1: yes"; else echo "$1: no"; fi; }
t mnt/d/f; t mnt/d/g
/bin/busybox mv mnt/d/f mnt/d/g
t mnt/d/f; t mnt/d/g
/bin/busybox rm mnt/d/g
t mnt/d/g
/bin/busybox sh -c 'echo y > mnt/d/f'
t mnt/d/f
/bin/busybox mv mnt/d mnt/e
t mnt/d/f; t mnt/e/f
/bin/busybox ln mnt/e/f mnt/e/h
/bin/busybox stat -c '%n %h' mnt/e/f
/bin/busybox rm mnt/e/h
/bin/busybox stat -c '%n %h' mnt/e/f
/bin/busybox mkdir mnt/d
t mnt/d; t mnt/d/f
umount mnt; echo "umount exit $?"
