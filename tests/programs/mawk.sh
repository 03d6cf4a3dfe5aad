#: requires: mawk
mawk -F: 'NR > 1 { q[$1] += $2; t += $3 } END { n = 0; for (k in q) n++; printf "%d names, total %.2f, apple %d\n", n, t, q["apple"]; print length("héllo"), substr("abcdef", 2, 3), toupper("x"), 7 % 3, 2 ^ 10; srand(1); x = rand(); print (x >= 0 && x < 1) }' table.csv
