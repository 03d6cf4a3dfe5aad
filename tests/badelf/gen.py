# Generates broken executables for the badelf/* cases of tests/run.
# generate(outdir, srcdir) writes the files into outdir and returns one spec
# per case: name, path to run (relative to the case's cwd), args, the files to
# copy into the cwd, and also_accept (extra exit statuses elfuse may give
# where Linux only fails after the point of no return of execve).

import os
import shutil
import struct
import subprocess

PT_LOAD, PT_INTERP, PT_GNU_STACK = 1, 3, 0x6474E551
EHDR = 64
PHENT = 56
# Where Linux kills the process after the point of no return of execve (or
# the image faults at once), or loads a header it could reasonably refuse
# (EI_CLASS, EI_DATA, overlapping or misaligned segments), elfuse may be
# stricter: validate up front and refuse with 126 and an 'elfuse:' line.
LATE = [126]


def ehdr(b):
    f = struct.unpack_from("<HHIQQQIHHHHHH", b, 16)
    keys = ("type machine version entry phoff shoff flags ehsize phentsize "
            "phnum shentsize shnum shstrndx").split()
    return dict(zip(keys, f))


def phdrs(b):
    h = ehdr(b)
    out = []
    for i in range(h["phnum"]):
        off = h["phoff"] + i * PHENT
        t, fl, o, va, pa, fs, ms, al = struct.unpack_from("<IIQQQQQQ", b, off)
        out.append(dict(off=off, type=t, flags=fl, offset=o, vaddr=va,
                        paddr=pa, filesz=fs, memsz=ms, align=al))
    return out


def set_ph(b, ph, **kw):
    ph = dict(ph, **kw)
    struct.pack_into("<IIQQQQQQ", b, ph["off"], ph["type"], ph["flags"],
                     ph["offset"], ph["vaddr"], ph["paddr"], ph["filesz"],
                     ph["memsz"], ph["align"])


