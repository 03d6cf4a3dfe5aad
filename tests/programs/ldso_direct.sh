# Running the dynamic loader itself with the program as its argument.
#: requires: /lib64/ld-linux-x86-64.so.2 /bin/ls
/lib64/ld-linux-x86-64.so.2 /bin/ls -l --time-style=long-iso sub nothere
