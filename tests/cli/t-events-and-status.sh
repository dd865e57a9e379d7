. "$HERE/lib.sh"
{ client 1; client 2; } > in.json
wa-import -w wa.db in.json > /dev/null
wa -w wa.db artifacts put note.txt in.json
[ "$(wa -w wa.db events | wc -l)" = 2 ] || die "events"
[ "$(wa -w wa.db events --type 'client.*' --client client-2-ltd | jq -r .client)" = client-2-ltd ] || die "filter"
[ "$(wa -w wa.db events --type 'nothing.*' | wc -l)" = 0 ] || die "type filter"
[ "$(wa -w wa.db events --since 1h | wc -l)" = 2 ] || die "since"
[ "$(wa -w wa.db events --until 2000-01-01 | wc -l)" = 0 ] || die "until"
[ "$(wa -w wa.db events --after 1 | jq -r .id)" = 2 ] || die "after"
[ "$(wa -w wa.db events --limit 1 | wc -l)" = 1 ] || die "limit"
expect_exit 64 wa -w wa.db events --since yesterday
# --follow prints events that arrive later
WA_FOLLOW_INTERVAL_MS=50 wa -w wa.db events --follow --limit 3 > follow.json &
fpid=$!
sleep 0.5
client 3 | wa-import -w wa.db > /dev/null
n=0; while kill -0 $fpid 2>/dev/null && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
kill $fpid 2>/dev/null && die "follow did not stop after 3 events"
[ "$(wc -l < follow.json)" = 3 ] || die "follow printed $(wc -l < follow.json)"
wa -w wa.db status > status.json
jq -e '.counts.clients == 3 and .counts.events == 3 and .counts.artifacts == 1 and .counts.runs == 2' status.json > /dev/null || die "status: $(cat status.json)"
jq -e '.last_runs[0].engine == "wa-import" and .schema_version >= 1' status.json > /dev/null || die "runs"
wa -w wa.db backup copy.db > /dev/null
[ "$(sqlite3 copy.db 'pragma integrity_check')" = ok ] || die "backup integrity"
[ "$(sqlite3 copy.db 'select count(*) from clients')" = 3 ] || die "backup content"
