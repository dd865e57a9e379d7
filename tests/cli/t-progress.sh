. "$HERE/lib.sh"
# progress shows on a terminal only, about once a second, and never in a
# pipe or a file (script(1) gives it a terminal; it needs an open stdin)
awk 'BEGIN { for (i = 1; i <= 150000; i++)
	printf "{\"client\":{\"id\":\"c%d\",\"name\":\"Client %d\"}}\n", i, i }' > big.json
script -qec "wa-import -w tty.db big.json > out.json" /dev/null < /dev/null > tty.txt
grep -q 'wa-import: [0-9]* records, 0 failed' tty.txt || die "no progress on a terminal: $(head -c 300 tty.txt)"
[ "$(wc -l < out.json)" = 150000 ] || die "output"
wa-import -w file.db big.json > out2.json 2> err.txt
[ ! -s err.txt ] || die "progress in a file: $(head -c 200 err.txt)"
# -q keeps the terminal quiet too
script -qec "wa-import -q -w tty2.db big.json > out3.json" /dev/null < /dev/null > tty2.txt
! grep -q 'records' tty2.txt || die "progress under -q"
