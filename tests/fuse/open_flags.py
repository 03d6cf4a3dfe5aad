# Open flags and fd-based calls on FUSE files, for fuse/open_flags.sh.
import os, sys, errno
m = sys.argv[1]
def t(label, f):
    try:
        r = f(); print(label, "ok")
        if isinstance(r, int) and r > 2: os.close(r)
    except OSError as e: print(label, errno.errorcode[e.errno])
open(m + "/f", "w").write("x")
os.makedirs(m + "/d", exist_ok=True)
t("tmpfile dir", lambda: os.open(m + "/d", os.O_TMPFILE | os.O_RDWR))
t("tmpfile file", lambda: os.open(m + "/f", os.O_TMPFILE | os.O_RDWR))
t("tmpfile rdonly", lambda: os.open(m + "/d", os.O_TMPFILE | os.O_RDONLY))
t("opath dir on file", lambda: os.open(m + "/f", os.O_PATH | os.O_DIRECTORY))
os.symlink("f", m + "/l")
t("nofollow dir on link", lambda: os.open(m + "/l", os.O_NOFOLLOW | os.O_DIRECTORY))
t("nofollow on link", lambda: os.open(m + "/l", os.O_NOFOLLOW))
t("opath nofollow on link", lambda: os.open(m + "/l", os.O_PATH | os.O_NOFOLLOW))
fd = os.open(m + "/f", os.O_RDONLY)
os.utime(fd, (1000000000, 1000000000)); print("futimens mtime", os.stat(m + "/f").st_mtime)
os.close(fd)
# fchdir to an O_PATH fd of a file or a symlink: ENOTDIR; of a directory: ok
here = os.getcwd()
t("fchdir O_PATH file", lambda: os.fchdir(os.open(m + "/f", os.O_PATH)))
t("fchdir O_PATH symlink", lambda: os.fchdir(os.open(m + "/l", os.O_PATH | os.O_NOFOLLOW)))
t("fchdir O_PATH dir", lambda: os.fchdir(os.open(m + "/d", os.O_PATH)))
print("cwd", os.getcwd().replace(m, "MNT"))
os.chdir(here)
