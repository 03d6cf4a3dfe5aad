# Applets that fork/exec children (needs fork, exec and wait).
xargs echo < list.txt
xargs -n 1 basename < list.txt
find sub -name '*.txt' -exec echo found {} ;
sh -c 'echo piped | tr a-z A-Z'
sh -c 'x=$(echo sub); echo "[$x]"'
sh -c 'ls sub | wc -l'
sh -c '(exit 4); echo $?'
sh -c 'sh -c "exit 5"; echo $?'
sh -c '/bin/busybox true && echo ok'
sh -c './run.sh; echo after'
timeout 5 sleep 0.1
env A=1 /bin/busybox sh -c 'echo $A'
time -f %x /bin/busybox true
sh -c 'cat a.txt | sort | uniq -c | sort -rn | head -n 3'
tar czf t.tgz sub
tar tzf t.tgz
mkdir x
tar xzf t.tgz -C x --strip-components=1
gzip -c a.txt > a.txt.gz
zcat a.txt.gz
