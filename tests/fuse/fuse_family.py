# The fuse/ case family (loaded by tests/run): guest-internal FUSE scenarios.
#
# Each case is tests/fuse/NAME.sh, a busybox sh script, with its expected
# transcript in tests/fuse/NAME.expected (stdout followed by "[exit N]").
# Under elfuse the whole script runs in one elfuse tree:
#     elfuse /bin/busybox sh NAME.sh
# (the daemon, its clients and the shell are all guests of that tree).
# Where the host has kernel FUSE and we are root, the same script also runs
# natively first, with the same static binaries, and its transcript must
# equal NAME.expected too: a native mismatch is a bug in the test (cases
# whose expectations follow the elfuse spec where it deliberately differs
# from Linux say `# native: no` and skip that run).
#
# Directives in the script's comment lines: `# native: no`, `# timeout: S`.
# Environment of the script: FB (dir of the built daemons and helpers),
# FUSE_TESTS (tests/fuse), FUSE_NATIVE (1 natively, 0 under elfuse).
#
# Built into BUILD/tests/fuse/: Debian's libfuse examples (hello, hello_ll,
# passthrough, passthrough_ll, null, ioctl, ioctl_client) linked statically
# with libfuse3.a, and
# the helpers rawd.c (a hostile raw /dev/fuse daemon) and fc.c (clients).
# If the libfuse examples cannot be built, every case is skipped.
#
# Knobs: ELFUSE_FUSE_NATIVE=0 skips the native validation runs;
# ELFUSE_FUSE_REGEN=1 writes NAME.expected from the native run (only for
# cases without `# native: no`).
import os
import re
import shutil
import signal
import subprocess
import threading
import time

EXAMPLES_DIR = "/usr/share/doc/libfuse3-dev/examples"
EXAMPLES = ["hello", "hello_ll", "passthrough", "passthrough_ll", "null", "ioctl", "ioctl_client"]
LIBFUSE_A = "/usr/lib/x86_64-linux-gnu/libfuse3.a"


class Build:
    lock = threading.Lock()
    done = None  # (skip_reason, error)


def _newer(out, deps):
    try:
        t = os.path.getmtime(out)
        return all(os.path.getmtime(d) <= t for d in deps)
    except OSError:
        return False


