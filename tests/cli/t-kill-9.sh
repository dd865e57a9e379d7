. "$HERE/lib.sh"
# kill -9 in the middle of a 100,000-record stream: the workspace is
# intact and holds every dossier that was printed before the kill
i=1; while [ $i -le 100000 ]; do client $i; i=$((i + 1)); done > big.json
wa-import -q -w wa.db big.json > out.json &
pid=$!
# wait until some output has appeared, then kill at once
n=0
while [ ! -s out.json ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n + 1)); done
sleep 0.2
kill -9 $pid 2>/dev/null || die "finished before the kill"
wait $pid 2>/dev/null || true
[ "$(q 'pragma integrity_check')" = ok ] || die "integrity_check"
# complete lines only: the last may have been cut by the kill
printed=$(grep -c '}$' out.json || true)
[ "$printed" -gt 0 ] || die "nothing printed before the kill"
[ "$printed" -lt 100000 ] || die "the kill came too late to test anything"
grep '}$' out.json | jq -r .client.id | sort > printed.txt
q "select id from clients" | sort > stored.txt
missing=$(comm -23 printed.txt stored.txt | wc -l)
[ "$missing" = 0 ] || die "$missing printed dossiers are not in the workspace"
echo "printed $printed, stored $(wc -l < stored.txt)"
