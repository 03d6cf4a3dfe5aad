#: requires: python3
#: timeout: 20
python3 -c '
import multiprocessing as mp, os
def sq(x):
    return x * x, os.getpid() != parent
parent = os.getpid()
if __name__ == "__main__":
    with mp.Pool(4) as pool:
        r = pool.map(sq, range(20))
    print([a for a, _ in r], all(b for _, b in r))
    q = mp.Queue()
    p = mp.Process(target=q.put, args=("via queue",))
    p.start(); print(q.get()); p.join(); print("exitcode", p.exitcode)
    v = mp.Value("i", 0)
    def inc(v):
        with v.get_lock(): v.value += 5
    ps = [mp.Process(target=inc, args=(v,)) for _ in range(3)]
    for p in ps: p.start()
    for p in ps: p.join()
    print("shared value", v.value)
'
