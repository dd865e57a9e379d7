# Main text against Mozilla Readability's output on the real pages of
# tests/data/readability (a subset of Readability's test pages, README
# there): mean F1 over token 4-gram shingles at least 0.90, and no page
# that crashes or hangs.  The whole set is scripts/bench/readability's.
. "$HERE/lib.sh"
pages="$HERE/../data/readability"
WA_BIN="$BIN" "$ROOT/scripts/readability-score" --min 0.90 "$pages" > score.txt ||
	die "$(cat score.txt)"
n=$(grep -c . "$pages"/*/expected.html | wc -l)
grep -q "^pages: *$n scored, 0 failed" score.txt || die "not every page scored: $(cat score.txt)"
cat score.txt
