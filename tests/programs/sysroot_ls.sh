# --sysroot: a temp root holding only /bin/ls's ldd closure. elfuse
# --sysroot ROOT must see what chroot ROOT sees, '..' clamped at the root.
#: requires: /usr/sbin/chroot ldd /bin/ls
#: root: chroot
#: setup
mkroot() {
	mkdir -p "$1/bin" "$1/etc" "$1/tmp"
	cp -p /bin/ls "$1/bin/ls"
	for lib in $(ldd /bin/ls | grep -o '/[^ ]*'); do
		mkdir -p "$1$(dirname "$lib")"
		cp -pL "$lib" "$1$lib"
	done
	echo marker > "$1/etc/marker"
}
mkroot root
#: end
for args in / /../.. "-n /etc" /lib64; do
	echo "== ls $args"
	if [ -n "$ELFUSE" ]; then
		$ELFUSE --sysroot "$PWD/root" /bin/ls $args
	else
		/usr/sbin/chroot "$PWD/root" /bin/ls $args
	fi
	echo "status $?"
done
