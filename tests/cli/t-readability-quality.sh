# Main text against Mozilla Readability's output on 130 real pages
# (shared/data/readability-pages beside the repository): mean F1 over
# token 4-gram shingles at least 0.90, and no page that crashes or hangs.
. "$HERE/lib.sh"
pages="$ROOT/../shared/data/readability-pages"
[ -d "$pages" ] || die "no $pages: the shared data must be beside the repository"
WA_BIN="$BIN" "$ROOT/scripts/readability-score" --min 0.90 "$pages" > score.txt ||
	die "$(cat score.txt)"
cat score.txt
