. "$HERE/lib.sh"
# everything is installed: nothing to do, exit 0, nothing said
"$ROOT/scripts/install-deps" > out.txt 2>&1 || die "install-deps failed with all present"
[ ! -s out.txt ] || die "install-deps said something: $(cat out.txt)"
# Something missing.  apt-get and sudo are stand-ins here (no network,
# no real installing): sudo always refuses, apt-get notes its arguments.
mkdir fakebin
printf '#!/bin/sh\nexit 1\n' > fakebin/sudo
printf '#!/bin/sh\necho "apt-get $*" >> "%s/apt.log"\n' "$PWD" > fakebin/apt-get
chmod 755 fakebin/sudo fakebin/apt-get
chmod 755 .
# a copy anybody can read, wherever the clone is
cp "$ROOT/scripts/install-deps" install-deps
chmod 755 install-deps
missing() {     # missing [RUNNER...]: install-deps with a package that is not there
	set +e
	(cd / && "$@" env PATH="$OLDPWD/fakebin:/usr/bin:/bin" WA_DEPS_EXTRA=wa-no-such-package \
		sh "$OLDPWD/install-deps") > out.txt 2>&1
	rc=$?
	set -e
}
if [ "$(id -u)" = 0 ]; then
	# root installs: apt-get update, then the exact install line
	missing
	[ $rc = 0 ] || die "as root: expected 0, got $rc: $(cat out.txt)"
	[ "$(cat apt.log)" = "apt-get update -qq
apt-get install -y -qq --no-install-recommends wa-no-such-package" ] || die "apt-get was asked: $(cat apt.log)"
	command -v runuser > /dev/null || die "runuser (util-linux) is needed to try the other half as nobody"
	set -- runuser -u nobody --
else
	set --
fi
# not root and no sudo: the exact apt-get line, exit 69, nothing run
rm -f apt.log
missing "$@"
[ $rc = 69 ] || die "expected 69, got $rc: $(cat out.txt)"
grep -q 'apt-get install -y --no-install-recommends wa-no-such-package' out.txt || die "$(cat out.txt)"
[ ! -e apt.log ] || die "apt-get ran without root: $(cat apt.log)"
