# lib.sh - helpers for the command-line tests (sourced).
die() { echo "FAILED: $*" >&2; exit 1; }
# expect_exit CODE CMD...: run CMD, check its exit code
expect_exit() {
	want=$1; shift
	set +e; "$@"; got=$?; set -e
	[ "$got" = "$want" ] || die "expected exit $want, got $got: $*"
}
# a dossier line for client number N
client() { printf '{"client":{"name":"Client %s Ltd","website":"https://c%s.example","industry":"dental clinic"}}\n' "$1" "$1"; }
q() { sqlite3 wa.db "$1"; }
# websrv [ROOT]: start the test web server (tests/tools/websrv.py) on
# 127.0.0.1, logging requests to websrv.log; sets PORT and BASE.  It
# stops with the test's shell (its stdin is a pipe held open here) and
# after 300 s at most.
websrv() {
	mkfifo .websrv.in
	/usr/bin/python3 "$HERE/../tools/websrv.py" --root "${1:-$HERE/../data/sites}" \
		--log websrv.log --watch-stdin < .websrv.in > .websrv.port &
	WEBSRV_PID=$!
	exec 9> .websrv.in
	i=0
	while [ ! -s .websrv.port ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	PORT=$(cat .websrv.port)
	[ -n "$PORT" ] || die "the test web server did not start"
	BASE="http://127.0.0.1:$PORT"
	trap 'exec 9>&-; kill $WEBSRV_PID 2>/dev/null; wait $WEBSRV_PID 2>/dev/null || true' EXIT
}
# a JSON value from a file of one JSON document: jv FILE JQ-FILTER
jv() { jq -r "$2" "$1"; }
