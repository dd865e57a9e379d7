. "$HERE/lib.sh"
# The README's signing example runs as written: its make-test-certs,
# sign and verify lines, taken from README.md, on an NDA made here (the
# README's first line researches a client over the network).
export SOURCE_DATE_EPOCH=1795478400
export WA_WORKSPACE="$PWD/wa.db"
mkdir build
wa-import -q "$ROOT/examples/clients/bright-smile-dental.json" |
	wa-nda -q --agency "$ROOT/examples/agency.yaml" -o build > /dev/null
# the block's lines from make-test-certs to verify, continuations joined
awk '/^    scripts\/make-test-certs pki/ { on = 1 } on { print } /^    wa-nda verify --ca/ { exit }' \
	"$ROOT/README.md" | sed -e 's/^    //' -e 's|^scripts/|"$ROOT"/scripts/|' > steps.sh
[ "$(grep -c '^wa-nda sign' steps.sh)" = 2 ] || die "the README's steps: $(cat steps.sh)"
sh -e steps.sh > out.txt 2> err.txt || die "the README's signing steps: $(cat out.txt err.txt)"
grep -q 'all signatures intact, valid and, where asked, trusted' out.txt || die "verify: $(cat out.txt)"
grep -q 'trust: chains to --ca' out.txt || die "trust: $(cat out.txt)"
