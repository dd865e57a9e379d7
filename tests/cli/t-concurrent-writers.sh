. "$HERE/lib.sh"
# 8 processes, each importing 500 dossiers (500 events) into one workspace
wa -w wa.db init > /dev/null
for p in 1 2 3 4 5 6 7 8; do
	i=1; while [ $i -le 500 ]; do client "$p-$i"; i=$((i + 1)); done > in$p.json
done
pids=""
for p in 1 2 3 4 5 6 7 8; do
	(wa-import -q -w wa.db in$p.json > out$p.json 2> err$p.txt; echo $? > rc$p) &
	pids="$pids $!"
done
wait $pids
for p in 1 2 3 4 5 6 7 8; do
	[ "$(cat rc$p)" = 0 ] || die "process $p failed: $(cat err$p.txt)"
	[ "$(wc -l < out$p.json)" = 500 ] || die "process $p printed $(wc -l < out$p.json)"
done
[ "$(q "select count(*) from events where type='client.imported'")" = 4000 ] || die "events"
[ "$(q "select count(*) from clients")" = 4000 ] || die "clients"
[ "$(q "select count(*) from runs where status='ok'")" = 8 ] || die "runs"
[ "$(q 'pragma integrity_check')" = ok ] || die "integrity"
# a pipeline's commands all open one new workspace at the same moment:
# turning it to WAL is retried, not failed ("database is locked" came
# from about 1 in 240 such opens before)
round=1
while [ $round -le 60 ]; do
	rm -f new.db new.db-wal new.db-shm
	for p in 1 2 3 4 5 6 7 8; do wa-import -q -w new.db < /dev/null 2>> opens.txt & done
	wait
	round=$((round + 1))
done
[ ! -s opens.txt ] || die "opening a new workspace together: $(sort opens.txt | uniq -c)"
[ "$(sqlite3 new.db 'pragma journal_mode')" = wal ] || die "not WAL"
