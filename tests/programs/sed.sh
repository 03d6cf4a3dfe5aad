#: requires: sed cat
#: compare: tree
$ELFUSE sed -n -e 's/\([a-z]*\) line \([0-9]*\)/\2:\1/p' -e '/fig/{=;p}' a.txt &&
$ELFUSE sed -i.bak -e '1d' -e 's/e/E/g' -e '$a\' -e 'the end' words.txt &&
$ELFUSE cat words.txt
