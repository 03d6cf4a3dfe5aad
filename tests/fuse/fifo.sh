# A FIFO in a FUSE directory is a pipe the kernel keeps, not the daemon's:
# a writer and a reader meet through it, O_NONBLOCK opens follow pipe rules.
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
mkfifo mnt/p
ls -l mnt/p | cut -c1
(echo "through the fifo" > mnt/p) &
cat mnt/p
wait
python3 -c "
import os, errno
try: os.open('mnt/p', os.O_WRONLY | os.O_NONBLOCK)
except OSError as e: print('nonblock writer', errno.errorcode[e.errno])
r = os.open('mnt/p', os.O_RDONLY | os.O_NONBLOCK); print('nonblock reader ok')
w = os.open('mnt/p', os.O_WRONLY | os.O_NONBLOCK); os.write(w, b'x'); print(os.read(r, 10))
"
umount mnt; echo "umount exit $?"
