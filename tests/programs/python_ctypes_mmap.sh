# ctypes (libffi closures need executable memory), the mmap module on a
# file shared with write()/read(), and anonymous shared memory seen by a
# forked child.
#: requires: python3
python3 -c '
import ctypes, ctypes.util, mmap, os
libc = ctypes.CDLL(ctypes.util.find_library("c"))
print("strlen", libc.strlen(b"hello world"))
CMP = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))
arr = (ctypes.c_int * 8)(5, 3, 9, 1, 7, 2, 8, 0)
libc.qsort(arr, len(arr), ctypes.sizeof(ctypes.c_int), CMP(lambda a, b: a[0] - b[0]))
print("qsort via callback", list(arr))
with open("m.bin", "wb") as f:
    f.write(b"x" * 10000)
fd = os.open("m.bin", os.O_RDWR)
m = mmap.mmap(fd, 10000)
m[0:5] = b"HELLO"
os.pwrite(fd, b"world", 5000)
print("coherent", bytes(m[5000:5005]), os.pread(fd, 5, 0))
m.resize(20000) if hasattr(m, "resize") else None
print("size", m.size(), os.fstat(fd).st_size, m.find(b"world"))
m.flush(); m.close(); os.close(fd)
a = mmap.mmap(-1, 4096)
pid = os.fork()
if pid == 0:
    a[0:6] = b"child!"
    os._exit(0)
os.waitpid(pid, 0)
print("anon shared", bytes(a[0:6]))
'
