# wa-proposal's agreement draft and the proposal's own life: the order
# form from pricing, a version only when its text changes, --tier and
# --billing kept for later runs, signing in routing order proved by
# pdfsig and qpdf, the certificate and audit trail; the proposal sent,
# viewed and accepted, and the moves its model forbids; bad input.
. "$HERE/lib.sh"
agency="$ROOT/examples/agency.yaml"
export SOURCE_DATE_EPOCH=1795478400     # 24 November 2026, 00:00 UTC
"$ROOT/scripts/make-test-certs" pki "Zoë Núñez" "Dr. Maya Okafor" 2> /dev/null
wa-import -q -w wa.db "$ROOT/examples/clients/bright-smile-dental.json" |
	wa-price -q -w wa.db --ratecard "$ROOT/examples/ratecard.yaml" > priced.json
mkdir out
wa-proposal -q -w wa.db --agency "$agency" -o out priced.json > p1.json
/usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" dossier.schema.json p1.json
a1=out/bright-smile-dental-agreement-v1.pdf
[ "$(jv p1.json .proposal.agreement.version)" = 1 ] || die "agreement v1"
[ "$(jv p1.json .proposal.agreement.status)" = draft ] || die "agreement draft"
[ "$(jv p1.json .proposal.status)" = draft ] || die "proposal draft"
[ "$(jv p1.json '[.proposal.agreement.recipients[].name] | join(",")')" = "Zoë Núñez,Dr. Maya Okafor" ] ||
	die "signers in routing order: $(jv p1.json .proposal.agreement.recipients)"
# the order form: the recommended tier's prices, monthly
rec=$(jv priced.json .pricing.recommended_tier)
[ "$(jv p1.json .proposal.agreement.tier)" = "$rec" ] || die "tier"
tier() { jq -r --arg t "$1" ".pricing.tiers[] | select(.name == \$t) | $2" priced.json; }
md=out/bright-smile-dental-agreement-v1.md
grep -qF "| Fee | $(tier "$rec" .monthly_fee | sed 's/\./\\./') USD a month |" "$md" || die "fee: $(grep Fee "$md")"
grep -qF "| Setup fee, once | $(tier "$rec" .setup_fee | sed 's/\./\\./') USD |" "$md" || die "setup"
grep -qF "| Billing | monthly |" "$md" || die "billing"
wa -w wa.db artifacts get agreement/bright-smile-dental/v1/agreement.pdf > ws.pdf
cmp -s ws.pdf "$a1" || die "the artifact is not the file"
[ "$(q "select count(*) from events where type = 'agreement.generated'")" = 1 ] || die "agreement event"
[ "$(q "select count(*) from events where type = 'proposal.generated'")" = 1 ] || die "proposal event"

# unchanged: no new version of either
wa-proposal -q -w wa.db --agency "$agency" p1.json > p2.json
[ "$(jv p2.json .proposal.agreement.version)" = 1 ] || die "an agreement version for nothing"
[ "$(q "select count(*) from envelopes")" = 2 ] || die "envelopes: $(q 'select kind, version from envelopes')"
# annual billing: a new agreement (the annual fee, a year), the same proposal
wa-proposal -q -w wa.db --agency "$agency" --billing annual -o out p2.json > p3.json
[ "$(jv p3.json .proposal.agreement.version)" = 2 ] || die "agreement v2"
[ "$(jv p3.json .proposal.version)" = 1 ] || die "the proposal moved"
[ "$(jv p3.json .proposal.agreement.options.billing)" = annual ] || die "options"
grep -qF "| Fee | $(tier "$rec" .annual.fee | sed 's/\./\\./') USD a year |" \
	out/bright-smile-dental-agreement-v2.md || die "annual fee: $(grep Fee out/bright-smile-dental-agreement-v2.md)"
