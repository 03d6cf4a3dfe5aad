# Calls that name the mount point itself next to a host name: its name is
# in its parent's filesystem, so Linux gets past the EXDEV check to the
# call's own (EBUSY, EISDIR, ENOTDIR, EEXIST, ENOENT), with and without
# RENAME_NOREPLACE / RENAME_EXCHANGE; mv -T onto the mount point fails
# without copying anything.
. $FUSE_TESTS/lib.sh
mkdir mnt back hd; echo x > back/f; echo y > hf
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
python3 - <<'PY'
import os, errno, ctypes
libc = ctypes.CDLL(None, use_errno=True)
def r2(a, b, fl):
    if libc.renameat2(-100, a.encode(), -100, b.encode(), fl) == 0: return 'ok'
    return errno.errorcode[ctypes.get_errno()]
for a, b in [('hd', 'mnt'), ('hf', 'mnt'), ('none', 'mnt'), ('mnt', 'hd'), ('mnt', 'hf'), ('mnt', 'none'),
             ('mnt', 'back'), ('mnt', 'mnt/x'), ('mnt/f', 'mnt'), ('hd', 'mnt/'), ('mnt/', 'hf'), ('mnt', 'mnt'), ('mnt/f', 'mnt/f')]:
    print('rename', a, b, [r2(a, b, fl) for fl in (0, 1, 2)])
def t(label, fn):
    try: fn(); print(label, 'ok')
    except OSError as e: print(label, errno.errorcode[e.errno])
t('link hf mnt', lambda: os.link('hf', 'mnt'))
t('link mnt hl', lambda: os.link('mnt', 'hl'))
t('link none mnt', lambda: os.link('none', 'mnt'))
t('mkdir mnt', lambda: os.mkdir('mnt'))
t('symlink onto mnt', lambda: os.symlink('x', 'mnt'))
t('mkfifo mnt', lambda: os.mkfifo('mnt'))
t('open excl mnt', lambda: os.open('mnt', os.O_CREAT | os.O_EXCL | os.O_WRONLY))
t('rmdir mnt/', lambda: os.rmdir('mnt/'))
PY
mv -T hd mnt 2>/dev/null; echo "mv -T exit $?"; ls back; ls -d hd
umount mnt; echo "umount exit $?"
