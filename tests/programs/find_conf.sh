# Only find runs under elfuse; sort in the outer shell.
#: requires: find sort
find / -maxdepth 2 -name '*.conf' 2>/dev/null | sort
