# A corrupt shared library inside the sysroot: ld.so (the guest's) must
# report it exactly as it does under chroot.
#: requires: /usr/sbin/chroot ldd /bin/ls python3
#: root: chroot
#: setup
mkroot() {
	mkdir -p "$1/bin"
	cp -p /bin/ls "$1/bin/ls"
	for lib in $(ldd /bin/ls | grep -o '/[^ ]*'); do
		mkdir -p "$1$(dirname "$lib")"
		cp -pL "$lib" "$1$lib"
	done
}
libpath() { ldd /bin/ls | grep -o "/[^ ]*$1[^ ]*"; }
# Truncated to less than an ELF header.
mkroot short; head -c 40 "$(libpath libselinux)" > "short$(libpath libselinux)"
# Garbage header.
mkroot garbage; printf 'this is not an ELF file at all\n%0200d\n' 0 > "garbage$(libpath libselinux)"
# Header intact, program headers point past the end of the file.
mkroot truncated; head -c 4096 "$(libpath libc.so)" > "truncated$(libpath libc.so)"
# A 32-bit class byte.
mkroot class32; python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[4] = 1; open(p, "wb").write(b)' "class32$(libpath libpcre2)"
# An empty libc.
mkroot empty; : > "empty$(libpath libc.so)"
#: end
for r in short garbage truncated class32 empty; do
	echo "== $r"
	if [ -n "$ELFUSE" ]; then
		$ELFUSE --sysroot "$PWD/$r" /bin/ls / 2>&1
	else
		/usr/sbin/chroot "$PWD/$r" /bin/ls / 2>&1
	fi
	echo "status $?"
done
