# Three sqlite3 processes write one database in the mount at once; sqlite's
# POSIX locks must exclude each other for every row to land.
. $FUSE_TESTS/lib.sh
mkdir mnt back
$FB/passthrough_ll -o source=$PWD/back mnt; echo "passthrough_ll exit $?"
sqlite3 mnt/db.sqlite "create table t(x)"
for w in 1 2 3; do
	(for i in $(seq 1 10); do echo "BEGIN IMMEDIATE; INSERT INTO t VALUES($w); COMMIT;"; done |
		sqlite3 -cmd ".timeout 25000" mnt/db.sqlite) &
done
wait
sqlite3 mnt/db.sqlite "select x, count(*) from t group by x; pragma integrity_check"
umount mnt; echo "umount exit $?"
