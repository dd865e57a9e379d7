# Exit 75 only when a client's every source failed for a reason worth
# retrying (RFC 9309: robots.txt with no answer forbids all; a slow drip
# times out), the dossier still printed with what happened, and the
# run recorded with exit code 75; a failure not worth retrying exits 0.
. "$HERE/lib.sh"
websrv
# nothing listens on port 9: robots.txt has no answer
printf '{"client":{"id":"down","name":"Down","website":"http://127.0.0.1:9/"}}\n' > down.json
expect_exit 75 wa-research -w wa.db --allow-private --retries 0 down.json > out.json 2> err.txt
grep -q 'every source failed for a reason worth retrying' err.txt || die "message: $(cat err.txt)"
[ "$(jq -r '.research.status' out.json)" = failed ] || die "status"
jq -r '.research.sources[0].reason' out.json | grep -q 'robots.txt could not be fetched' ||
	die "reason: $(jq -c '.research.sources[0]' out.json)"
[ "$(jq '.research.sources[0].retryable' out.json)" = true ] || die "not retryable"
[ "$(q "select exit_code from runs order by started_at desc limit 1")" = 75 ] || die "run exit code"
# a slow drip past --timeout
printf '{"client":{"id":"slow","name":"Slow","website":"%s/slow"}}\n' "$BASE" > slow.json
expect_exit 75 wa-research -q -w wa.db --allow-private --timeout 2 --retries 0 slow.json > out2.json
jq -r '.research.sources[0].reason' out2.json | grep -qi 'timeout\|timed out' ||
	die "slow: $(jq -c '.research.sources[0]' out2.json)"
# a 404 start page is not worth retrying
printf '{"client":{"id":"gone","name":"Gone","website":"%s/status/404"}}\n' "$BASE" > gone.json
wa-research -q -w wa.db --allow-private gone.json > out3.json
[ "$(jq -r '.research.status' out3.json)" = failed ] || die "404 status"
