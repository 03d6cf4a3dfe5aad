#: requires: python3
python3 -c '
import sqlite3
db = sqlite3.connect(":memory:")
db.execute("create table w (word text, n integer)")
words = open("words.txt").read().split()
db.executemany("insert into w values (?, ?)", [(w, i) for i, w in enumerate(words)])
for row in db.execute("select word, count(*), sum(n) from w group by word order by 2 desc, 1"):
    print(row)
db.execute("create index iw on w(word)")
print(db.execute("select count(*) from w where word like ?", ("%a%",)).fetchone())
f = sqlite3.connect("file.db")
f.execute("create table t (x)"); f.executemany("insert into t values (?)", [(i,) for i in range(1000)]); f.commit()
print(f.execute("select sum(x), count(*) from t").fetchone()); f.close()
print(sqlite3.connect("file.db").execute("select max(x) from t").fetchone())
'
