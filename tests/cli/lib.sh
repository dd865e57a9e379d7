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
