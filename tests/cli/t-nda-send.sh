# wa-nda send against a local server that answers like an e-signature
# service (DocuSign's envelopes API), and wa-nda webhook applying the
# service's notifications.  The token never shows.
. "$HERE/lib.sh"
agency="$ROOT/examples/agency.yaml"
export SOURCE_DATE_EPOCH=1795478400
for c in bright-smile-dental northwind-outfitters; do
	wa-import -q -w wa.db "$ROOT/examples/clients/$c.json"
done | wa-nda -w wa.db --agency "$agency" > /dev/null
unset WA_ESIGN_URL WA_ESIGN_ACCOUNT WA_ESIGN_TOKEN WA_ESIGN_TOKEN_FILE WA_ESIGN_WEBHOOK

# not configured: 78, and nothing changes
expect_exit 78 wa-nda send -w wa.db bright-smile-dental 2> err.txt
grep -q 'no e-signature service configured: set WA_ESIGN_URL, WA_ESIGN_ACCOUNT and WA_ESIGN_TOKEN' \
	err.txt || die "78: $(cat err.txt)"
[ "$(wa-nda status -w wa.db bright-smile-dental | jq -r .status)" = draft ] || die "changed"

websrv
export WA_ESIGN_URL="$BASE/esign/" WA_ESIGN_ACCOUNT=acct-42
# a wrong token: 77, the service's words, not the token
WA_ESIGN_TOKEN=not-the-token expect_exit 77 wa-nda send -w wa.db bright-smile-dental 2> err.txt
grep -q 'HTTP 401: the service refused the token (AUTHORIZATION_INVALID_TOKEN' err.txt ||
	die "401: $(cat err.txt)"
! grep -q not-the-token err.txt || die "the token in a message"
# the service down: 69
WA_ESIGN_ACCOUNT=acct-down WA_ESIGN_TOKEN=test-esign-token expect_exit 69 \
	wa-nda send -w wa.db bright-smile-dental 2> err.txt
grep -q 'HTTP 503: the service is unavailable (SERVICE_UNAVAILABLE: maintenance)' err.txt ||
	die "503: $(cat err.txt)"
# nobody listening: 69
WA_ESIGN_URL=http://127.0.0.1:9/ WA_ESIGN_TOKEN=test-esign-token expect_exit 69 \
	wa-nda send -w wa.db bright-smile-dental 2> err.txt
[ "$(wa-nda status -w wa.db bright-smile-dental | jq -r .status)" = draft ] || die "changed"

# sent: the token from a file, the envelope as the service wants it
printf 'test-esign-token\n' > token
WA_ESIGN_TOKEN_FILE=token WA_ESIGN_WEBHOOK=https://hooks.example/esign \
	wa-nda send -w wa.db bright-smile-dental --days 10 > sent.json 2> err.txt ||
	die "send: $(cat err.txt)"
pdf_sha=$(wa -w wa.db artifacts get nda/bright-smile-dental/v1/nda.pdf | sha256sum | cut -c1-64)
[ "$(jv sent.json .status)" = sent ] || die "status: $(cat sent.json)"
[ "$(jv sent.json .envelope_id)" = "env-$(echo "$pdf_sha" | cut -c1-12)" ] ||
	die "envelope id: $(cat sent.json)"
[ "$(jv sent.json .deadline)" = 2026-12-04T00:00:00.000Z ] || die "deadline"
env=esign-envelope.json
[ "$(jq -r '.documents[0].documentBase64' $env | base64 -d | sha256sum | cut -c1-64)" = "$pdf_sha" ] ||
	die "the document sent is not the NDA"
[ "$(jq -r '[.recipients.signers[] | .routingOrder + ":" + .name + ":" + .email] | join(",")' $env)" = \
	"1:Zoë Núñez:zoe@lighthouse-ai.example,2:Dr. Maya Okafor:maya@bright-smile-dental.example" ] ||
	die "signers: $(jq -c .recipients $env)"
