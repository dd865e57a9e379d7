. "$HERE/lib.sh"
# A workspace is created private (0600, its -wal and -shm too); one this
# process cannot read is 77 "cannot read it"; one it cannot write is 77
# for writers and opened read-only by readers; a missing directory is
# named.  As root (who may write anything) the permission cases run as
# nobody, through setpriv.
as_other() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		"$@"
	fi
}
chmod 755 .
mine() { [ "$(id -u)" != 0 ] || chown -R nobody:nogroup "$@"; }

# created private, with its -wal and -shm, whatever the umask
umask 022
mkfifo in.fifo
wa-import -q -w wa.db < in.fifo > out.json &
pid=$!
exec 3> in.fifo
client 1 >&3
n=0; while [ ! -s out.json ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
for f in wa.db wa.db-wal wa.db-shm; do
	[ "$(stat -c %a $f)" = 600 ] || die "$f is $(stat -c %a $f), not 600"
done
exec 3>&-
wait $pid
wa -w init.db init > /dev/null
[ "$(stat -c %a init.db)" = 600 ] || die "wa init made $(stat -c %a init.db)"

# a missing directory, named
expect_exit 73 wa-import -w nodir/sub/wa.db < /dev/null 2> err.txt
grep -q "directory nodir/sub does not exist" err.txt || die "missing directory: $(cat err.txt)"

# a workspace nobody may read or write: readers and writers alike 77
wa-import -q -w nda.db "$ROOT/examples/clients/bright-smile-dental.json" |
	wa-nda -q -w nda.db --agency "$ROOT/examples/agency.yaml" > /dev/null
mkdir ro
cp wa.db nda.db ro/
chmod 444 ro/nda.db
mine ro
chmod 000 ro/wa.db
expect_exit 77 as_other wa -w ro/wa.db status 2> err.txt
grep -q "ro/wa.db: cannot read it: Permission denied" err.txt || die "unreadable: $(cat err.txt)"

# read-only file in a read-only directory (as on a read-only mount):
# readers work, writers say why, and nothing is written
chmod 444 ro/wa.db
chmod 555 ro
before=$(sha256sum ro/wa.db)
as_other wa -w ro/wa.db status > status.txt || die "wa status on a read-only workspace"
[ "$(jq .counts.clients status.txt)" = 1 ] || die "status: $(cat status.txt)"
as_other wa -w ro/wa.db dossier client-1-ltd > d.json || die "wa dossier"
[ "$(jq -r .client.name d.json)" = "Client 1 Ltd" ] || die "dossier read"
as_other wa -w ro/wa.db events > ev.json || die "wa events"
grep -q client.imported ev.json || die "events read"
as_other wa -w ro/wa.db artifacts list > /dev/null || die "wa artifacts list"
mkdir out
mine out
as_other wa -w ro/wa.db backup out/bk.db || die "wa backup"
[ "$(sqlite3 out/bk.db 'select count(*) from clients')" = 1 ] || die "backup content"
as_other wa-nda status -w ro/nda.db bright-smile-dental > st.json || die "wa-nda status"
[ "$(jq -r .status st.json)" = draft ] || die "wa-nda status: $(cat st.json)"
expect_exit 77 as_other wa-nda status -w ro/nda.db bright-smile-dental --set sent --by x 2> /dev/null
client 2 > two.json
expect_exit 77 as_other wa-import -w ro/wa.db two.json 2> err.txt
grep -q "cannot write it" err.txt || die "writer on read-only: $(cat err.txt)"
[ "$(sha256sum ro/wa.db)" = "$before" ] || die "the read-only workspace changed"
ls ro | grep -q -- -wal && die "a -wal appeared in the read-only directory"

# read-only file in a writable directory: readers work there too
chmod 755 ro
as_other wa -w ro/wa.db status > /dev/null || die "status, read-only file"
expect_exit 77 as_other wa-import -w ro/wa.db two.json
chmod 755 ro
chmod 644 ro/wa.db
