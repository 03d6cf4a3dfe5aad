#: requires: sort
sort -t: -k2,2n -k1,1r table.csv words.txt sub/big.txt | sort -s -k3 | tail -n 40
