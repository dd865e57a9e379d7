. "$HERE/lib.sh"
expect_exit 66 wa-import -w wa.db no-such-file.json 2> err.txt
grep -q 'no-such-file.json' err.txt || die "file not named"
[ ! -e wa.db ] || [ "$(q 'select count(*) from clients')" = 0 ] || die "wrote something"
expect_exit 64 wa-import --no-such-option 2> err.txt
grep -q "wa-import: unknown option --no-such-option" err.txt || die "message: $(cat err.txt)"
expect_exit 64 wa-import -w 2> err.txt
expect_exit 64 wa status --bogus
expect_exit 64 wa no-such-engine
expect_exit 64 wa
expect_exit 66 wa -w missing.db status
expect_exit 66 wa -w missing.db dossier --all
# --help fits a screen (24 lines of at most 80 columns) for every binary
for b in "$BIN"/*; do
	"$b" --help > help.txt
	[ "$(wc -l < help.txt)" -le 24 ] || die "$b --help longer than 24 lines"
	[ "$(awk 'length > 80' help.txt | wc -l)" = 0 ] || die "$b --help wider than 80"
	"$b" --version | grep -q '0\.' || die "$b --version"
done
for v in init status events artifacts dossier backup; do
	wa $v --help > help.txt
	[ "$(wc -l < help.txt)" -le 24 ] || die "wa $v --help too long"
done
# and for the document commands, whose names grow with the kind
for c in "wa-nda sign" "wa-nda verify" "wa-nda status" "wa-nda remind" "wa-nda audit" \
	"wa-nda certificate" "wa-nda send" "wa-nda webhook" "wa-proposal edit" "wa-proposal diff" \
	"wa-proposal status" "wa-proposal remind" "wa-proposal audit" "wa-proposal agreement" \
	"wa-proposal agreement sign" "wa-proposal agreement verify" "wa-proposal agreement status" \
	"wa-proposal agreement remind" "wa-proposal agreement audit" \
	"wa-proposal agreement certificate" "wa-proposal agreement send" \
	"wa-proposal agreement webhook" "wa-agent build" "wa-agent kb" "wa-agent transcript" \
	"wa-agent pii"; do
	$c --help > help.txt
	[ "$(wc -l < help.txt)" -le 24 ] || die "$c --help longer than 24 lines"
	[ "$(awk 'length > 80' help.txt | wc -l)" = 0 ] || die "$c --help wider than 80: $(awk 'length > 80' help.txt)"
done
# a client name of 100,000 characters: the record's label is cut, so the
# message still says what is wrong
python3 -c 'print("{\"client\":{\"name\":\"" + "x" * 100000 + "\"}}")' > long.json
expect_exit 65 wa-import -w long.db long.json > long.out 2> err.txt
[ ! -s long.out ] || die "printed a refused record"
grep -q '^wa-import: record 1 (x\{64\}\.\.\.): client\.id: ' err.txt || die "$(head -c 400 err.txt)"
[ "$(wc -c < err.txt)" -lt 300 ] || die "a message of $(wc -c < err.txt) bytes"
