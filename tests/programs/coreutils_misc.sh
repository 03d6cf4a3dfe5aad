# Coreutils that probe the system: timeout (timer + signals), nproc
# (affinity), uname, id, stat, du, date, a parallel external sort with
# temp files, mktemp, ln/readlink -f, split, sync.
#: requires: sh timeout nproc uname id stat du date sort mktemp split
#: env: TMPDIR=.
sh -c '
timeout 0.2 sleep 5; echo "timeout status $?"
# (--foreground: only the child is signalled. Without it timeout signals the
# child and then its group, and a second SIGINT landing while the trap runs
# makes sh run the trap again, nested: a timing race, on Linux too.)
timeout --foreground -s INT 0.3 sh -c "trap \"echo got INT; exit 3\" INT; sleep 2 >/dev/null 2>&1 & wait"; echo "timeout INT status $?"
timeout 5 true; echo "no timeout status $?"
echo "nproc $(nproc) all $(nproc --all)"
uname -s -m -o; uname -r | grep -c .
id; id -un; id -G
stat -c "%n %s %a %F %Y %h" a.txt sub link_a sub/deep/e.log
stat -L -c "%n %F" link_a link_sub
du -a --apparent-size -b sub | sort -k2
date -u -d @1000000000 "+%Y-%m-%d %H:%M:%S %Z %s"; date -u -d "2001-09-09 01:46:40" +%s
seq 1 200000 | sort -rn -S 256K --parallel=4 -T . | head -n 3
split -l 1000 sub/big.txt part. && ls part.* && cat part.* | cmp - sub/big.txt && echo split ok
t=$(mktemp -p . tmp.XXXXXX) && test -f "$t" && echo mktemp ok && rm "$t"
ln -s sub/deep deeplink && readlink -f deeplink/d.txt | sed "s|.*/cwd/||" && realpath -e link_sub/c.txt | sed "s|.*/cwd/||"
sync; echo synced
'
