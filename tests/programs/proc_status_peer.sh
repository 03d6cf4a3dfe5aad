# /proc/<pid>/status and task/ of another guest process: its thread count
# and signal dispositions are the guest's (one thread, SIGUSR1 caught, SIGHUP
# ignored), not those of the elfuse process that runs it. (SigBlk is left
# out: the shell blocks signals around its forks, so natively it depends on
# the moment of the read.)
#: requires: sh sleep
#: file p.sh
trap 'echo usr1' USR1
trap '' HUP
sleep 5 & s=$!
sh -c 'grep -E "^(Threads|SigIgn|SigCgt):" /proc/$PPID/status | sed "s/\t/ /g"; ls /proc/$PPID/task | wc -l'
kill $s
#: end
sh p.sh