# the choice holds without the option; another tier is another version
wa-proposal -q -w wa.db --agency "$agency" p3.json > p4.json
[ "$(jv p4.json .proposal.agreement.version)" = 2 ] || die "the choice was forgotten"
wa-proposal -q -w wa.db --agency "$agency" --tier starter --billing monthly -o out p4.json > p5.json
[ "$(jv p5.json .proposal.agreement.version)" = 3 ] || die "agreement v3"
grep -qF "| Plan | Starter |" out/bright-smile-dental-agreement-v3.md || die "starter"
grep -qF "| Fee | $(tier starter .monthly_fee | sed 's/\./\\./') USD a month |" \
	out/bright-smile-dental-agreement-v3.md || die "starter fee"
# bad choices
expect_exit 65 wa-proposal -q -w wa.db --agency "$agency" --tier platinum p5.json > bad.json 2> err.txt
grep -q 'record 1 (bright-smile-dental): agreement: pricing has no tier platinum (it has starter, growth, scale)' err.txt ||
	die "unknown tier: $(cat err.txt)"
[ ! -s bad.json ] || die "a record went through"
expect_exit 64 wa-proposal -w wa.db --agency "$agency" --billing weekly p5.json 2> err.txt
grep -q -- '--billing: monthly or annual, not weekly' err.txt || die "billing: $(cat err.txt)"
expect_exit 64 wa-proposal agreement frobnicate 2> err.txt
grep -q 'no command "frobnicate"' err.txt || die "agreement command: $(cat err.txt)"
wa-proposal agreement --help | grep -q '^  sign  *FILE.pdf' || die "agreement help"
wa-proposal agreement sign --help | grep -q 'usage: wa-proposal agreement sign FILE.pdf' || die "sign help"
wa-proposal status --help | tr -s '\n ' '  ' | grep -q 'draft, sent, viewed, accepted, declined or expired' || die "status help"

# signing v3, in routing order, as an NDA is signed
a3=out/bright-smile-dental-agreement-v3.pdf
qpdf --check "$a3" > /dev/null || die "qpdf on the unsigned agreement"
cp "$a3" work.pdf
expect_exit 65 wa-proposal agreement sign -w wa.db work.pdf --key pki/signer2.key \
	--cert pki/signer2.pem --signer "Dr. Maya Okafor" 2> err.txt
grep -q 'Dr. Maya Okafor cannot sign before Zoë Núñez' err.txt || die "routing: $(cat err.txt)"
# an older version's file is not the one to sign
cp "$a1" old.pdf
wa-proposal agreement status -w wa.db bright-smile-dental --version 1 > v1.json
wa-proposal agreement sign -w wa.db work.pdf --key pki/signer1.key --cert pki/signer1.pem \
	--chain pki/chain.pem --signer "Zoë Núñez" 2> sign1.txt
grep -q 'bright-smile-dental v3: signed by Zoë Núñez (next: Dr. Maya Okafor)' sign1.txt ||
	die "sign1: $(cat sign1.txt)"
# the unsigned original cannot be signed again
expect_exit 65 wa-proposal agreement sign -w wa.db "$a3" -o x.pdf --key pki/signer2.key \
	--cert pki/signer2.pem --signer "Dr. Maya Okafor" 2> err.txt
grep -q "as generated, but it has been signed since: sign the signed copy (wa artifacts get agreement/bright-smile-dental/v3/agreement-signed.pdf)" err.txt ||
	die "original: $(cat err.txt)"
wa-proposal agreement sign -w wa.db work.pdf --key pki/signer2.key --cert pki/signer2.pem \
	--chain pki/chain.pem --signer "Dr. Maya Okafor" 2> sign2.txt
