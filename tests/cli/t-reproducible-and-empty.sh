. "$HERE/lib.sh"
for f in "$ROOT"/examples/clients/*.json; do cat "$f"; echo; done > in.json
SOURCE_DATE_EPOCH=1700000000 wa-import -w a.db in.json > a.json
SOURCE_DATE_EPOCH=1700000000 wa-import -w b.db in.json > b.json
cmp a.json b.json || die "not byte-identical under SOURCE_DATE_EPOCH"
grep -q '"at":"2023-11-14T22:13:20.000Z"' a.json || die "time not fixed"
# the next run in the same workspace gets a new run id all the same
SOURCE_DATE_EPOCH=1700000000 wa-import -w a.db in.json > a2.json
[ "$(jq -r '.trace[0].run' a.json | sort -u)" != "$(jq -r '.trace[0].run' a2.json | sort -u)" ] || die "same run id"
expect_exit 78 env SOURCE_DATE_EPOCH=soon wa-import -w c.db in.json
# empty input: nothing printed, exit 0, the run recorded
: | wa-import -w e.db > e.json
[ ! -s e.json ] || die "printed something"
[ "$(sqlite3 e.db "select status||records_in from runs")" = ok0 ] || die "run not recorded"
# wa X runs wa-X, with the workspace option before the verb
wa -w d.db import in.json > d.json
[ "$(wc -l < d.json)" = "$(wc -l < a.json)" ] || die "wa import"
