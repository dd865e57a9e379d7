. "$HERE/lib.sh"
# everything is installed: nothing to do, exit 0, nothing said
"$ROOT/scripts/install-deps" > out.txt 2>&1 || die "install-deps failed with all present"
[ ! -s out.txt ] || die "install-deps said something: $(cat out.txt)"
# something missing, not root and no sudo: the exact apt-get line, exit 69
if [ "$(id -u)" = 0 ] && command -v runuser > /dev/null; then
	# a copy nobody can read, wherever the clone is
	copy=$(mktemp /tmp/wa-install-deps-XXXXXX)
	cp "$ROOT/scripts/install-deps" "$copy"
	chmod 755 "$copy"
	set +e
	(cd / && runuser -u nobody -- env PATH=/usr/bin:/bin WA_DEPS_EXTRA=wa-no-such-package \
		sh "$copy") > out.txt 2>&1
	rc=$?
	set -e
	rm -f "$copy"
	[ $rc = 69 ] || die "expected 69, got $rc: $(cat out.txt)"
	grep -q 'apt-get install -y --no-install-recommends wa-no-such-package' out.txt || die "$(cat out.txt)"
fi