grep -q '(completed)' sign2.txt || die "sign2: $(cat sign2.txt)"
pdfsig work.pdf > sig.txt 2>&1 || true
[ "$(grep -c 'Signature is Valid' sig.txt)" = 2 ] || die "pdfsig: $(cat sig.txt)"
grep -q 'Signer Certificate Common Name: Dr. Maya Okafor' sig.txt || die "cn: $(cat sig.txt)"
grep -q 'Total document signed' sig.txt || die "coverage: $(cat sig.txt)"
qpdf --check work.pdf > /dev/null || die "qpdf on the signed agreement"
wa-proposal agreement verify --ca pki/ca.pem work.pdf > verify.txt || die "verify: $(cat verify.txt)"
grep -q 'all signatures intact' verify.txt || die "verify says: $(cat verify.txt)"
wa-proposal agreement status -w wa.db bright-smile-dental > st.json
[ "$(jv st.json .status)" = completed ] || die "completed: $(cat st.json)"
[ "$(jv st.json .version)" = 3 ] || die "the latest version"
[ "$(jv v1.json .status)" = draft ] || die "v1 untouched"
wa -w wa.db artifacts get agreement/bright-smile-dental/v3/agreement-signed.pdf | cmp -s - work.pdf ||
	die "the signed copy is kept"
wa-proposal agreement certificate -w wa.db bright-smile-dental -o cert.pdf > cert.txt
pdftotext cert.pdf - | grep -q 'agreement, bright-smile-dental, version 3' || die "certificate"
wa-proposal agreement audit -w wa.db bright-smile-dental --verify > audit.txt || die "audit"
grep -q 'the audit trail is intact' audit.txt || die "audit: $(cat audit.txt)"
[ "$(q "select count(*) from events where type = 'agreement.completed'")" = 1 ] || die "completed event"
# a completed agreement is final
expect_exit 65 wa-proposal agreement status -w wa.db bright-smile-dental --set voided --by agency \
	--reason "changed our mind" 2> err.txt
grep -q 'is completed, which is final: it cannot be voided' err.txt || die "final: $(cat err.txt)"

# the proposal's life: draft -> sent -> viewed -> accepted
expect_exit 65 wa-proposal status -w wa.db bright-smile-dental --set accepted --by client 2> err.txt
grep -q 'bright-smile-dental proposal v1: is draft: it cannot be accepted (only from sent or viewed)' err.txt ||
	die "accept a draft: $(cat err.txt)"
expect_exit 64 wa-proposal status -w wa.db bright-smile-dental --set signed --by client 2> err.txt
grep -q -- '--set: draft, sent, viewed, accepted, declined or expired, not signed' err.txt ||
	die "not a proposal status: $(cat err.txt)"
wa-proposal status -w wa.db bright-smile-dental --set sent --by "account manager" --days 14 > s.json
[ "$(jv s.json .status)" = sent ] || die "sent"
[ "$(jv s.json .deadline)" = "2026-12-08T00:00:00.000Z" ] || die "deadline 14 days on: $(jv s.json .deadline)"
expect_exit 65 wa-proposal status -w wa.db bright-smile-dental --set viewed --by "Somebody Else" 2> err.txt
grep -q '"Somebody Else" is not a recipient' err.txt || die "viewer: $(cat err.txt)"
# waiting on the client: remind lists it for cron
wa-proposal remind -w wa.db --days 0 > remind.txt
[ "$(jq -r '[.type, .client, .waiting_on.name] | join(" ")' remind.txt)" = \
	"reminder bright-smile-dental Dr. Maya Okafor" ] || die "remind: $(cat remind.txt)"
wa-proposal status -w wa.db bright-smile-dental --set viewed --by maya@bright-smile-dental.example > s.json
[ "$(jv s.json .status)" = viewed ] || die "viewed"
wa-proposal status -w wa.db bright-smile-dental --set accepted --by client > s.json
[ "$(jv s.json .status)" = accepted ] || die "accepted"
[ "$(jv s.json '.recipients[0].status')" = accepted ] || die "who accepted"
expect_exit 65 wa-proposal status -w wa.db bright-smile-dental --set declined --by client \
	--reason "too dear" 2> err.txt
