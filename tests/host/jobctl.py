#!/usr/bin/env python3
# jobctl: job control of an interactive `busybox sh -i` on a pty, natively
# and under elfuse, transcripts compared: `sleep 10 &`, `jobs`, `kill %1`,
# `jobs` (Terminated), Ctrl-C (\x03) interrupting a foreground `sleep 5`
# (the shell survives, $? = 130), `wait` with no jobs, Ctrl-Z (\x1a)
# stopping a foreground `sleep 6` (Stopped, $? = 148) then `kill -9 %1`,
# exit status of the shell. Prompts are normalized, pids replaced.
# Usage: jobctl.py ELFUSE  (exit 0 = pass, 77 = skip)
import os
import pty
import re
import select
import signal
import sys
import time

BUSYBOX = "/bin/busybox"


def read_until(fd, buf, pattern, timeout):
    end = time.time() + timeout
    while not re.search(pattern, buf.decode("utf-8", "replace")):
        left = end - time.time()
        if left <= 0:
            return buf, False
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:
            return buf, False
        if not data:
            return buf, False
        buf += data
    return buf, True


def session(prefix):
    pid, fd = pty.fork()
    if pid == 0:
        env = {"PATH": "/usr/bin:/bin", "PS1": "PROMPT> ", "HOME": "/", "TERM": "dumb",
               "LC_ALL": "C"}
        argv = prefix + [BUSYBOX, "sh", "-i"]
        try:
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    out = b""
    log = []
    step = [0]

    def cmd(text, settle=None):
        # Each command is followed by an echo of a marker whose typed form
        # differs from its output, so we know when the shell is done.
        step[0] += 1
        mark = "MARK%d" % step[0]
        os.write(fd, (text + "\n").encode())
        if settle:
            time.sleep(settle)
        return mark

    def sync(mark, timeout=15):
        nonlocal out
        os.write(fd, ("echo MA''RK%s\n" % mark[4:]).encode())
        out, ok = read_until(fd, out, r"(?m)^%s\r?$" % mark, timeout)
        if not ok:
            log.append("[timeout waiting for %s]" % mark)
            return ok
        # Do not type ahead: wait for the next prompt.
        out, ok = read_until(fd, out, r"%s\r?\n(.|\n)*PROMPT> " % mark, timeout)
        return ok

    out, ok = read_until(fd, out, "PROMPT> ", 10)
    if not ok:
        log.append("[no prompt]")
    sync(cmd("sleep 10 &"))
    sync(cmd("jobs"))
    sync(cmd("kill %1"))
    time.sleep(0.3)
    sync(cmd("jobs"))
    sync(cmd("jobs"))
    # Foreground sleep interrupted by Ctrl-C.
    os.write(fd, b"sleep 5\n")
    time.sleep(0.7)
    os.write(fd, b"\x03")
    out, _ = read_until(fd, out, "PROMPT> [^\n]*$", 5)
    sync(cmd("echo rc=$?"))
    sync(cmd("wait; echo waited rc=$?"))
    # Ctrl-Z stops a foreground job; it shows as Stopped; SIGKILL ends it.
    os.write(fd, b"sleep 6\n")
    time.sleep(0.7)
    os.write(fd, b"\x1a")
    out, _ = read_until(fd, out, "Stopped[^\n]*\n(.|\n)*PROMPT> ", 5)
    sync(cmd("echo rc=$?"))
    sync(cmd("jobs"))
    sync(cmd("kill -9 %1"))
    time.sleep(0.3)
    sync(cmd("jobs"))
    os.write(fd, b"exit 7\n")
    t0 = time.time()
    status = None
    while time.time() - t0 < 10:
        try:
            data = os.read(fd, 4096)
            if data:
                out += data
                continue
        except OSError:
            pass
        p, st = os.waitpid(pid, os.WNOHANG)
        if p:
            status = os.waitstatus_to_exitcode(st)
            break
        time.sleep(0.02)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        log.append("[shell did not exit]")
    try:
        os.close(fd)
    except OSError:
        pass
    return normalize(out.decode("utf-8", "replace")) + "\n".join(log) + "\nstatus %s\n" % status


def normalize(s):
    """Keep only the lines that matter and do not depend on timing: job
    status lines, the rc lines and the pid-less '[N] PID' line. Echoes of
    typed commands, prompts, line-editor escapes and the moment at which the
    shell reports a finished job (before or after a marker) are dropped."""
    s = s.replace("\r", "")
    s = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", s)
    keep = []
    for line in s.split("\n"):
        line = line.replace("^C", "").replace("PROMPT> ", "").strip()
        line = re.sub(r"\s+", " ", line)
        if re.match(r"^\[\d+\] \d+$", line):
            keep.append(re.sub(r"\d+$", "PID", line))
        elif re.match(r"^\[\d+\][+-]? (Running|Terminated|Done|Stopped|Interrupt|Killed)", line):
            keep.append(line)
        elif re.match(r"^(waited )?rc=\d+$", line):
            keep.append(line)
    return "\n".join(keep) + "\n"


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: jobctl.py ELFUSE")
    if not os.path.exists(BUSYBOX):
        print("skip: no %s" % BUSYBOX)
        return 77
    nat = session([])
    emu = session([os.path.abspath(sys.argv[1])])
    if nat != emu:
        import difflib
        print("FAIL: transcripts differ")
        for l in difflib.unified_diff(nat.splitlines(), emu.splitlines(), "native", "elfuse",
                                      lineterm=""):
            print("    " + l)
        return 1
    print("ok\n" + "".join("    " + l + "\n" for l in nat.splitlines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
