# Small applets: echo, printf, seq, expr, date, test and friends.
echo hello world
echo -n no newline
echo -e 'tab\there\nnew line\\'
printf '%s=%d %05.2f %x %c|\n' name 42 3.14159 255 Z
printf '%s\n' a b c
seq 5
seq -s , 2 3 20
seq -w 8 11
seq 1.5 0.5 3
expr 3 \* 7 + 1
expr length hello
expr substr abcdef 2 3
expr index abcdef d
expr 10 / 0
expr 5 \> 3
expr abc : 'a\(.\)c'
@ge=1700000000 date +%s
date -u -d @1234567890 '+%Y-%m-%d %H:%M:%S %a %j'
date -d @0 +%s
date -u -d '2020-02-29 12:34:56' +%s
test 3 -gt 2
test -f a.txt
test -d a.txt
test -L link_a
[ abc = abd ]
true
false
basename sub/deep/d.txt
factor 123456789
cal 2 2024
uname -m
uname -s
nproc > /dev/null
id -u
whoami > /dev/null
env
env -i A=1 B=2
pwd
sleep 0.05
usleep 1000
bc < /dev/null
dc -e '2 10 ^ p'
shuf -n 0 words.txt
