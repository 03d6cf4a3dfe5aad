# Hashes, dumps, dd, compression and archives.
sha256sum a.txt bin.dat empty.txt sub/big.txt
md5sum a.txt bin.dat
sha1sum bin.dat
sha512sum words.txt
sha256sum -c missing.sums
md5sum a.txt > sums.md5
md5sum -c sums.md5
od -A x -t x1z -N 64 bin.dat
od -c notrail.txt
od -t d4 -N 32 bin.dat
hexdump -C -n 48 bin.dat
xxd -l 32 bin.dat
dd if=bin.dat of=part.bin bs=512 skip=2 count=3 status=none
dd if=bin.dat of=conv.bin bs=1000 conv=notrunc status=none
dd if=a.txt bs=7 count=2 status=none
@nostderr dd if=/dev/zero of=zeros.bin bs=4096 count=16
sha256sum part.bin zeros.bin
cmp bin.dat conv.bin
cmp a.txt words.txt
gzip -c a.txt > a.txt.gz
gzip -t a.txt.gz
gzip -l a.txt.gz
gunzip -c a.txt.gz
tar cf t.tar sub a.txt link_a
tar tvf t.tar
mkdir x
tar xf t.tar -C x
# tar restores file mtimes; symlink and directory times are the extraction's
# (minute-sensitive), so only files show theirs.
ls -R x
stat -c '%n %A %s %Y' x/a.txt x/sub/c.txt x/sub/deep/d.txt x/sub/deep/e.log
stat -c '%N %A' x/link_a x/sub/up_a x/sub
gzip -9 sub/big.txt
ls sub
gunzip sub/big.txt.gz
sha256sum sub/big.txt
bzip2 -c bin.dat > bin.bz2
bunzip2 -c bin.bz2 > bin.back
cmp bin.dat bin.back
xz -c words.txt > words.xz
xzcat words.xz
base64 bin.dat > b64.txt
base64 -d b64.txt > bin.decoded
cmp bin.dat bin.decoded
cksum a.txt bin.dat
crc32 bin.dat
uuencode a.txt a.txt
