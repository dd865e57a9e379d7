. "$HERE/lib.sh"
printf '{"client":{"id":"acme","name":"Acme"},"zeta":{"n":1.5e300,"s":"é\\u0000"},"alpha":[1,2.50]}\n' > in.json
client 2 >> in.json
wa-import -w wa.db in.json > out.json
# unknown sections pass through unchanged and in order (jq as the judge)
head -1 out.json | jq -c 'del(.trace)' > got.json
head -1 in.json | jq -c . > want.json
cmp got.json want.json || die "passthrough changed the dossier"
[ "$(head -1 out.json | jq -r 'keys_unsorted | join(",")')" = "client,zeta,alpha,trace" ] || die "order"
# the workspace gives back exactly what was printed
wa -w wa.db dossier acme client-2-ltd > back.json
cmp back.json out.json || die "wa dossier differs from the printed stream"
wa -w wa.db dossier --all | cmp - out.json || die "--all"
# a pipeline can start from the workspace: import again, trace grows by one
wa -w wa.db dossier acme | wa-import -w wa.db > again.json
[ "$(jq '.trace | length' again.json)" = 2 ] || die "trace not appended"
wa -w wa.db dossier --meta acme | jq -e '.sections[] | select(.name=="zeta") | .engine == null' >/dev/null || die "meta"
# stale sections: none has research, so every client is stale; unknown client is 66
[ "$(wa -w wa.db dossier --stale-section research --older-than 7d | wc -l)" = 2 ] || die "stale"
[ "$(wa -w wa.db dossier --stale-section client --older-than 7d | wc -l)" = 0 ] || die "fresh client"
expect_exit 66 wa -w wa.db dossier nobody
expect_exit 64 wa -w wa.db dossier
# --pretty output is the same dossier
[ "$(wa -w wa.db dossier --pretty acme | jq -c .)" = "$(jq -c . again.json)" ] || die "pretty"
[ "$(wa -w wa.db dossier --pretty acme | wc -l)" -gt 5 ] || die "not indented"
# a section written long ago is stale; one written now is not
SOURCE_DATE_EPOCH=1700000000 wa-import -w old.db in.json > /dev/null
[ "$(wa -w old.db dossier --stale-section client --older-than 7d | wc -l)" = 2 ] || die "old sections not stale"
wa -w old.db dossier acme | wa-import -w old.db > /dev/null
[ "$(wa -w old.db dossier --stale-section trace --older-than 7d | jq -r .client.id)" = client-2-ltd ] || die "rewritten trace still stale"
