# script(1) runs a command on a new pseudo-terminal (posix_openpt, grantpt,
# unlockpt, ptsname, TIOCSCTTY) and copies its output.
#: requires: script sh stty
#: timeout: 20
script -qec 'test -t 0 && test -t 1 && echo "on a tty"; stty size < /dev/tty >/dev/null && echo "stty ok"; tty | grep -c "^/dev/pts/"' /dev/null
