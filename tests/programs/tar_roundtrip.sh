# tar forks gzip for z; the listing is verbose with fixed mtimes.
#: requires: sh tar gzip
#: compare: tree
sh -c 'tar czf t.tgz --owner=0 --group=0 --sort=name sub a.txt link_a && gzip -t t.tgz && tar tvzf t.tgz && mkdir out && tar xzf t.tgz -C out && cmp a.txt out/a.txt && cmp sub/big.txt out/sub/big.txt && echo roundtrip ok'