grep -q 'is accepted, which is final: it cannot be declined' err.txt || die "final: $(cat err.txt)"
wa-proposal audit -w wa.db bright-smile-dental > trail.txt
[ "$(jq -r .action trail.txt | tr '\n' ' ')" = "generated sent viewed accepted " ] ||
	die "trail: $(jq -r .action trail.txt)"
wa-proposal audit -w wa.db bright-smile-dental --verify > /dev/null || die "proposal trail"
for e in proposal.sent proposal.viewed proposal.accepted; do
	[ "$(q "select count(*) from events where type = '$e'")" = 1 ] || die "event $e"
done
# the trail changed behind wa's back is found
q "update audit_trail set actor = 'mallory' where kind = 'proposal' and action = 'viewed'"
expect_exit 1 wa-proposal audit -w wa.db bright-smile-dental --verify > /dev/null 2> err.txt
grep -q 'was changed after it was written' err.txt || die "tamper: $(cat err.txt)"
# the dossier shows the statuses on the next run
wa-proposal -q -w wa.db --agency "$agency" p5.json > p6.json
[ "$(jv p6.json .proposal.status)" = accepted ] || die "proposal status in the dossier"
[ "$(jv p6.json .proposal.agreement.status)" = completed ] || die "agreement status in the dossier"
# the cover is a section like the others: rewritten from a script, kept
printf '# A proposal for {{client.name}}\n\nWritten for you by **{{agency.legal_name}}**.\n\n' > cover.md
wa-proposal -q -w wa.db --agency "$agency" --section cover=cover.md -o out p6.json > p7.json
[ "$(jv p7.json '.proposal.overrides | join(",")')" = cover ] || die "cover override: $(jv p7.json .proposal.overrides)"
v=$(jv p7.json .proposal.version)
head -3 "out/bright-smile-dental-proposal-v$v.md" | grep -qx 'Written for you by \*\*Lighthouse Conversational Ltd\*\*\.' ||
	die "cover: $(head -3 "out/bright-smile-dental-proposal-v$v.md")"
[ "$(jv p7.json .proposal.status)" = draft ] || die "a new version is a new draft"
# agreement clauses of one's own, and bad ones
mkdir -p mine/clauses bad/clauses
printf '## § Data\n\nWe keep {{client.name}}'"'"'s data in the EU.\n' > mine/clauses/data.md
mkdir own
wa-proposal -q -w own.db --agency "$agency" --agreement-templates mine -o own priced.json > /dev/null
grep -q "^We keep Bright Smile Dental's data in the EU\.$" own/bright-smile-dental-agreement-v1.md ||
	die "own clause: $(grep -A2 'Data' own/bright-smile-dental-agreement-v1.md)"
grep -q '^## 9\. General terms' own/bright-smile-dental-agreement-v1.md || die "built-ins kept"
expect_exit 66 wa-proposal -q -w own.db --agency "$agency" --agreement-templates nowhere priced.json 2> err.txt
grep -q 'nowhere' err.txt || die "missing dir: $(cat err.txt)"
printf '## § Data\n\n{{#client.name}}unclosed\n' > bad/clauses/data.md
expect_exit 78 wa-proposal -q -w own.db --agency "$agency" --agreement-templates bad priced.json 2> err.txt
grep -q 'bad/clauses/data.md' err.txt || die "bad clause: $(cat err.txt)"
# a chart of one's own that is wrong: 65, its line and field named
printf '## § Return on investment\n\nSee below.\n\n```chart\n{"type":"bar","bars":[{"label":"x","value":-3}]}\n```\n' > roi.md
expect_exit 65 wa-proposal -q -w own.db --agency "$agency" --section roi=roi.md priced.json > none.json 2> err.txt
grep -q 'record 1 (bright-smile-dental): Markdown line [0-9]*: chart: bars\[0\]\.value: not a number at or above 0' err.txt ||
	die "bad chart: $(cat err.txt)"
[ ! -s none.json ] || die "a record with a bad chart went through"
