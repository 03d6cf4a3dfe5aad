# libfuse's ioctl example: FUSE_IOCTL in restricted mode carries FIOC_GET_SIZE
# (_IOR, size_t out) and FIOC_SET_SIZE (_IOW, size_t in) to the daemon;
# ioctls Linux's VFS answers itself (FIONREAD, FIOCLEX, FIGETBSZ, FIOQSIZE,
# FICLONE, FS_IOC_FIEMAP) and ones the daemon refuses (ENOTTY) too.
. $FUSE_TESTS/lib.sh
mkdir mnt
$FB/ioctl mnt; echo "ioctl exit $?"
stat -c '%n %s %a' mnt/fioc
$FB/ioctl_client mnt/fioc; echo "client exit $?"
$FB/ioctl_client mnt/fioc 10; echo "client exit $?"
$FB/ioctl_client mnt/fioc; echo "client exit $?"
# (after the attribute timeout: the size the daemon now reports)
sleep 1.2
od -c mnt/fioc | head -2
python3 -c "
import fcntl, termios, struct, os, errno
fd = os.open('mnt/fioc', os.O_RDWR)
def t(name, f):
    try: print(name, f())
    except OSError as e: print(name, errno.errorcode[e.errno])
t('FIONREAD', lambda: struct.unpack('i', fcntl.ioctl(fd, termios.FIONREAD, b'0000'))[0])
t('FIOCLEX', lambda: (fcntl.ioctl(fd, termios.FIOCLEX), fcntl.fcntl(fd, fcntl.F_GETFD))[1])
t('FIONCLEX', lambda: (fcntl.ioctl(fd, termios.FIONCLEX), fcntl.fcntl(fd, fcntl.F_GETFD))[1])
t('FIGETBSZ', lambda: struct.unpack('i', fcntl.ioctl(fd, 2, b'0000'))[0])
t('FIOQSIZE', lambda: struct.unpack('q', fcntl.ioctl(fd, 0x5460, b'00000000'))[0])
t('TCGETS', lambda: fcntl.ioctl(fd, termios.TCGETS, bytes(60)))
t('FICLONE self', lambda: fcntl.ioctl(fd, 0x40049409, fd))
t('FICLONE from /dev/null', lambda: fcntl.ioctl(fd, 0x40049409, os.open('/dev/null', os.O_RDONLY)))
t('FIEMAP', lambda: fcntl.ioctl(fd, 0xc020660b, bytes(32)))
t('isatty', lambda: os.isatty(fd))
t('FS_IOC_GETFLAGS', lambda: fcntl.ioctl(fd, 0x80086601, b'0000'))
"
umount mnt; echo "umount exit $?"
