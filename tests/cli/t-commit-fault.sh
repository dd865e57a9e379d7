. "$HERE/lib.sh"
# stdout never runs ahead of the workspace: a group whose commit fails
# is not printed.  WA_FAULT_COMMIT=2 fails the second commit (the first
# holds the run and the first group; 20,000 records make many groups of
# 50 ms each), deterministically, as a full disk would: 74.
i=1; while [ $i -le 20000 ]; do client $i; i=$((i + 1)); done > in.json
wa -w wa.db init > /dev/null
set +e
WA_FAULT_COMMIT=2 wa-import -q -w wa.db in.json > out.json 2> err.txt
rc=$?
set -e
[ $rc = 74 ] || die "exit $rc: $(cat err.txt)"
grep -q 'committing: a fault made on purpose' err.txt || die "said: $(cat err.txt)"
printed=$(wc -l < out.json)
[ "$printed" -gt 0 ] && [ "$printed" -lt 20000 ] || die "$printed printed: one group, not many"
[ "$(q 'select count(*) from clients')" = "$printed" ] || die "printed $printed, stored $(q 'select count(*) from clients')"
# and every record printed is one stored
jq -r .client.id out.json | sort > printed.txt
q 'select id from clients order by id' | sort > stored.txt
cmp -s printed.txt stored.txt || die "the printed records are not the stored ones"
