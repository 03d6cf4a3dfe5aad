#!/usr/bin/env python3
# scm_native: SCM_RIGHTS between a guest and a native process. A native
# server receives an fd from the guest (a file the guest wrote), reads the
# file through it, and sends back the read end of a pipe holding a message
# that the guest reads. Run with the guest native and under elfuse; the
# transcripts (server's and guest's) must match.
# Usage: scm_native.py ELFUSE  (exit 0 = pass)
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))


def server(sock, log):
    conn, _ = sock.accept()
    msg, fds, _, _ = socket.recv_fds(conn, 16, 4)
    log.append("server got %r with %d fd(s)" % (msg, len(fds)))
    for fd in fds:
        os.lseek(fd, 0, os.SEEK_SET)
        log.append("server read through it: %r" % os.read(fd, 100))
        os.close(fd)
    r, w = os.pipe()
    os.write(w, b"from the native side\n")
    os.close(w)
    socket.send_fds(conn, [b"P"], [r])
    os.close(r)
    conn.close()


def run(prefix, work):
    path = os.path.join(work, "sock")
    if os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.listen(1)
    log = []
    t = threading.Thread(target=server, args=(s, log))
    t.start()
    p = subprocess.run(prefix + [os.path.join(work, "guest"), path, os.path.join(work, "file")],
                       capture_output=True, timeout=60)
    t.join(30)
    s.close()
    return log + [p.stdout.decode(), "status %d" % p.returncode]


def main():
    elfuse = sys.argv[1]
    work = tempfile.mkdtemp(prefix="elfuse-scm-")
    subprocess.run(["gcc", "-static", "-O1", "-o", os.path.join(work, "guest"),
                    os.path.join(HERE, "scm_native_guest.c")], check=True)
    try:
        native = run([], work)
        guest = run([elfuse], work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("native:", native)
    print("elfuse:", guest)
    ok = native == guest and "got an fd" in native[-2] and "with 1 fd" in native[0]
    sys.exit(0 if ok else 1)


main()