[ "$(jq -r .eventNotification.url $env)" = https://hooks.example/esign ] || die "webhook url"
jq -e '.eventNotification.events | index("recipient-completed")' $env > /dev/null || die "events"
grep -q '"authorization": true' websrv.log || die "no Authorization header"
for f in sent.json err.txt; do ! grep -q test-esign-token $f || die "the token in $f"; done
! sqlite3 wa.db .dump | grep -q test-esign-token || die "the token in the workspace"
# sending again is refused: it is sent
WA_ESIGN_TOKEN=test-esign-token expect_exit 65 wa-nda send -w wa.db bright-smile-dental 2> err.txt
grep -q 'is sent: it cannot be sent' err.txt || die "twice: $(cat err.txt)"

# notifications: delivered, each recipient completed, repeated ones
id=$(jv sent.json .envelope_id)
note() { printf '{"event":"%s","apiVersion":"v2.1","data":{"accountId":"acct-42","envelopeId":"%s"%s}}' "$@"; }
note recipient-delivered "$id" ',"recipientId":"2"' | wa-nda webhook -w wa.db > w1.json
[ "$(jv w1.json '.status + " " + .recipients[1].status')" = "delivered delivered" ] ||
	die "delivered: $(cat w1.json)"
note recipient-completed "$id" ',"recipientId":"1"' | wa-nda webhook -w wa.db > w2.json
[ "$(jv w2.json .status)" = signed ] || die "signed: $(cat w2.json)"
note recipient-completed "$id" ',"recipientId":"1"' | wa-nda webhook -w wa.db > w3.json 2> w3.err
[ ! -s w3.json ] && grep -q 'was applied already' w3.err || die "repeat: $(cat w3.err)"
note recipient-completed "$id" ',"recipientId":"2"' | wa-nda webhook -w wa.db > w4.json
[ "$(jv w4.json .status)" = completed ] || die "completed: $(cat w4.json)"
note envelope-completed "$id" '' | wa-nda webhook -w wa.db 2> w5.err > /dev/null ||
	die "envelope-completed after completion: $(cat w5.err)"
note envelope-voided "$id" ',"voidedReason":"late"' | expect_exit 65 wa-nda webhook -w wa.db 2> err.txt
grep -q 'which is final: it cannot be voided' err.txt || die "void after completion: $(cat err.txt)"
[ "$(wa-nda audit -w wa.db bright-smile-dental | jq -r .actor | tr '\n' ,)" = \
	"wa-nda,wa-nda send,Dr. Maya Okafor,Zoë Núñez,Dr. Maya Okafor,wa," ] ||
	die "audit actors: $(wa-nda audit -w wa.db bright-smile-dental | jq -r .actor)"
wa-nda audit -w wa.db bright-smile-dental --verify > /dev/null || die "audit"

# bad notifications
printf 'not json' | expect_exit 65 wa-nda webhook -w wa.db 2> err.txt
grep -q 'stdin line 1' err.txt || die "bad json: $(cat err.txt)"
printf '{"event":"recipient-completed"}' | expect_exit 65 wa-nda webhook -w wa.db 2> err.txt
note recipient-completed env-unknown ',"recipientId":"1"' | expect_exit 66 wa-nda webhook -w wa.db 2> err.txt
grep -q 'envelope env-unknown: the workspace sent no such envelope' err.txt || die "$(cat err.txt)"
note template-created "$id" '' | wa-nda webhook -w wa.db 2> err.txt || die "unknown event"

# a recipient without an email cannot be sent to
jq -c 'del(.client.contacts[0].email) | .client.name = "No Mail Ltd" | .client.id = "no-mail"' \
	"$ROOT/examples/clients/northwind-outfitters.json" | wa-import -q -w wa.db |
	wa-nda -w wa.db --agency "$agency" > /dev/null
WA_ESIGN_TOKEN=test-esign-token expect_exit 65 wa-nda send -w wa.db no-mail 2> err.txt
grep -q 'recipient 2 (.*, client) has no email' err.txt || die "no email: $(cat err.txt)"
