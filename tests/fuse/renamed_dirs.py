# Directory fds and the cwd after their directory is renamed, for fuse/renamed_dirs.sh.
import os, sys, errno
m = sys.argv[1]
def t(label, fn):
    try: print(label, fn())
    except OSError as e: print(label, errno.errorcode[e.errno])
os.makedirs(m + "/d/sub"); open(m + "/d/f", "w").write("f")
fd = os.open(m + "/d", os.O_RDONLY)
os.rename(m + "/d", m + "/e"); os.mkdir(m + "/d")
t("create via dirfd", lambda: os.close(os.open("new", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=fd)))
t("where", lambda: (sorted(os.listdir(m + "/e")), sorted(os.listdir(m + "/d"))))
t("stat via dirfd", lambda: os.stat("f", dir_fd=fd).st_size)
t("stat sub/.. via dirfd", lambda: os.stat("sub/../f", dir_fd=fd).st_size)
t("stat ../e/f via dirfd", lambda: os.stat("../e/f", dir_fd=fd).st_size)
here = os.getcwd()
os.chdir(m + "/e/sub")
os.rename(m + "/e", m + "/z")
t("cwd listdir .", lambda: os.listdir("."))
t("cwd create", lambda: os.close(os.open("g", os.O_CREAT | os.O_WRONLY, 0o644)))
t("z/sub", lambda: os.listdir(m + "/z/sub"))
os.chdir(here)
os.fchdir(fd)
t("fchdir then stat f", lambda: os.stat("f").st_size)
os.chdir(here)
