# file (libmagic, its database mapped), openssl, sqlite3, jq, diff/patch.
#: requires: sh file openssl sqlite3 jq diff patch
sh -c 'file a.txt bin.dat run.sh link_a sub /bin/ls | sed "s/BuildID\[sha1\]=[0-9a-f]*/BuildID/"
openssl dgst -sha256 a.txt
openssl enc -aes-256-cbc -pbkdf2 -S 0102030405060708 -pass pass:secret -in a.txt | openssl dgst -sha1
printf "create table t(x);\ninsert into t values(1),(2),(3);\nselect sum(x), group_concat(x) from t;\n" | sqlite3
echo "{\"a\":[1,2,{\"b\":\"c\"}],\"n\":1.5}" | jq -c ".a[2], .n * 2, (.a | length)"
cp words.txt w2.txt && sed -i "3s/fig/FIG/" w2.txt && diff -u words.txt w2.txt > p.diff; echo "diff status $?"
patch -s -o w3.txt words.txt < p.diff && cmp w2.txt w3.txt && echo patched'
