#: requires: grep
grep -rn -e fig -e ERROR -e 'line [0-9]$' --exclude=big.txt .
