# ldd is a bash script that runs ld.so with LD_TRACE_LOADED_OBJECTS=1.
#: requires: ldd bash /bin/ls
ldd /bin/ls /usr/bin/python3 | sed 's/ (0x[0-9a-f]*)$//'
