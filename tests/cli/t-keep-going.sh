. "$HERE/lib.sh"
{ client 1; printf '[1,2]\n'; client 3; printf '{"client":{"name":7}}\n'; client 5; } > in.json
expect_exit 65 wa-import -k -w wa.db in.json > out.json 2> err.txt
cat err.txt
grep -q 'record 2: a dossier must be a JSON object, not an array' err.txt || die "record 2"
grep -q 'record 4: client.name is not a string' err.txt || die "record 4"
grep -q '2 of 5 records failed' err.txt || die "summary"
[ "$(wc -l < out.json)" = 3 ] || die "3 dossiers expected"
[ "$(q 'select count(*) from clients')" = 3 ] || die "3 clients expected"
[ "$(q 'select records_in||","||records_out||","||records_failed from runs')" = "5,3,2" ] || die "counts"
# the derived id is said on stderr, and -q keeps quiet about it
client 9 | wa-import -w wa.db > /dev/null 2> said.txt
grep -q 'record 1: client.id derived from client.name: client-9-ltd' said.txt || die "no note"
client 10 | wa-import -q -w wa.db > /dev/null 2> said.txt
[ ! -s said.txt ] || die "-q did not silence: $(cat said.txt)"
# a line of garbage is one bad record, not one a token: the rest of a
# bad value's line goes with it, and later records keep their numbers
{ client 1; python3 -c "print(':' * 300000)"; client 3; printf '{"client":{"name":"Four"}} {"x": oops} trailing words\n'; client 5; } > junk.json
expect_exit 65 wa-import -k -q -w junk.db junk.json > junk.out 2> junk.err
[ "$(wc -l < junk.err)" = 3 ] || die "errors: $(head -c 600 junk.err)"
grep -q '^wa-import: record 2: junk.json line 2, column 1: invalid JSON' junk.err || die "record 2: $(head -c 300 junk.err)"
grep -q '^wa-import: record 5: junk.json line 4, column 34: invalid JSON' junk.err || die "record 5"
grep -q '2 of 6 records failed' junk.err || die "summary: $(tail -1 junk.err)"
[ "$(jq -r .client.name junk.out | tr '\n' ,)" = "Client 1 Ltd,Client 3 Ltd,Four,Client 5 Ltd," ] || die "good records"
# only the rest of the bad value's own line: the next line is a record
{ client 1; printf '{"client": nope}\n"a string"\n'; client 4; } > next.json
expect_exit 65 wa-import -k -q -w next.db next.json > next.out 2> next.err
grep -q 'record 2: next.json line 2, column 12: invalid JSON' next.err || die "next: $(cat next.err)"
grep -q 'record 3: a dossier must be a JSON object, not a string' next.err || die "the line after: $(cat next.err)"
grep -q '2 of 4 records failed' next.err || die "next summary"
# a key twice is refused, naming the key and its line (I-JSON)
{ printf '{"client":{"name":"A"},\n"client":{"name":"B"}}\n'; printf '{"client":{"name":"C","name":"D"}}\n'; client 3; } > dup.json
expect_exit 65 wa-import -k -q -w dup.db dup.json > dup.out 2> dup.err
grep -q 'record 1: dup.json line 2, column 1: invalid JSON: duplicate key "client"' dup.err || die "dup: $(cat dup.err)"
grep -q 'record 2: dup.json line 3, column 23: invalid JSON: duplicate key "name"' dup.err || die "dup name: $(cat dup.err)"
[ "$(wc -l < dup.out)" = 1 ] || die "only the good record: $(cat dup.out)"
