# time.time() advances, agrees with the host clock (a file just written),
# monotonic and perf_counter move forward, sleep sleeps.
#: requires: python3
python3 -c '
import time, os
t0, m0, p0 = time.time(), time.monotonic(), time.perf_counter()
open("stamp", "w").close()
mt = os.stat("stamp").st_mtime
print("near file mtime", abs(mt - t0) < 2)
time.sleep(0.05)
t1, m1, p1 = time.time(), time.monotonic(), time.perf_counter()
print("time advanced", 0.045 < t1 - t0 < 2)
print("monotonic advanced", 0.045 < m1 - m0 < 2, "perf", 0.045 < p1 - p0 < 2)
ts = [time.time() for _ in range(1000)]
print("never backwards", all(b >= a for a, b in zip(ts, ts[1:])), "moves", ts[-1] > ts[0])
print("year", time.gmtime().tm_year >= 2024, time.strftime("%Y-%m-%d", time.gmtime(1000000000)))
print("process_time", time.process_time() >= 0, "ns", time.time_ns() // 10**9 >= int(t0))
'
