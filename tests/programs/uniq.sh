#: requires: sh sort uniq
sh -c 'sort words.txt | uniq -c; sort -f words.txt | uniq -ci; cut -d" " -f3 sub/big.txt | sort | uniq -c | sort -rn'
