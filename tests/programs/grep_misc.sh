#: requires: grep
grep -c -E '^(apple|fig)' words.txt a.txt sub/big.txt nothere.txt
