. "$HERE/lib.sh"
# the bundled examples run as documented
WA_BIN="$BIN" WA_ONBOARD_OUT="$PWD/out" "$ROOT/examples/onboard.sh" > said.txt
grep -q "onboarded bright-smile-dental" said.txt || die "onboard.sh output"
[ "$(jq -r .client.id out/dossier.json)" = bright-smile-dental ] || die "dossier"
[ "$(sqlite3 out/wa.db 'select count(*) from clients')" = 1 ] || die "workspace"
# every example client imports cleanly, with no -k
wa-import -w wa.db "$ROOT"/examples/clients/*.json > all.json
[ "$(wc -l < all.json)" = "$(ls "$ROOT"/examples/clients/*.json | wc -l)" ] || die "examples"
WA_WORKSPACE=$PWD/wa.db sh "$ROOT/examples/ci-regenerate.sh"
[ "$(wc -l < dossiers.ndjson)" = "$(wc -l < all.json)" ] || die "ci example"
# the man pages' example commands
wa -w demo.db import < "$ROOT/examples/clients/bright-smile-dental.json" > /dev/null
wa -w demo.db dossier --all | wa-import -w demo.db -q > /dev/null
