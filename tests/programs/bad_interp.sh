# Dynamic programs whose PT_INTERP is wrong: a missing interpreter
# (execve fails with ENOENT: shell status 127), an interpreter that is itself
# a dynamic program, and a directory. Only the status is compared; elfuse
# must say something on stderr when it refuses.
#: requires: python3 /bin/ls /bin/true
#: compare: nostderr
#: setup
patch() {
	python3 - "$1" "$2" "$3" "$4" <<'PY'
import struct, sys
src, dst, interp, how = sys.argv[1], sys.argv[2], sys.argv[3].encode(), sys.argv[4]
b = bytearray(open(src, "rb").read())
old = b"/lib64/ld-linux-x86-64.so.2\0"
assert b.count(old) == 1 and len(interp) < len(old)
off = b.index(old)
b[off:off + len(old)] = interp + b"\0" * (len(old) - len(interp))
if how == "exact":  # p_filesz/p_memsz of PT_INTERP: the string and its NUL
    phoff, = struct.unpack_from("<Q", b, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", b, 0x36)
    for i in range(phnum):
        ph = phoff + i * phentsize
        if struct.unpack_from("<I", b, ph)[0] == 3:
            struct.pack_into("<QQ", b, ph + 32, len(interp) + 1, len(interp) + 1)
open(dst, "wb").write(b)
PY
	chmod 755 "$2"
}
cp /bin/true dyn-interp
mkdir interp-dir
# "exact": PT_INTERP's size fits the new string; "padded": the old size,
# NULs after the string (Linux only checks that the last byte is a NUL).
for how in exact padded; do
	patch /bin/ls ls-missing-$how /nonexistent/ld.so $how
	patch /bin/ls ls-dyninterp-$how ./dyn-interp $how
	patch /bin/ls ls-dirinterp-$how ./interp-dir $how
done
#: end
for p in ls-missing-exact ls-dyninterp-exact ls-dirinterp-exact ls-missing-padded ls-dyninterp-padded ls-dirinterp-padded; do
	$ELFUSE ./$p / > out 2> err
	st=$?
	echo "$p: status $st, stdout $(wc -c < out) bytes"
	[ -n "$ELFUSE" ] && { [ $st = 126 ] || [ $st = 127 ]; } && ! grep -q '^elfuse:' err && echo "$p: no 'elfuse:' line on stderr"
done
exit 0
