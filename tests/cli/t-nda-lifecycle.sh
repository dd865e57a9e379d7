# The NDA's life in the envelope model: moves the model allows and the
# ones it refuses, reminders and expiry for cron (the clock moved with
# SOURCE_DATE_EPOCH), the audit trail caught after a row is edited with
# the sqlite3 command, sending to an e-signature service on 127.0.0.1,
# and its notifications.
. "$HERE/lib.sh"
agency="$ROOT/examples/agency.yaml"
day=86400
t0=1795478400                           # 2026-11-24T00:00:00Z
export SOURCE_DATE_EPOCH=$t0
for c in bright-smile-dental northwind-outfitters harbour-lane-estates; do
	wa-import -q -w wa.db "$ROOT/examples/clients/$c.json"
done | wa-nda -w wa.db --agency "$agency" > nda.jsonl
[ "$(jq -r .nda.status nda.jsonl | sort -u)" = draft ] || die "drafts"
st() { wa-nda status -w wa.db "$@"; }
status_of() { st "$1" | jq -r .status; }

# draft: it cannot be delivered, signed out of order, declined, expired
expect_exit 65 st bright-smile-dental --set delivered --by client 2> err.txt
grep -q 'bright-smile-dental nda v1: is draft: it cannot be marked delivered (only from sent, delivered or signed)' \
	err.txt || die "draft to delivered: $(cat err.txt)"
expect_exit 65 st bright-smile-dental --set expired --by cron 2> err.txt
expect_exit 64 st bright-smile-dental --set signed 2> err.txt       # no --by
expect_exit 64 st bright-smile-dental --set archived --by x 2> err.txt
grep -q 'not archived' err.txt || die "unknown status: $(cat err.txt)"
expect_exit 66 st no-such-client 2> err.txt
grep -q 'no-such-client: no nda in the workspace: run wa-nda first' err.txt || die "66: $(cat err.txt)"

# sent, delivered to the client, signed in routing order, completed
st bright-smile-dental --set sent --by "account manager" --days 14 > s.json
[ "$(jv s.json .status)" = sent ] || die "sent"
[ "$(jv s.json .deadline)" = 2026-12-08T00:00:00.000Z ] || die "deadline: $(jv s.json .deadline)"
expect_exit 65 st bright-smile-dental --set sent --by x 2> err.txt        # twice
st bright-smile-dental --set delivered --by maya@bright-smile-dental.example > s.json
[ "$(jv s.json '.status + " " + .recipients[1].status')" = "delivered delivered" ] ||
	die "delivered: $(cat s.json)"
expect_exit 65 st bright-smile-dental --set signed --by client 2> err.txt
grep -q 'Dr. Maya Okafor cannot sign before Zoë Núñez (routing order 1)' err.txt ||
	die "order: $(cat err.txt)"
expect_exit 65 st bright-smile-dental --set signed --by "Someone Else" 2> err.txt
grep -q '"Someone Else" is not a recipient' err.txt || die "stranger: $(cat err.txt)"
expect_exit 65 st bright-smile-dental --set completed --by agency 2> err.txt
grep -q 'waiting on Zoë Núñez' err.txt || die "completed early: $(cat err.txt)"
st bright-smile-dental --set signed --by agency > s.json
[ "$(jv s.json .status)" = signed ] || die "signed by one"
expect_exit 65 st bright-smile-dental --set signed --by agency 2> err.txt
grep -q 'Zoë Núñez has signed already' err.txt || die "twice: $(cat err.txt)"
st bright-smile-dental --set signed --by "dr. maya okafor" > s.json
[ "$(jv s.json .status)" = completed ] || die "completed: $(cat s.json)"
for to in sent delivered signed declined voided expired; do
	expect_exit 65 st bright-smile-dental --set $to --by client --reason r 2> err.txt
	grep -q 'is completed, which is final' err.txt || die "final $to: $(cat err.txt)"
done

# voided with a reason, and then nothing: a voided NDA cannot be signed
expect_exit 65 st northwind-outfitters --set voided --by ops 2> err.txt
grep -q 'to be voided it needs a reason' err.txt || die "reason: $(cat err.txt)"
st northwind-outfitters --set voided --by ops --reason "wrong legal entity" > /dev/null
expect_exit 65 st northwind-outfitters --set signed --by agency 2> err.txt
grep -q 'is voided ("wrong legal entity"), which is final: it cannot be signed' err.txt ||
	die "voided: $(cat err.txt)"
"$ROOT/scripts/make-test-certs" pki "Zoë Núñez" 2> /dev/null
wa -w wa.db artifacts get nda/northwind-outfitters/v1/nda.pdf > nw.pdf
expect_exit 65 wa-nda sign -w wa.db nw.pdf -o nw-signed.pdf --key pki/signer1.key \
	--cert pki/signer1.pem --signer "Zoë Núñez" 2> err.txt
grep -q 'is voided ("wrong legal entity"), which is final: it cannot be signed' err.txt ||
	die "sign voided: $(cat err.txt)"
[ ! -e nw-signed.pdf ] || die "a voided NDA was signed"

