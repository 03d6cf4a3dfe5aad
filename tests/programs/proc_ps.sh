# Programs reading /proc about themselves and other guest processes: ps on
# the shell (another guest process) and on its native parent, /proc/PID
# comm, cmdline, exe, fd, status (not State: racy; Threads and the signal
# masks are proc_status_peer's) of the shell, and python3 on /proc/self.
#: requires: sh ps python3 readlink
#: file p.sh
ps -o comm=,args= -p $$; echo "ps status $?"
ps -o comm= -p $PPID; echo "ps parent status $?"
cat /proc/$$/comm; tr "\0" " " < /proc/$$/cmdline; echo
readlink /proc/$$/exe
# No pipeline here: the shell holds pipe fds while it forks one.
ls /proc/$$/fd > fds; sort -n fds | tr "\n" " "; echo
readlink /proc/$$/fd/999; echo "readlink status $?"
tr "\0" "\n" < /proc/$$/environ | grep -c "^SHPID="
grep -E "^(Name|Uid|Gid):" /proc/$$/status | sed "s/\t/ /g"
python3 -c '
import os
print(os.readlink("/proc/self/exe"), open("/proc/self/cmdline").read().split("\0")[:2])
print(sorted(os.listdir("/proc/self/fd")), open("/proc/self/comm").read().strip())
print(os.getppid() == int(os.environ["SHPID"]), open("/proc/%d/comm" % os.getppid()).read().strip())
print("self in maps", any(l.endswith("/python3.11") for l in open("/proc/self/maps").read().split("\n")))
' 
#: end
sh -c 'export SHPID=$$; exec sh p.sh'
