# The mount's root directory: fchdir back to an fd of it (GNU find
# restores its starting directory so: it failed with ENOENT), an O_PATH fd
# of it, *at calls relative to it, and rename(2) of the mount point (EBUSY:
# it was EXDEV, and mv then copied the tree out and emptied the mount).
. $FUSE_TESTS/lib.sh
mkdir mnt back; mkdir -p back/a/b; echo x > back/a/f
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
(cd mnt && find a | sort; echo "find exit $?")
(cd mnt && find . -name f; echo "find . exit $?")
python3 - "$PWD/mnt" <<'PY'
import os, sys
m = sys.argv[1]
os.chdir(m)
fd = os.open(".", os.O_RDONLY)
pfd = os.open(".", os.O_PATH)
os.chdir("a/b")
os.fchdir(fd); print("fchdir root fd:", os.getcwd() == m, sorted(os.listdir(".")))
os.chdir("a")
os.fchdir(pfd); print("fchdir root O_PATH fd:", os.getcwd() == m)
print("stat via root fd:", os.stat("a/f", dir_fd=fd).st_size)
os.mkdir("new", dir_fd=fd); print("mkdir via root fd:", sorted(os.listdir(m)))
os.rmdir("new", dir_fd=fd)
os.chdir("/")
os.fchdir(fd); print("fchdir from outside:", os.getcwd() == m)
os.chdir("/"); os.close(fd); os.close(pfd)
PY
mv mnt moved; echo "mv exit $?"; ls back mnt; ls -d moved 2>&1 | sed "s|.*: ||"
python3 -c "
import os, errno
for a, b in [('mnt', 'mnt2'), ('mnt/', 'x'), ('mnt/.', 'x'), ('mnt/a', 'x')]:
    try: os.rename(a, b); print(a, b, 'ok')
    except OSError as e: print(a, b, errno.errorcode[e.errno])
"
umount mnt; echo "umount exit $?"
