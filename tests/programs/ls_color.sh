# Colours from the default LS_COLORS table on the fixture tree (fixed mtimes,
# a symlink to a dir, a dangling symlink, an executable, a 0600 file).
#: requires: ls
ls --color=always -lA --time-style=+%Y-%m-%dT%H:%M . sub sub/deep
