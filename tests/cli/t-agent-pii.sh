# the PII vault: with a key, a planted email and phone number are in
# neither the workspace file nor its WAL; the transcript shows
# placeholders, and the originals with the key only; a conversation
# carried on by another process gets them back (the booking has the real
# number); keys rotate; bad keys are refused.
. "$HERE/lib.sh"
WA_BIN="$BIN" WA_ONBOARD_OUT="$PWD/ob" "$ROOT/examples/onboard.sh" \
	"$ROOT/examples/clients/bright-smile-dental.json" > ob.log 2>&1 || die "onboard: $(tail -5 ob.log)"
cfg=ob/bright-smile-dental-agent.yaml
export SOURCE_DATE_EPOCH=1795478400
export WA_PII_KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
email=zoe.planted@example.org
phone='+44 117 496 0999'
# another connection holds the workspace open, so the WAL stays to be read
(sqlite3 pii.db 'pragma journal_mode=wal' > /dev/null; echo 'select count(*) from sqlite_master;'; sleep 20) | sqlite3 pii.db > /dev/null 2>&1 &
holder=$!
trap 'kill $holder 2> /dev/null || true' EXIT
sleep 0.3
printf 'my email is %s and my phone is %s, is there parking?\nthanks, and do you see children?\n' \
	"$email" "$phone" | wa-agent chat -w pii.db --thread p1 "$cfg" > chat.txt
grep -q 'free parking' chat.txt || die "the agent: $(cat chat.txt)"
[ -s pii.db-wal ] || die "no WAL to check"
for f in pii.db pii.db-wal; do
	! grep -a -q -F "$email" "$f" || die "the email in clear in $f"
	! grep -a -q -F "$phone" "$f" || die "the phone number in clear in $f"
	! grep -a -q -F "1174960999" "$f" || die "the phone's digits in clear in $f"
done
# what is stored, and what was said
wa-agent transcript -w pii.db p1 > stored.txt
grep -qx 'user: my email is \[EMAIL_1\] and my phone is \[PHONE_1\], is there parking?' stored.txt ||
	die "stored: $(cat stored.txt)"
wa-agent transcript -w pii.db --reveal p1 > said.txt
grep -qxF "user: my email is $email and my phone is $phone, is there parking?" said.txt ||
	die "revealed: $(cat said.txt)"
expect_exit 77 env -u WA_PII_KEY wa-agent transcript -w pii.db --reveal p1 > /dev/null 2> err.txt
grep -q 'the PII key is needed' err.txt || die "no key: $(cat err.txt)"
printf 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\n' > other.key
expect_exit 77 wa-agent transcript -w pii.db --reveal --pii-key-file other.key p1 > /dev/null 2> err.txt
grep -q 'thread p1: sealed with key' err.txt || die "other key: $(cat err.txt)"
printf 'short\n' > short.key
expect_exit 78 wa-agent transcript -w pii.db --reveal --pii-key-file short.key p1 > /dev/null 2> err.txt
grep -q 'must be 32 bytes' err.txt || die "short key: $(cat err.txt)"

# a booking started in one process and finished in another: the second
# reads the number back from the vault and books with it
printf 'I would like to book an appointment\nSaturday 28 November at 10am\nAna Ruiz\n+1 312 555 0100\n' |
	wa-agent chat -w pii.db --thread b1 "$cfg" > b1.txt
grep -q 'Shall I book Ana Ruiz' b1.txt || die "first half: $(cat b1.txt)"
echo yes | wa-agent chat -w pii.db --thread b1 "$cfg" > b2.txt
grep -q "You're booked" b2.txt || die "second half: $(cat b2.txt)"
[ "$(sqlite3 pii.db "select phone from agent_bookings where client = 'bright-smile-dental'")" = "+13125550100" ] ||
	die "booked with: $(sqlite3 pii.db 'select phone from agent_bookings')"
wa-agent transcript -w pii.db b1 | grep -q '\[PHONE_1\]' || die "the booking's number stored in clear"

# rotation: every vault to the new key; the old one opens none after
cp other.key new.key
wa-agent pii rotate -w pii.db --pii-key-file new.key --old-key-file /dev/stdin <<EOF > rot.txt
$WA_PII_KEY
EOF
grep -q '^2 vaults sealed with key' rot.txt || die "rotate: $(cat rot.txt)"
wa-agent transcript -w pii.db --reveal --pii-key-file new.key p1 | grep -qF "$email" || die "after rotation"
expect_exit 77 wa-agent transcript -w pii.db --reveal p1 > /dev/null 2> err.txt
# rotating again changes nothing
wa-agent pii rotate -w pii.db --pii-key-file new.key --old-key-file new.key > rot2.txt
grep -q '^0 vaults sealed with key .* 2 already' rot2.txt || die "again: $(cat rot2.txt)"

# without a key the messages are stored as they are (the documented default)
env -u WA_PII_KEY sh -c "printf 'write to %s\n' '$email' | wa-agent chat -w plain.db --thread q1 '$cfg'" > /dev/null
wa-agent transcript -w plain.db q1 | grep -qF "$email" || die "without a key"

# a sealed thread is not carried on without its key: its next message
# would lie in clear beside the vault.  Refused (77) naming the key's id
# (the first 8 bytes of the key's SHA-256), nothing stored; carried on
# with --pii-clear only.  A thread that was never sealed goes on.
kid=$(/usr/bin/python3 -c 'import hashlib, sys
print(hashlib.sha256(bytes.fromhex(open(sys.argv[1]).read().strip())).hexdigest()[:16])' new.key)
before=$(sqlite3 pii.db 'select count(*) from graph_checkpoints')
say() { printf '{"thread":"%s","message":"%s"}\n' "$1" "$2"; }
say p1 "my other number is +44 117 496 0777" > more.jsonl
expect_exit 77 env -u WA_PII_KEY wa-agent run -w pii.db "$cfg" < more.jsonl > out.jsonl 2> err.txt
grep -q "thread p1: its personal data is sealed with key $kid: give that key" err.txt ||
	die "sealed thread without its key: $(cat err.txt), key $kid"
[ "$(sqlite3 pii.db 'select count(*) from graph_checkpoints')" = "$before" ] || die "stored all the same"
! grep -a -q -F "1174960777" pii.db pii.db-wal 2> /dev/null || die "the new number in clear"
env -u WA_PII_KEY wa-agent run -w pii.db --pii-clear "$cfg" < more.jsonl > out.jsonl ||
	die "--pii-clear: $(cat out.jsonl)"
wa-agent transcript -w pii.db p1 | grep -qF "+44 117 496 0777" || die "--pii-clear: not stored"
say n1 "hello" | env -u WA_PII_KEY wa-agent run -w pii.db "$cfg" > /dev/null || die "an unsealed thread"
