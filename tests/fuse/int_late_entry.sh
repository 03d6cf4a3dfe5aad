# A late success reply to an interrupted LOOKUP of an existing name: the entry
# reference is forgotten (balance 0 at exit).
# native: no
. $FUSE_TESTS/lib.sh
start_rawd -M stalled -s LOOKUP:f -S 2000 -i late -c
$fc sig usr1 mnt/f stalled
$fc stat mnt/f
stop_rawd
elfuse_refs
