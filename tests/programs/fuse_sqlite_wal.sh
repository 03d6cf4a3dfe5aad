# SQLite in WAL mode on a FUSE mount (bindfs): two unrelated processes
# write one database at once, coordinating through its shared-memory index
# (a MAP_SHARED mapping of the -shm file on the mount), as on any file system.
#: requires: sh bindfs /usr/bin/python3
#: root: mounts FUSE natively
#: timeout: 120
#: file w.py
import sqlite3, os, sys, time, subprocess
db = sys.argv[1]
if len(sys.argv) > 2:
    d = sqlite3.connect(db, isolation_level=None, timeout=30)
    for i in range(50):
        d.execute("insert into t values(?)", (1000 + i,))
        time.sleep(0.002)
    print("child last sees", d.execute("select count(*) from t").fetchone()[0] >= 50)
    sys.exit(0)
c = sqlite3.connect(db, isolation_level=None, timeout=30)
c.execute("PRAGMA journal_mode=WAL")
c.execute("create table t(a)")
p = subprocess.Popen([sys.executable, sys.argv[0], db, "child"])
for i in range(50):
    c.execute("insert into t values(?)", (i,))
    time.sleep(0.002)
p.wait()
print("rows", c.execute("select count(*), sum(a) from t").fetchone())
print("integrity", c.execute("pragma integrity_check").fetchone())
#: end
#: file p.sh
mkdir src mnt
bindfs src mnt; echo "mount $?"
/usr/bin/python3 w.py mnt/t.db
ls src
umount mnt; echo "umount $?"
#: end
sh p.sh
