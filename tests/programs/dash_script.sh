#: requires: dash
#: file script.sh
set -e
trap 'echo "trap EXIT $?"' EXIT
trap 'echo "trap HUP"' HUP
n=0
for f in *.txt; do n=$((n + 1)); done
echo "txt files: $n"
v=$(cat words.txt | grep -c a)
echo "with a: $v"
( cd sub/deep; pwd -P | sed "s|.*/cwd/||" )
case "$(uname -m)" in x86_64) echo arch ok;; *) echo arch bad;; esac
kill -HUP $$
read -r first rest < a.txt; echo "first=$first rest=$rest"
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); printf '%s ' $i; done; echo
{ echo out; echo err >&2; } 2>&1 | sort
sh_fn() { echo "fn args: $# $*"; return 4; }
sh_fn a "b c" || echo "fn status $?"
exec 3> fd3.txt; echo via fd3 >&3; exec 3>&-; cat fd3.txt
test -x run.sh && ./run.sh
set +e; (exit 9); echo "status $?"
exit 5
#: end
dash script.sh
