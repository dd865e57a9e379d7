. "$HERE/lib.sh"
# a dossier comes out while the input is still open: the loop commits
# and prints when no more input is ready, instead of waiting for EOF
mkfifo in.fifo
wa-import -w wa.db < in.fifo > out.json &
pid=$!
exec 3> in.fifo
client 1 >&3
n=0; while [ ! -s out.json ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
[ -s out.json ] || die "nothing printed while the input stayed open"
[ "$(q 'select count(*) from clients')" = 1 ] || die "printed before committed"
client 2 >&3
exec 3>&-
wait $pid || die "wa-import exited $? with its input closed"
[ "$(wc -l < out.json)" = 2 ] || die "second record"
# a reader that goes away early: the writer ends without hanging
i=1; while [ $i -le 3000 ]; do client $i; i=$((i + 1)); done > many.json
{ set +e; wa-import -q -w wa2.db many.json; echo $? > status; } | head -1 > first.json
[ -s first.json ] || die "head got nothing"
# ended by SIGPIPE, as cat is (128 + 13), or done before it came; never a
# crash or an internal error
case $(cat status) in 0|141) ;; *) die "the writer exited $(cat status)" ;; esac
[ "$(sqlite3 wa2.db "select count(*) from clients where id = '$(jq -r .client.id first.json)'")" = 1 ] ||
	die "the record printed is not in the workspace"
