#!/usr/bin/env python3
# fuse_server_hidden: the tree's FUSE server is no guest process. With a
# FUSE mount up, the host finds the server (its command line names the
# refs file given through ELFUSE_FUSE_REFS) and tells the guest its pid:
# signals to it and its /proc entries must not exist for the guest (ESRCH,
# ENOENT, absent from the /proc listing), and the mount keeps working.
# Usage: fuse_server_hidden.py ELFUSE  (exit 0 = pass, 77 = skip)
import os
import shutil
import subprocess
import sys
import time

elfuse = sys.argv[1]
bindfs = shutil.which("bindfs")
if not bindfs or not os.path.exists("/bin/busybox"):
    print("needs bindfs and /bin/busybox")
    sys.exit(77)
work = os.getcwd()
os.makedirs("src")
os.makedirs("mnt")
with open("src/f", "w") as f:
    f.write("data\n")
refs = os.path.join(work, "refs")
script = r"""
bindfs src mnt || exit 1
touch mounted
i=0; while [ ! -s pid ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done
pid=$(cat pid)
kill -0 $pid 2>/dev/null; echo "kill $?"
kill -9 -$pid 2>/dev/null; echo "kill group $?"
ls /proc 2>/dev/null | grep -cx $pid  # (a host process may exit between the listing and its stat)
cat /proc/$pid/comm 2>/dev/null; echo "cat $?"
[ -e /proc/$pid/status ]; echo "exists $?"
cat mnt/f
umount mnt; echo "umount $?"
"""
with open("t.sh", "w") as f:
    f.write(script)
env = dict(os.environ, ELFUSE_FUSE_REFS=refs)
p = subprocess.Popen([elfuse, "/bin/busybox", "sh", "t.sh"], env=env, stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT)
deadline = time.time() + 30
server = None
while time.time() < deadline and server is None:
    if os.path.exists("mounted"):
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                cmd = open("/proc/%s/cmdline" % d, "rb").read().split(b"\0")
            except OSError:
                continue
            if b"--fuse-server" in cmd and refs.encode() in cmd:
                server = d
                break
    time.sleep(0.05)
with open("pid.tmp", "w") as f:
    f.write((server or "1") + "\n")
os.rename("pid.tmp", "pid")
out, _ = p.communicate(timeout=60)
out = out.decode()
want = "kill 1\nkill group 1\n0\ncat 1\nexists 1\ndata\numount 0\n"
print(out)
if server is None:
    print("no server found")
    sys.exit(1)
sys.exit(0 if out == want and p.returncode == 0 else 1)
