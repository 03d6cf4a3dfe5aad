#: requires: sha256sum
sha256sum a.txt bin.dat empty.txt sub/big.txt notrail.txt missing.txt
