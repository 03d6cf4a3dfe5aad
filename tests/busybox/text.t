# Text filters over the fixture files.
cat a.txt words.txt
cat -n notrail.txt
cat missing.txt
sort words.txt
sort -r -u words.txt
sort -n nums.txt
sort -t : -k 3 -n table.csv
sort -f words.txt
uniq -c words.txt
sort -o sorted.txt words.txt
uniq -c sorted.txt
uniq -d sorted.txt
wc a.txt words.txt nums.txt bin.dat
wc -l < a.txt
head -n 3 a.txt
head -c 10 bin.dat > head.bin
tail -n 4 a.txt
tail -c 30 sub/big.txt
tail -n +2990 sub/big.txt
cut -d : -f 1,3 table.csv
cut -c 2-5 words.txt
tr a-z A-Z < a.txt
tr -d aeiou < words.txt
tr -s ' ' < tabs.txt
sed -n 2,4p a.txt
sed s/fig/FIG/g a.txt
sed -e '/apple/d' -e 's/line/L/' a.txt
cp words.txt edited.txt
sed -i 's/^/> /' edited.txt
cat edited.txt
awk -F : 'NR > 1 { q += $2; p += $3 } END { printf "%d %.2f\n", q, p }' table.csv
awk '{ print length($0), toupper($1) }' words.txt
awk 'BEGIN { printf "%.6f %.6f %d\n", sin(1), sqrt(2), int(-3.7); exit 3 }'
grep -n fig a.txt
grep -c apple a.txt
grep -i -v APPLE words.txt
grep -E '^(fig|kiwi)' words.txt
grep -r -n line sub
grep -r -l ERROR .
grep nothing-matches a.txt
grep -q pear a.txt
rev words.txt
nl a.txt
fold -w 7 a.txt
expand tabs.txt
paste words.txt nums.txt
tac words.txt
comm -12 sorted.txt sorted.txt
diff a.txt words.txt
diff -u a.txt a.txt
strings -n 6 bin.dat
