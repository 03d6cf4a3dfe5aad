# File system applets. Listings show only fixture files with fixed mtimes.
ls
ls -l
ls -la sub/deep
ls -lR sub
ls -1 -F
ls -l -d link_a link_sub dangling
ls -i -d . > /dev/null
ls missing
stat -c '%n %s %a %F %h %Y %U %G' a.txt sub sub/deep/e.log link_a
stat -L -c '%n %s %F' link_a link_sub
stat -c '%N' link_a dangling
readlink link_a
readlink -f link_sub/up_a
readlink -f dangling
realpath sub/deep/../c.txt
mkdir -p p/q/r
mkdir p
mkdir -m 700 p/private
ln -s ../a.txt p/la
ln a.txt p/hard
ln -s missing p/dang
cat p/la
stat -c '%h' a.txt
cp -r sub sub2
cp -p a.txt p/a_copy
cp -a link_a p/link_copy
cp missing nowhere
mv sub2 sub3
mv sub3/c.txt sub3/moved.txt
mv nonexistent x
rm -r sub3
rm p/dang
rm -f missing
rm p
rmdir p/q/r
touch -d '2005-06-07 08:09:10' new.txt
touch -d '2004-01-01 00:00:00' a.txt
touch -c notcreated.txt
stat -c '%n %s %Y' new.txt a.txt
truncate -s 100 new.txt
truncate -s 5 words.txt
chmod 600 nums.txt
chmod -R go-rx p
chmod u+x notrail.txt
find . -name '*.txt'
find sub -type f
find . -type l
find . -newer a.txt -type f -name '*.csv'
find sub -maxdepth 1
find . -size +2k
du -s -k sub/deep
basename /a/b/c.txt .txt
dirname /a/b/c.txt
unlink empty.txt
