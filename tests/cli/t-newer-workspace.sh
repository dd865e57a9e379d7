. "$HERE/lib.sh"
sqlite3 wa.db "create table t(x); insert into t values (1); pragma user_version=42;"
before=$(sha256sum wa.db)
client 1 > in.json
expect_exit 78 wa-import -w wa.db in.json > out.json 2> err.txt
grep -q 'schema version 42 is newer' err.txt || die "message: $(cat err.txt)"
[ "$(sha256sum wa.db)" = "$before" ] || die "workspace was modified"
[ ! -s out.json ] || die "printed output"
expect_exit 78 wa -w wa.db status
[ "$(sha256sum wa.db)" = "$before" ] || die "workspace was modified by status"
# a file that is not a database at all
echo "just some text that is not sqlite, long enough to have a header......" > text.db
expect_exit 65 wa-import -w text.db in.json 2> err.txt
grep -q 'text.db' err.txt || die "file not named"
