. "$HERE/lib.sh"
wa -w wa.db init > /dev/null
seq 1 20000 > numbers.txt                       # compresses
head -c 100000 /dev/urandom > random.bin        # does not
wa -w wa.db artifacts put acme/numbers.txt numbers.txt
wa -w wa.db artifacts put acme/random.bin random.bin
sqlite3 wa.db -Atv | grep -q 'acme/numbers.txt' || die "sqlite3 -At does not list it"
mkdir x && (cd x && sqlite3 ../wa.db -Ax)
cmp numbers.txt x/acme/numbers.txt || die "numbers differ"
cmp random.bin x/acme/random.bin || die "random differs"
[ "$(q "select length(data) < sz from sqlar where name='acme/numbers.txt'")" = 1 ] || die "not compressed"
[ "$(q "select length(data) = sz from sqlar where name='acme/random.bin'")" = 1 ] || die "stored compressed"
wa -w wa.db artifacts get acme/numbers.txt | cmp - numbers.txt || die "get to stdout"
wa -w wa.db artifacts get acme/random.bin -o got.bin && cmp got.bin random.bin || die "get -o"
# and the other way round: an archive written by sqlite3 is read by wa
echo "from the sqlite3 shell" > shell.txt
sqlite3 wa.db -Au shell.txt
wa -w wa.db artifacts get shell.txt | cmp - shell.txt || die "reading sqlite3's entry"
expect_exit 66 wa -w wa.db artifacts get nope
wa -w wa.db artifacts list acme/ > list.json
[ "$(wc -l < list.json)" = 2 ] || die "list by prefix"
[ "$(jq -r 'select(.name == "acme/numbers.txt") | .size' list.json)" = "$(wc -c < numbers.txt)" ] || die "size"
