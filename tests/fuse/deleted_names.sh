# What Linux's d_path shows of FUSE files and a cwd after their names go:
# /proc/self/fd/N reads "PATH (deleted)" once the name it was opened by is
# unlinked (also with another link left), getcwd gives ENOENT in a removed
# cwd, and /proc/self/cwd names the cwd inside the mount (it showed the
# host's cwd), " (deleted)" once removed; from a removed cwd, "." still
# stats (no links) and ".." (even alone) is its parent, where a new name
# cannot be made. Another process's /proc/PID/cwd names its cwd in the
# mount too (it showed that process's host cwd).
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
python3 - "$PWD/mnt" <<'PY'
import os, sys
m = sys.argv[1]
os.makedirs(m + "/d/e"); open(m + "/f", "w").write("x"); os.link(m + "/f", m + "/g")
fd = os.open(m + "/f", os.O_RDONLY)
print("open:", os.readlink("/proc/self/fd/%d" % fd).replace(m, "MNT"))
os.unlink(m + "/f")
print("unlinked:", os.readlink("/proc/self/fd/%d" % fd).replace(m, "MNT"), os.fstat(fd).st_nlink)
fd2 = os.open(m + "/g", os.O_RDONLY); os.unlink(m + "/g")
print("last link:", os.readlink("/proc/self/fd/%d" % fd2).replace(m, "MNT"), os.fstat(fd2).st_nlink)
os.chdir(m + "/d")
print("cwd link:", os.readlink("/proc/self/cwd").replace(m, "MNT"), os.getcwd().replace(m, "MNT"))
os.chdir("e"); os.rmdir(m + "/d/e")
try: print(os.getcwd())
except OSError as e: print("getcwd:", e.strerror)
print("removed cwd link:", os.readlink("/proc/self/cwd").replace(m, "MNT"))
print("removed cwd: . nlink", os.stat(".").st_nlink, ".. is a dir", os.path.isdir(".."), "ls ..", sorted(os.listdir("..")))
try: open("new", "w")
except OSError as e: print("create in removed cwd:", e.strerror)
os.chdir(".."); print("up:", os.getcwd().replace(m, "MNT"))
os.chdir(m + "/d"); print("back:", os.getcwd().replace(m, "MNT"), os.readlink("/proc/self/cwd").replace(m, "MNT"))
open("w", "w").write("through the link")
print("via /proc/self/cwd:", sorted(os.listdir("/proc/self/cwd/")), open("/proc/self/cwd/w").read(),
      "is a link:", os.path.islink("/proc/self/cwd"), "stat follows:", os.path.isdir("/proc/self/cwd"))
import subprocess, time
os.mkdir(m + "/d/k")
kid = subprocess.Popen(["sh", "-c", "cd k && echo in && read x"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
kid.stdout.readline()
print("a child's cwd:", os.readlink("/proc/%d/cwd" % kid.pid).replace(m, "MNT"))
open(m + "/d/k/kf", "w").write("in the child's cwd")
print("via its /proc/PID/cwd:", os.listdir("/proc/%d/cwd" % kid.pid), open("/proc/%d/cwd/kf" % kid.pid).read())
os.unlink(m + "/d/k/kf")
os.rmdir(m + "/d/k")
print("once removed:", os.readlink("/proc/%d/cwd" % kid.pid).replace(m, "MNT"))
kid.communicate(b"x\n")
os.chdir("/")
PY
umount mnt; echo "umount exit $?"