# declined by a recipient, with the reason
st harbour-lane-estates --set sent --by am --days 2 > /dev/null
expect_exit 65 st harbour-lane-estates --set declined --by client 2> err.txt
st harbour-lane-estates --set declined --by client --reason "term too long" > s.json
[ "$(jv s.json '.status + "/" + .reason + "/" + .recipients[1].status')" = \
	"declined/term too long/declined" ] || die "declined: $(cat s.json)"

# a new version of harbour-lane (another term) starts as a draft; the
# declined one stays as it was
wa dossier -w wa.db harbour-lane-estates | wa-nda -w wa.db --agency "$agency" --term 1 > v2.json
[ "$(jv v2.json '(.nda.version|tostring) + " " + .nda.status')" = "2 draft" ] || die "v2"
[ "$(st harbour-lane-estates --version 1 | jq -r .status)" = declined ] || die "v1 kept"

# remind (cron): who is waiting on whom, then expiry past the deadline
st harbour-lane-estates --set sent --by am --days 10 > /dev/null
SOURCE_DATE_EPOCH=$((t0 + 2 * day)) wa-nda remind -w wa.db > r0.jsonl
[ ! -s r0.jsonl ] || die "reminders before 3 days: $(cat r0.jsonl)"
SOURCE_DATE_EPOCH=$((t0 + 4 * day)) wa-nda remind -w wa.db > r1.jsonl
[ "$(wc -l < r1.jsonl)" = 1 ] || die "one reminder: $(cat r1.jsonl)"
[ "$(jq -r '[.type, .client, (.version|tostring), .waiting_on.name, .waiting_on.email,
	(.days|tostring)] | join(" ")' r1.jsonl)" = \
	"reminder harbour-lane-estates 2 Zoë Núñez zoe@lighthouse-ai.example 4" ] ||
	die "reminder: $(cat r1.jsonl)"
SOURCE_DATE_EPOCH=$((t0 + 4 * day)) wa-nda remind -w wa.db --days 7 > r2.jsonl
[ ! -s r2.jsonl ] || die "--days 7"
SOURCE_DATE_EPOCH=$((t0 + 11 * day)) wa-nda remind -w wa.db --no-expire > r3.jsonl
[ "$(jq -r .type r3.jsonl)" = reminder ] || die "--no-expire: $(cat r3.jsonl)"
[ "$(status_of harbour-lane-estates)" = sent ] || die "--no-expire expired it"
SOURCE_DATE_EPOCH=$((t0 + 11 * day)) wa-nda remind -w wa.db > r4.jsonl
[ "$(jq -r '.type + " " + .client' r4.jsonl)" = "expired harbour-lane-estates" ] ||
	die "expired: $(cat r4.jsonl)"
[ "$(status_of harbour-lane-estates)" = expired ] || die "not expired"
SOURCE_DATE_EPOCH=$((t0 + 12 * day)) wa-nda remind -w wa.db > r5.jsonl
[ ! -s r5.jsonl ] || die "an expired NDA reminded: $(cat r5.jsonl)"

# the audit trail: a hash chain that an edit behind wa's back breaks
wa-nda audit -w wa.db bright-smile-dental > a.jsonl
[ "$(jq -r .action a.jsonl | tr '\n' ' ')" = "generated sent delivered signed signed completed " ] ||
	die "trail: $(cat a.jsonl)"
[ "$(jq -r .prev_hash a.jsonl | head -1)" = "$(printf '0%.0s' $(seq 64))" ] || die "genesis"
[ "$(jq -sr '.[1].prev_hash == .[0].hash' a.jsonl)" = true ] || die "chain"
wa-nda audit -w wa.db bright-smile-dental --verify > ok.txt || die "verify: $(cat ok.txt)"
grep -q 'bright-smile-dental: the audit trail is intact (6 rows)' ok.txt || die "$(cat ok.txt)"
seq=$(sqlite3 wa.db "select seq from audit_trail where client = 'bright-smile-dental' and action = 'delivered'")
sqlite3 wa.db "update audit_trail set actor = 'Mallory' where seq = $seq"
expect_exit 1 wa-nda audit -w wa.db bright-smile-dental --verify > bad.txt 2> bad.err
grep -q "row $seq was changed after it was written" bad.err || die "edit: $(cat bad.err)"
grep -q 'the audit trail was changed' bad.txt || die "verdict: $(cat bad.txt)"
# a deleted row is caught too (its successor no longer follows)
sqlite3 wa.db "delete from audit_trail where client = 'northwind-outfitters' and action = 'generated'"
expect_exit 1 wa-nda audit -w wa.db northwind-outfitters --verify > /dev/null 2> del.err
grep -q 'does not follow the row before it' del.err || die "delete: $(cat del.err)"
# and so is the last row deleted (the envelope no longer matches)
sqlite3 wa.db "delete from audit_trail where seq = (select max(seq) from audit_trail where client = 'harbour-lane-estates')"
expect_exit 1 wa-nda audit -w wa.db harbour-lane-estates --verify > /dev/null 2> tail.err
grep -q 'the trail does not end where its envelope says' tail.err ||
	die "tail: $(cat tail.err)"
expect_exit 66 wa-nda audit -w wa.db nobody 2> /dev/null

# events: one per change
[ "$(q "select count(*) from events where type like 'nda.%' and client_id = 'bright-smile-dental'")" = 6 ] ||
	die "events"
