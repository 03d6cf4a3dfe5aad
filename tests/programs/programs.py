# The programs/ case family of tests/run: real (mostly dynamic Debian)
# programs run by a shell command line natively and under elfuse, compared
# on stdout, stderr, exit status and optionally the resulting tree.
# See tests/programs/README for the case file format.

import os
import shlex
import shutil
import subprocess

DIRECTIVES = ("requires", "timeout", "env", "compare", "stdin", "root")


class ProgramCase:
    def __init__(self, path, rt):
        self.rt = rt  # the runner module: run_proc, Workdir, Result, ...
        self.path = path
        self.name = "programs/" + os.path.splitext(os.path.basename(path))[0]
        self.dirs = {}
        self.files = []  # (name, mode, text)
        self.setup = None
        self.cmd = ""
        try:
            self.parse()
        except ValueError as e:
            self.error = "%s: %s" % (path, e)
            return
        for prog in self.dirs.get("requires", "").split():
            found = os.access(prog, os.X_OK) if "/" in prog else shutil.which(
                prog, path=rt.BASE_ENV["PATH"])
            if not found:
                self.skip = "%s not installed" % prog
                break
        if "root" in self.dirs and os.geteuid() != 0:
            self.skip = "needs root (%s)" % self.dirs["root"]

    def parse(self):
        with open(self.path) as f:
            lines = f.read().splitlines(True)
        i = 0
        while i < len(lines) and lines[i].startswith("#"):
            s = lines[i]
            i += 1
            if not s.startswith("#:"):
                continue
            s = s[2:].strip()
            word = s.split(None, 1)[0] if s else ""
            if word in ("file", "setup"):
                block = []
                while i < len(lines) and lines[i].strip() != "#: end":
                    block.append(lines[i])
                    i += 1
                if i == len(lines):
                    raise ValueError("'#: %s' without '#: end'" % s)
                i += 1
                text = "".join(block)
                if word == "setup":
                    self.setup = text
                else:
                    args = s.split()[1:]
                    if not args:
                        raise ValueError("'#: file' needs a name")
                    mode = int(args[1], 8) if len(args) > 1 else 0o644
                    self.files.append((args[0], mode, text))
                continue
            key, sep, val = s.partition(":")
            if not sep or key.strip() not in DIRECTIVES:
                raise ValueError("unknown directive '#: %s'" % s)
            self.dirs[key.strip()] = val.strip()
        self.cmd = "".join(lines[i:]).rstrip("\n")
        if not self.cmd.strip():
            raise ValueError("no command")

    def env(self):
        env = dict(self.rt.BASE_ENV)
        for tok in shlex.split(self.dirs.get("env", "")):
            k, _, v = tok.partition("=")
            env[k] = v
        return env

    def prepare(self, cwd):
        """The same starting tree for both runs: the busybox fixture, the
        case's files, then its setup script (always run natively)."""
        self.rt.make_fixture(cwd)
        for name, mode, text in self.files:
            p = os.path.join(cwd, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(text)
            os.chmod(p, mode)
        if self.setup is not None:
            p = subprocess.run(["/bin/sh", "-ec", self.setup], cwd=cwd,
                               env=self.env(), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=120)
            if p.returncode != 0:
                return "setup failed (status %d):\n%s" % (
                    p.returncode, self.rt.head(p.stdout, 12))
        return None

    def script(self, elfuse):
        """The shell text: $ELFUSE is empty natively and the elfuse path
        under elfuse. Without an explicit $ELFUSE the command's first
        program gets it as a prefix."""
        cmd = self.cmd
        if "$ELFUSE" not in cmd and "${ELFUSE" not in cmd:
            cmd = "$ELFUSE " + cmd
        return "ELFUSE=%s\n%s\n" % (shlex.quote(elfuse or ""), cmd)

    def play(self, w, elfuse):
        stdin = self.dirs.get("stdin")
        if stdin:
            stdin = os.path.join(w.cwd, stdin)
        timeout = float(self.dirs.get("timeout", self.rt.TIMEOUT))
        p = self.rt.run_proc(["/bin/sh", "-c", self.script(elfuse)], w.cwd,
                             stdin=stdin, timeout=timeout, env=self.env())
        tree = self.rt.tree_listing(w.cwd) if "tree" in self.dirs.get("compare", "") else ""
        return p, tree

    def run(self, elfuse):
        rt = self.rt
        cmp = self.dirs.get("compare", "").split()
        w = rt.Workdir(self.name)
        err = self.prepare(w.cwd)
        if err:
            return rt.Result("FAIL", "native " + err + " (test bug)", w.done())
        nat, ntree = self.play(w, None)
        w.save("native.out", nat.out)
        w.save("native.err", nat.err)
        if nat.status is None:
            return rt.Result("FAIL", "native run: %s (test bug)\n%s" % (
                nat.describe(), rt.head(nat.out + nat.err)), w.done())
        prob = rt.elfuse_problem(elfuse)
        if prob:
            return rt.Result("FAIL", prob, w.done())
        errs = []
        w.reset(lambda d: errs.append(self.prepare(d)))
        if errs[0]:
            return rt.Result("FAIL", "second " + errs[0], w.done())
        emu, etree = self.play(w, elfuse)
        w.save("elfuse.out", emu.out)
        w.save("elfuse.err", emu.err)
        keep = w.done()
        bad = rt.check_elfuse_proc(emu)
        if bad:
            return rt.Result("FAIL", bad, keep)
        msgs = []
        if emu.status != nat.status:
            msgs.append("exit status: native %s, elfuse %s" % (nat.describe(), emu.describe()))
        if emu.out != nat.out:
            msgs.append("stdout differs:\n" + rt.short_diff(nat.out, emu.out))
        if "nostderr" not in cmp and emu.err != nat.err:
            msgs.append("stderr differs:\n" + rt.short_diff(nat.err, emu.err))
        if etree != ntree:
            msgs.append("tree differs:\n" + rt.short_diff(ntree.encode(), etree.encode()))
        if msgs:
            if emu.err and not any(m.startswith("stderr differs") for m in msgs):
                msgs.append("elfuse stderr:\n" + rt.head(emu.err))
            return rt.Result("FAIL", "\n".join(msgs), keep)
        return rt.Result("PASS", keep=keep)


def cases(pdir, rt):
    return [ProgramCase(os.path.join(pdir, f), rt)
            for f in sorted(os.listdir(pdir)) if f.endswith(".sh")]