def _cc(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def build_all(fdir, outdir, rt):
    with Build.lock:
        if Build.done is None:
            Build.done = _build(fdir, outdir, rt)
        return Build.done


def _build(fdir, outdir, rt):
    os.makedirs(outdir, exist_ok=True)
    # Our own helpers: a failure here is a failure, not a skip.
    for name, extra in (("rawd", []), ("fc", ["-pthread"]), ("fsfuzz", [])):
        src = os.path.join(fdir, name + ".c")
        out = os.path.join(outdir, name)
        if _newer(out, [src]):
            continue
        rc, log = _cc(["gcc", "-static", "-O1", "-g", "-std=gnu11", "-D_GNU_SOURCE", "-w"] +
                      extra + ["-o", out + ".tmp", src])
        if rc:
            return None, "building %s failed:\n%s" % (name, rt.head(log.encode(), 12))
        os.rename(out + ".tmp", out)
    # Debian's libfuse examples.
    if not os.path.isdir(EXAMPLES_DIR) or not os.path.exists(LIBFUSE_A):
        return "libfuse examples cannot be built: libfuse3-dev (examples, libfuse3.a) not installed", None
    try:
        cflags = subprocess.run(["pkg-config", "--cflags", "fuse3"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, check=True).stdout.decode().split()
    except (OSError, subprocess.CalledProcessError):
        cflags = ["-I/usr/include/fuse3"]
    for ex in EXAMPLES:
        src = os.path.join(EXAMPLES_DIR, ex + ".c")
        out = os.path.join(outdir, ex)
        if _newer(out, [src, LIBFUSE_A]):
            continue
        rc, log = _cc(["gcc", "-static", "-O1", "-w", "-D_FILE_OFFSET_BITS=64",
                       "-I" + EXAMPLES_DIR] + cflags +
                      ["-o", out + ".tmp", src, LIBFUSE_A, "-lpthread", "-ldl"])
        if rc:
            return "libfuse examples cannot be built (%s):\n%s" % (ex, rt.head(log.encode(), 8)), None
        os.rename(out + ".tmp", out)
    return None, None


_native_ok = None


def native_fuse_available():
    """Root, /dev/fuse present and a kernel FUSE mount actually works."""
    global _native_ok
    if _native_ok is None:
        _native_ok = (os.environ.get("ELFUSE_FUSE_NATIVE", "1") != "0" and os.geteuid() == 0
                      and os.path.exists("/dev/fuse") and "fuse" in open("/proc/filesystems").read())
    return _native_ok


def cleanup(root):
    """Kill what a run left behind (libfuse daemons setsid() out of the
    runner's process group) and lazily unmount kernel FUSE mounts under root."""
    me = os.getpid()
    mark = b"ELFUSE_FUSE_CASE=" + root.encode() + b"\0"
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == me:
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cl = f.read()
            with open("/proc/%s/environ" % pid, "rb") as f:
                envb = f.read()
        except OSError:
            continue
        if root.encode() in cl or mark in envb:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass
    try:
        with open("/proc/mounts") as f:
            mnts = [l.split()[1] for l in f]
    except OSError:
        mnts = []
    for m in reversed(mnts):
        m = m.replace("\\040", " ")
        if m == root or m.startswith(root + "/"):
            subprocess.run(["umount", "-l", m], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)


class FuseCase:
    def __init__(self, path, outdir, rt):
        self.path = path
        self.fdir = os.path.dirname(path)
        self.base = os.path.splitext(os.path.basename(path))[0]
        self.name = "fuse/" + self.base
        self.outdir = outdir
        self.rt = rt
        self.expected = os.path.join(self.fdir, self.base + ".expected")
        self.native = True
        self.timeout = 30.0
        with open(path) as f:
            for line in f:
                m = re.match(r"#\s*native:\s*(\w+)", line)
                if m:
                    self.native = m.group(1) != "no"
                m = re.match(r"#\s*timeout:\s*([0-9.]+)", line)
                if m:
                    self.timeout = float(m.group(1))

    def play(self, w, prefix, native):
        env = dict(self.rt.BASE_ENV)
        env["FB"] = self.outdir
        env["FUSE_TESTS"] = self.fdir
        env["FUSE_NATIVE"] = "1" if native else "0"
        # Marks every process of the run (daemons setsid() and chdir("/")
        # away, and name their mount point relatively) for cleanup().
        env["ELFUSE_FUSE_CASE"] = w.root
        if not native:
            # elfuse's own debug counter of FUSE references (src/fs/fuse):
            # the server writes granted/forgotten/dropped totals there.
            env["ELFUSE_FUSE_REFS"] = os.path.join(w.cwd, "elfuse.refs")
        t0 = time.time()
        p = self.rt.run_proc(prefix + [self.rt.BUSYBOX, "sh", self.path], w.cwd,
                             timeout=self.timeout, env=env)
        dt = time.time() - t0
        cleanup(w.root)
        if p.status is None:
            tr = p.out + ("[%s]\n" % p.describe()).encode()
        else:
            tr = p.out + ("[exit %d]\n" % p.status).encode()
        return p, tr, dt

    def run(self, elfuse):
        rt = self.rt
        skip, err = build_all(self.fdir, self.outdir, rt)
        if err:
            return rt.Result("FAIL", err)
        if skip:
            return rt.Result("SKIP", skip)
        regen = os.environ.get("ELFUSE_FUSE_REGEN", "") not in ("", "0")
        want = None
        if os.path.exists(self.expected):
            with open(self.expected, "rb") as f:
                want = f.read()
        if not self.native and os.path.basename(elfuse).startswith("standin-elfuse"):
            # The stand-in is Linux, and these expectations follow the elfuse
            # spec where it deliberately differs from Linux.
            return rt.Result("SKIP", "expectations differ from Linux by design")
        w = rt.Workdir(self.name)
        if self.native and native_fuse_available():
            nat, ntr, _ = self.play(w, [], True)
            w.save("native.transcript", ntr)
            w.save("native.err", nat.err)
            if regen:
                with open(self.expected, "wb") as f:
                    f.write(ntr)
                want = ntr
            elif want is not None and ntr != want:
                return rt.Result("FAIL", "native run differs from %s (test bug):\n%s\n%s" % (
                    os.path.basename(self.expected), rt.short_diff(want, ntr, "expected", "native"),
                    "native stderr:\n" + rt.head(nat.err) if nat.err else ""), w.done())
            w.reset()
        if want is None:
            return rt.Result("FAIL", "no %s (test bug)" % os.path.basename(self.expected), w.done())
        prob = rt.elfuse_problem(elfuse)
        if prob:
            return rt.Result("FAIL", prob, w.done())
        emu, etr, dt = self.play(w, [elfuse], False)
        w.save("elfuse.transcript", etr)
        w.save("elfuse.err", emu.err)
        keep = w.done()
        bad = rt.check_elfuse_proc(emu)
        if bad:
            return rt.Result("FAIL", bad, keep)
        if etr != want:
            msg = "transcript differs:\n" + rt.short_diff(want, etr, "expected", "elfuse")
            if emu.err:
                msg += "\nstderr:\n" + rt.head(emu.err)
            return rt.Result("FAIL", msg, keep)
        return rt.Result("PASS", keep=keep)


def cases(fdir, outdir, rt):
    return [FuseCase(os.path.join(fdir, f), os.path.join(outdir, "fuse"), rt)
            for f in sorted(os.listdir(fdir))
            if f.endswith(".sh") and f != "lib.sh"]
