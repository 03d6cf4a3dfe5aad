# The pipe is in the outer shell: only ls runs under elfuse.
#: requires: /bin/ls head
/bin/ls -la /usr/bin | head
