#: requires: sh tar xz bzip2 zstd gzip
#: compare: tree
sh -c 'tar cJf t.txz --sort=name --owner=0 --group=0 sub && tar xJf t.txz -C . --transform s/^sub/sub-xz/ && diff -r sub sub-xz && echo xz ok
bzip2 -k -9 sub/big.txt && bzip2 -dc sub/big.txt.bz2 | cmp - sub/big.txt && echo bzip2 ok
zstd -q -T2 -19 sub/big.txt -o big.zst && zstd -qdc big.zst | sha256sum
gzip -9 -n -c sub/big.txt | sha256sum; xz -T2 -c sub/big.txt | xz -dc | wc -l'
