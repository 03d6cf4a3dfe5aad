# sendfile, splice and copy_file_range with FUSE ends, for fuse/transfers.sh.
import errno, os, sys
m, h = sys.argv[1], sys.argv[2]
def t(label, fn):
    try:
        print(label, fn())
    except OSError as e:
        print(label, errno.errorcode[e.errno])
open(h + "/src", "wb").write(bytes(range(256)) * 1000)
open(m + "/fsrc", "wb").write(b"abcdefgh" * 20000)
hs = os.open(h + "/src", os.O_RDONLY)
fd = os.open(m + "/dst", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
t("sendfile host->fuse", lambda: os.sendfile(fd, hs, 0, 100000))
t("sendfile host->fuse at pos", lambda: os.sendfile(fd, hs, None, 50000))
t("host src pos", lambda: os.lseek(hs, 0, os.SEEK_CUR))
t("fuse dst pos", lambda: os.lseek(fd, 0, os.SEEK_CUR))
os.close(fd)
t("dst size", lambda: os.stat(m + "/dst").st_size)
t("dst ok", lambda: open(m + "/dst", "rb").read() == (bytes(range(256)) * 1000)[:100000] + (bytes(range(256)) * 1000)[:50000])
fs = os.open(m + "/fsrc", os.O_RDONLY)
ho = os.open(h + "/out", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
t("sendfile fuse->host", lambda: os.sendfile(ho, fs, 8, 1000))
fo = os.open(m + "/fout", os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
t("sendfile fuse->fuse", lambda: os.sendfile(fo, fs, None, 160000))
t("fout content", lambda: os.pread(fo, 16, 100))
ap = os.open(m + "/fout", os.O_WRONLY | os.O_APPEND)
t("sendfile into O_APPEND", lambda: os.sendfile(ap, hs, 0, 10))
r, w = os.pipe()
os.write(w, b"through a pipe")
t("splice pipe->fuse", lambda: os.splice(r, fo, 14, offset_dst=3))
t("fout head", lambda: os.pread(fo, 20, 0))
t("splice fuse->pipe", lambda: os.splice(fs, w, 5, offset_src=2))
t("pipe got", lambda: os.read(r, 100))
t("splice fuse->fuse", lambda: os.splice(fs, fo, 5))
t("copy_file_range fuse->fuse", lambda: os.copy_file_range(fs, fo, 100, 0, 500))
t("copy_file_range fuse->host", lambda: os.copy_file_range(fs, ho, 10))
t("copy_file_range host->fuse", lambda: os.copy_file_range(hs, fo, 10))
t("fout size", lambda: os.fstat(fo).st_size)
# copy_file_range at the file positions until the end of the source
open(m + "/small", "w").write("C\n")
a2 = os.open(m + "/small", os.O_RDONLY)
b2 = os.open(m + "/small2", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
for i in range(3):
    t("copy_file_range to the end", lambda: (os.copy_file_range(a2, b2, 1 << 30), os.lseek(a2, 0, 1), os.lseek(b2, 0, 1)))
