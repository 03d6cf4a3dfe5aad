# A Python FUSE daemon (Debian's python3-fusepy: ctypes on libfuse 2,
# multithreaded) keeping an in-memory tree; a rename, chmod, truncate and
# a 100 KiB file go through it.
#: requires: sh /usr/bin/python3
#: root: mounts FUSE natively
#: file memfs.py
import errno, stat, sys, time, threading
from fusepy import FUSE, FuseOSError, Operations
class Mem(Operations):
    def __init__(self):
        self.files = {'/': dict(st_mode=stat.S_IFDIR | 0o755, st_nlink=2, st_size=0, st_ctime=0, st_mtime=0, st_atime=0)}
        self.data = {}
        self.lock = threading.Lock()
    def getattr(self, path, fh=None):
        if path not in self.files: raise FuseOSError(errno.ENOENT)
        return self.files[path]
    def readdir(self, path, fh):
        return ['.', '..'] + [p[len(path):].lstrip('/') for p in self.files if p != path and p.rsplit('/', 1)[0] == (path if path != '/' else '')]
    def create(self, path, mode, fi=None):
        self.files[path] = dict(st_mode=stat.S_IFREG | mode, st_nlink=1, st_size=0, st_ctime=0, st_mtime=0, st_atime=0)
        self.data[path] = b''
        return 0
    def mkdir(self, path, mode):
        self.files[path] = dict(st_mode=stat.S_IFDIR | mode, st_nlink=2, st_size=0, st_ctime=0, st_mtime=0, st_atime=0)
    def read(self, path, size, offset, fh): return self.data[path][offset:offset + size]
    def write(self, path, buf, offset, fh):
        d = self.data[path]; self.data[path] = d[:offset] + buf + d[offset + len(buf):]
        self.files[path]['st_size'] = len(self.data[path]); return len(buf)
    def truncate(self, path, length, fh=None):
        self.data[path] = self.data[path][:length].ljust(length, b'\0'); self.files[path]['st_size'] = length
    def unlink(self, path): del self.files[path]; del self.data[path]
    def rmdir(self, path): del self.files[path]
    def rename(self, old, new):
        self.files[new] = self.files.pop(old)
        if old in self.data: self.data[new] = self.data.pop(old)
    def chmod(self, path, mode):
        self.files[path]['st_mode'] = (self.files[path]['st_mode'] & ~0o7777) | mode
    def utimens(self, path, times=None): pass
FUSE(Mem(), sys.argv[1], foreground=len(sys.argv) > 2, allow_other=False)
#: end
#: file p.sh
/usr/bin/python3 -c 'import fusepy' 2>/dev/null || { echo "python3-fusepy missing"; exit 0; }
mkdir m
/usr/bin/python3 memfs.py m; echo "mount $?"
echo hello > m/a; cat m/a; mkdir m/d; echo x > m/d/y; ls -R m; mv m/a m/b; chmod 600 m/b; stat -c '%n %a %s' m/b
seq 1 20000 > m/big; md5sum m/big | cut -c1-32; truncate -s 10 m/big; cat m/big; echo
rm m/b m/d/y; rmdir m/d; ls m
umount m; echo "umount $?"
#: end
sh p.sh
