. "$HERE/lib.sh"
# The runner itself: a test that hangs is killed at $WA_TEST_TIMEOUT and
# fails, said so, instead of stalling the suite; its children go too.
mkdir fake
cat > fake/t-hangs.sh <<'T'
sleep 30 &
echo $! > "$OUT/child.pid"
sleep 30
T
cat > fake/t-passes.sh <<'T'
true
T
export OUT="$PWD"
set +e
WA_TEST_TIMEOUT=2 "$HERE/run" "$BIN" "$PWD/fake/t-hangs.sh" "$PWD/fake/t-passes.sh" > out.txt 2>&1
rc=$?
set -e
[ $rc = 1 ] || die "the runner exited $rc: $(cat out.txt)"
grep -q '^FAIL t-hangs' out.txt || die "the hang did not fail: $(cat out.txt)"
grep -q 'timed out after 2 s' out.txt || die "not said: $(cat out.txt)"
grep -q '^ok   t-passes' out.txt || die "the next test did not run: $(cat out.txt)"
grep -q '^1 passed, 1 failed' out.txt || die "summary: $(cat out.txt)"
# killed with it (a zombie until something reaps it counts as gone)
st=$(ps -o stat= -p "$(cat child.pid)" || true)
case $st in ''|Z*) ;; *) die "the hung test's child outlived it: $st" ;; esac
# the failed test's scratch directory, kept for its log, goes now
rm -rf "$(sed -n 's/^FAIL t-hangs (log: \(.*\)\/\.log)$/\1/p' out.txt)"
