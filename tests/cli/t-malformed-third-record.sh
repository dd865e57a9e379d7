. "$HERE/lib.sh"
# records 1 and 2 are fine, record 3 is broken JSON, record 4 is fine
{ client 1; client 2; printf '{"client":{"name":"Broken" "x"}}\n'; client 4; } > in.json
expect_exit 65 wa-import -w wa.db in.json > out.json 2> err.txt
cat err.txt
grep -q 'record 3' err.txt || die "record number missing"
grep -q 'line 3, column' err.txt || die "line and column missing"
[ "$(wc -l < out.json)" = 2 ] || die "expected 2 dossiers printed"
[ "$(q 'select count(*) from clients')" = 2 ] || die "expected 2 clients"
[ "$(q "select count(*) from clients where id like 'broken%'")" = 0 ] || die "third written"
[ "$(q "select count(*) from events where type='client.imported'")" = 2 ] || die "events"
[ "$(q "select status||' '||exit_code from runs")" = "failed 65" ] || die "run status"
# a dossier that is valid JSON but not a valid client is the same: named, 65
{ client 5; printf '{"client":{"id":"acme","name":"Acme","website":"not a url"}}\n'; } > in2.json
expect_exit 65 wa-import -w wa.db in2.json > out2.json 2> err2.txt
grep -q 'record 2 (acme): client.website: ' err2.txt || die "schema message: $(cat err2.txt)"
[ "$(wc -l < out2.json)" = 1 ] || die "first record not printed"
