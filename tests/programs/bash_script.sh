# bash: pipes, subshells, command substitution, arrays, associative arrays,
# traps (EXIT, ERR, a signal sent to itself, RETURN), here-docs, arithmetic,
# process substitution, coprocess-free job control (wait for background).
#: requires: bash
#: file script.bash
set -u
trap 'echo "exit trap status=$?"' EXIT
trap 'echo "got USR1"' USR1
declare -a arr=(pear apple "two words" fig)
declare -A cnt
arr+=(kiwi)
echo "n=${#arr[@]} second=${arr[1]} third=[${arr[2]}] slice=${arr[*]:1:2}"
while read -r w; do cnt[$w]=$(( ${cnt[$w]:-0} + 1 )); done < words.txt
for k in $(printf '%s\n' "${!cnt[@]}" | sort); do printf '%s=%d ' "$k" "${cnt[$k]}"; done; echo
sorted=$(printf '%s\n' "${arr[@]}" | sort | tr '\n' ,)
echo "sorted: $sorted"
( cd sub && echo "in subshell: $(basename "$PWD")"; exit 3 ); echo "subshell status $?"
x=outer; ( x=inner; echo "$x" ); echo "$x"
echo "pipe status: $(false | true; echo "${PIPESTATUS[@]}")"
set -o pipefail; false | true; echo "pipefail status $?"; set +o pipefail
kill -USR1 $$
f() { trap 'echo "return trap in f"' RETURN; local v=$1; echo "f($v)"; }
f 42; trap - RETURN
cat <<EOT | wc -l
line one
line $((6 * 7))
EOT
diff <(sort words.txt) <(sort -r words.txt | sort) && echo "procsub same"
sleep 0.05 & sleep 0.01 & wait; echo "waited for $(jobs -p | wc -l) jobs"
[[ "abc123" =~ ^([a-z]+)([0-9]+)$ ]] && echo "match ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
printf -v s '%05.1f|%-4s|%x' 3.14159 ab 255; echo "$s"
trap 'echo "err trap at line $LINENO"' ERR
false
mapfile -t lines < sub/c.txt; echo "mapfile: ${lines[*]}"
echo "${BASH_VERSINFO[0]}" > /dev/null
exit 7
#: end
bash script.bash