def generate(outdir, srcdir):
    os.makedirs(outdir, exist_ok=True)
    base = os.path.join(outdir, "base")
    src = os.path.join(srcdir, "base.c")
    if not os.path.exists(base) or os.path.getmtime(base) < os.path.getmtime(src):
        subprocess.run(["gcc", "-static", "-no-pie", "-O1", "-o", base, src],
                       check=True)
    good = open(base, "rb").read()
    specs = []

    def add(name, data=None, mode=0o755, args=(), accept=(), files=None, path=None):
        if data is not None:
            p = os.path.join(outdir, name)
            if os.path.exists(p):
                os.chmod(p, 0o755)
            with open(p, "wb") as f:
                f.write(data)
            os.chmod(p, mode)
        specs.append(dict(name=name, path=path or "./" + name, args=list(args),
                          files=[name] if files is None else files,
                          also_accept=list(accept)))

    def patched(fn):
        b = bytearray(good)
        fn(b)
        return bytes(b)

    loads = [p for p in phdrs(good) if p["type"] == PT_LOAD]
    stack = [p for p in phdrs(good) if p["type"] == PT_GNU_STACK][0]
    h = ehdr(good)

    add("ok", good)
    add("ok_args", good, args=["x", "y"])
    add("truncated_40", good[:40])
    add("truncated_phdrs", good[:h["phoff"] + PHENT + 20])
    add("truncated_half", good[:len(good) // 2], accept=LATE)
    add("zero_length", b"")
    add("bad_magic", patched(lambda b: b.__setitem__(slice(1, 4), b"ELG")))
    add("bad_class32", patched(lambda b: b.__setitem__(4, 1)), accept=LATE)
    add("bad_endian", patched(lambda b: b.__setitem__(5, 2)), accept=LATE)
    add("bad_machine", patched(lambda b: struct.pack_into("<H", b, 18, 183)))
    add("bad_type_rel", patched(lambda b: struct.pack_into("<H", b, 16, 1)))
    add("bad_type_core", patched(lambda b: struct.pack_into("<H", b, 16, 4)))
    add("bad_phentsize", patched(lambda b: struct.pack_into("<H", b, 54, 55)))
    add("phnum_zero", patched(lambda b: struct.pack_into("<H", b, 56, 0)))
    add("phnum_huge", patched(lambda b: struct.pack_into("<H", b, 56, 0xffff)))
    add("phoff_beyond_eof", patched(lambda b: struct.pack_into("<Q", b, 32, len(good) + 4096)))
    add("entry_zero", patched(lambda b: struct.pack_into("<Q", b, 24, 0)), accept=LATE)
    add("entry_kernel", patched(lambda b: struct.pack_into("<Q", b, 24, 0xffffffff81000000)),
        accept=LATE)
    # The first PT_LOAD grows over the ones after it; Linux maps them in
    # order, the later ones MAP_FIXED on top.
    add("overlap_extend", patched(lambda b: set_ph(
        b, loads[0], memsz=loads[-1]["vaddr"] + loads[-1]["memsz"] - loads[0]["vaddr"])),
        accept=LATE)
    # A second copy of the text segment in place of PT_GNU_STACK.
    text = [p for p in loads if p["flags"] & 1][0]
    add("overlap_duplicate", patched(lambda b: set_ph(b, dict(text, off=stack["off"]))),
        accept=LATE)
    add("filesz_beyond_eof", patched(lambda b: set_ph(
        b, loads[-1], filesz=loads[-1]["filesz"] + (1 << 20),
        memsz=loads[-1]["memsz"] + (1 << 20))), accept=LATE)
    add("offset_beyond_eof", patched(lambda b: set_ph(
        b, text, offset=text["offset"] + (1 << 30))), accept=LATE)
    add("filesz_gt_memsz", patched(lambda b: set_ph(
        b, loads[-1], memsz=loads[-1]["filesz"] // 2)), accept=LATE)
    add("memsz_huge", patched(lambda b: set_ph(b, loads[-1], memsz=1 << 46)), accept=LATE)
    add("vaddr_kernel", patched(lambda b: set_ph(
        b, loads[-1], vaddr=0xffff800000000000 + (loads[-1]["vaddr"] & 0xfff))), accept=LATE)
    add("align_bad", patched(lambda b: set_ph(b, text, align=3)), accept=LATE)

    def with_interp(b):
        s = b"/nonexistent/ld-linux-x86-64.so.2\0"
        off = len(b)
        b.extend(s)
        set_ph(b, stack, type=PT_INTERP, offset=off, vaddr=0, paddr=0,
               filesz=len(s), memsz=len(s), align=1, flags=4)
    add("interp_missing", patched(with_interp))

    add("no_exec", good, mode=0o644)
    d = os.path.join(outdir, "a_directory")
    os.makedirs(d, exist_ok=True)
    add("a_directory", files=["a_directory"])
    add("nonexistent", files=[])
    add("text_no_shebang", b"echo hello\n")
    add("shebang_missing_interp", b"#!/nonexistent/interp\necho hi\n")
    add("shebang_echo", b"#!/bin/busybox echo\n", args=["one", "two words"])
    add("shebang_no_newline", b"#!/bin/busybox echo")
    add("shebang_spaces", b"#!  /bin/busybox   echo  a  b  \n", args=["c"])
    add("shebang_too_long", b"#!/" + b"a" * 300 + b"\n")
    add("shebang_empty", b"#!\n")
    add("shebang_nested", b"#!./shebang_echo nested\n", args=["z"],
        files=["shebang_nested", "shebang_echo"])
    add("shebang_loop", b"#!./shebang_loop\n")
    add("shebang_to_bad_elf", b"#!./bad_machine\n", files=["shebang_to_bad_elf", "bad_machine"])
    add("shebang_to_dir", b"#!./a_directory\n", files=["shebang_to_dir", "a_directory"])
    return specs
