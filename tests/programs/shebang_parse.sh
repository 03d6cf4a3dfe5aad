# How Linux's load_script reads a #! line: the first 256 bytes only (a line
# without a newline there ends at byte 255, unless that cuts the interpreter
# name: ENOEXEC, and bash runs the file itself), a file ending without a
# newline, only spaces and tabs trimmed (a CR stays in the argument), a NUL
# ending the argument, and five nested #! scripts allowed, a sixth ELOOP.
#: requires: bash
#: setup
printf '#!/bin/echo' > nonl
printf '#!/bin/echo  arg  with space \t\n' > spaced
printf '#!/bin/echo\targ\r\n' > cr
printf '#!/bin/echo ab\000cd\n' > nul
printf '#!/bin/echo %0300d\n' 0 > longarg
printf '#!/bin/%0300d\necho ran by bash\n' 0 > longname
printf '#!\n' > empty
printf '#!/bin/echo\n' > n1
i=1; while [ $i -le 6 ]; do printf '#!%s/n%d\n' "$PWD" $i > n$((i + 1)); i=$((i + 1)); done
chmod +x nonl spaced cr nul longarg longname empty n1 n2 n3 n4 n5 n6 n7
#: end
bash -c 'for f in nonl spaced cr nul longarg longname empty n5 n6; do
  ./$f x 2>&1 | cat -A | sed "s#$PWD#.#g"; echo "$f: ${PIPESTATUS[0]}"; done'
