. "$HERE/lib.sh"
# progress shows on a terminal only, as pv shows it: records, the rate,
# the time so far and, when the input is a file of known size, how much
# of it is done and the time left; never in a pipe or a file (script(1)
# gives it a terminal; it needs an open stdin)
awk 'BEGIN { for (i = 1; i <= 150000; i++)
	printf "{\"client\":{\"id\":\"c%d\",\"name\":\"Client %d\"}}\n", i, i }' > big.json
script -qec "wa-import -w tty.db big.json > out.json" /dev/null < /dev/null > tty.txt
line='wa-import: [0-9]* records, [0-9]*/s, [0-9]*:[0-9][0-9]'
grep -q "$line, [0-9]*%, [0-9]*:[0-9][0-9] left" tty.txt ||
	die "no progress on a terminal: $(head -c 300 tty.txt)"
[ "$(wc -l < out.json)" = 150000 ] || die "output"
# the share done only grows, and the records with it
tr '\r' '\n' < tty.txt | grep -o '[0-9]*%' | tr -d % > pct.txt
[ -s pct.txt ] && sort -n -c pct.txt || die "shares: $(tr '\n' ' ' < pct.txt)"
tr '\r' '\n' < tty.txt | grep -o '[0-9]* records' | cut -d' ' -f1 > n.txt
sort -n -c n.txt || die "records: $(tr '\n' ' ' < n.txt)"
# from a pipe the size is not known: no share, no time left
script -qec "cat big.json | wa-import -w tty3.db > out4.json" /dev/null < /dev/null > tty3.txt
grep -q "$line" tty3.txt || die "no progress from a pipe: $(head -c 300 tty3.txt)"
! grep -q 'left' tty3.txt || die "time left of an input of unknown size"
wa-import -w file.db big.json > out2.json 2> err.txt
[ ! -s err.txt ] || die "progress in a file: $(head -c 200 err.txt)"
# -q keeps the terminal quiet too
script -qec "wa-import -q -w tty2.db big.json > out3.json" /dev/null < /dev/null > tty2.txt
! grep -q 'records' tty2.txt || die "progress under -q"
