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
wait $pid
[ "$(wc -l < out.json)" = 2 ] || die "second record"
# a reader that goes away early: the writer ends without hanging
i=1; while [ $i -le 3000 ]; do client $i; i=$((i + 1)); done > many.json
set +e; wa-import -w wa2.db many.json | head -1 > first.json; set -e
[ -s first.json ] || die "head got nothing"
