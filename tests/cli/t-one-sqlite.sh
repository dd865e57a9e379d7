. "$HERE/lib.sh"
# Every command links SQLite, jansson and PCRE2 from their static archives
# (Makefile, README: Dependencies).  No command may also load a shared
# libsqlite3 through some other library: two copies of SQLite in one
# process each keep their own table of POSIX locks, and closing a file in
# one drops the other's locks on the workspace.
n=0
for b in "$BIN"/*; do
	[ -x "$b" ] || continue
	n=$((n + 1))
	libs=$(ldd "$b") || die "ldd $b failed"
	if printf '%s\n' "$libs" | grep -E 'lib(sqlite3|jansson)\.so' > found.txt; then
		die "$(basename "$b") loads a shared copy as well: $(cat found.txt)"
	fi
	# and SQLite is really inside
	nm "$b" 2>/dev/null | grep -q ' T sqlite3_open_v2$' ||
		nm -D "$b" | grep -q ' T sqlite3_open_v2$' || die "$(basename "$b") has no SQLite of its own"
done
[ -x "$BIN/wa" ] && [ -x "$BIN/wa-import" ] && [ $n -ge 2 ] || die "only $n binaries in $BIN"
