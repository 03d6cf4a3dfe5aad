# Names made and removed in a directory whose entry the client has cached,
# while another process removes names beside it: a removal can move on the
# generation that guards the cached entry, and a call whose guard no longer
# holds is made again, never failing (ESTALE) where Linux succeeds.
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
mkdir -p mnt/a/d
python3 - "$PWD/mnt" <<'PY'
import os, sys
m = sys.argv[1]
pid = os.fork()
if pid == 0:
    for i in range(3000):
        p = m + "/a/s%d" % (i % 300)
        open(p, "w").close()
        os.unlink(p)
    os._exit(0)
bad = 0
for i in range(3000):
    p = m + "/a/d/f%d" % (i % 50)
    try:
        os.close(os.open(p, os.O_CREAT | os.O_WRONLY, 0o644))
        os.mkdir(p + ".d")
        os.rmdir(p + ".d")
        os.unlink(p)
    except OSError as e:
        bad += 1
        print("error", e.strerror)
os.waitpid(pid, 0)
print("errors", bad, "left", sorted(os.listdir(m + "/a")), os.listdir(m + "/a/d"))
PY
umount mnt; echo "umount exit $?"
