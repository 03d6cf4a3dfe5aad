#: requires: python3
python3 -c '
import threading, queue, hashlib
lock = threading.Lock()
total = [0]
results = {}
q = queue.Queue()
def work(i):
    h = hashlib.sha256()
    for j in range(2000):
        h.update(b"%d:%d" % (i, j))
        with lock:
            total[0] += 1
    results[i] = h.hexdigest()[:16]
    q.put(i)
ts = [threading.Thread(target=work, args=(i,)) for i in range(8)]
for t in ts: t.start()
for t in ts: t.join()
print("total", total[0], "done", sorted(q.get() for _ in range(8)))
for i in sorted(results): print(i, results[i])
ev = threading.Event(); c = threading.Condition(); got = []
def waiter():
    with c:
        c.wait_for(lambda: got)
    ev.set()
t = threading.Thread(target=waiter); t.start()
with c:
    got.append(1); c.notify_all()
print("event", ev.wait(10)); t.join()
print("alive", threading.active_count())
'
