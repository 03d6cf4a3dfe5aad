# ls -R with colours and inode-free sizes; -F classifies, -n numeric ids.
#: requires: ls
ls --color=always -RFn --time-style=long-iso
