# wa-nda sign and verify, proved by tools nobody here wrote: pdfsig
# (poppler) validates each signature and the coverage, openssl cms
# verifies the extracted CMS and shows its attributes, qpdf checks every
# file.  Then: countersigning, the lifecycle the workspace records,
# determinism, tampering, the legacy format, encrypted keys, bad input.
. "$HERE/lib.sh"
agency="$ROOT/examples/agency.yaml"
export SOURCE_DATE_EPOCH=1795478400     # 2026-11-24T00:00:00Z
WA_CERT_PASSPHRASE="correct horse" "$ROOT/scripts/make-test-certs" pki "Zoë Núñez" \
	"Dr. Maya Okafor" 2> /dev/null
"$ROOT/scripts/make-test-certs" plain "Zoë Núñez" 2> /dev/null
ca=pki/ca.pem
chain=pki/chain.pem
printf 'correct horse\n' > pass.txt
wa-import -q -w wa.db "$ROOT/examples/clients/bright-smile-dental.json" |
	wa-nda -w wa.db --agency "$agency" -o . > nda.json
pdf=bright-smile-dental-nda-v1.pdf

# the PDF as generated: an empty signature field per party, valid PDF
qpdf --check "$pdf" > /dev/null || die "qpdf on the unsigned PDF"
pdfsig "$pdf" > sig0.txt 2>&1 || true
[ "$(grep -c 'The signature form field is not signed' sig0.txt)" = 2 ] ||
	die "two empty signature fields: $(cat sig0.txt)"
[ "$(jv nda.json '.nda.status')" = draft ] || die "draft"
[ "$(jv nda.json '[.nda.recipients[].name] | join(",")')" = "Zoë Núñez,Dr. Maya Okafor" ] ||
	die "recipients in routing order"

# routing order: the client cannot sign before the agency
cp "$pdf" work.pdf
expect_exit 65 wa-nda sign -w wa.db work.pdf --key pki/signer2.key --cert pki/signer2.pem \
	--passphrase-file pass.txt --signer "Dr. Maya Okafor" 2> err.txt
grep -q 'Dr. Maya Okafor cannot sign before Zoë Núñez' err.txt || die "routing: $(cat err.txt)"
cmp -s work.pdf "$pdf" || die "a refused signature changed the file"

# an encrypted key: no passphrase, a wrong one, then the right one
expect_exit 77 env -u WA_SIGN_PASSPHRASE wa-nda sign -w wa.db work.pdf --key pki/signer1.key \
	--cert pki/signer1.pem --signer "Zoë Núñez" 2> err.txt
grep -q 'signer1.key: an encrypted key: no passphrase given' err.txt || die "no pass: $(cat err.txt)"
expect_exit 77 env WA_SIGN_PASSPHRASE=wrong wa-nda sign -w wa.db work.pdf \
	--key pki/signer1.key --cert pki/signer1.pem --signer "Zoë Núñez" 2> err.txt
grep -q 'the passphrase does not open it' err.txt || die "wrong pass: $(cat err.txt)"
! grep -q wrong err.txt || die "the passphrase is in the message"
# without -o the file is replaced
wa-nda sign -w wa.db work.pdf --key pki/signer1.key --cert pki/signer1.pem --chain "$chain" \
	--passphrase-file pass.txt --signer "Zoë Núñez" --reason "Agreed" 2> sign1.txt
grep -q 'signed by Zoë Núñez (next: Dr. Maya Okafor)' sign1.txt || die "sign1: $(cat sig1.txt)"
cmp -s work.pdf "$pdf" && die "the file was not replaced"
# an incremental update: the original bytes are the signed file's start
head -c "$(wc -c < "$pdf")" work.pdf | cmp -s - "$pdf" || die "not an incremental update"
pdfsig work.pdf > sig1.txt 2>&1 || true
grep -q 'Signature Field Name: Signature1' sig1.txt || die "field: $(cat sig1.txt)"
grep -q 'Signer Certificate Common Name: Zoë Núñez' sig1.txt || die "cn: $(cat sig1.txt)"
grep -q 'Signature Type: ETSI.CAdES.detached' sig1.txt || die "subfilter: $(cat sig1.txt)"
grep -q 'Signing Hash Algorithm: SHA-256' sig1.txt || die "sha-256: $(cat sig1.txt)"
grep -q 'Signature is Valid' sig1.txt || die "pdfsig: $(cat sig1.txt)"
grep -q 'Total document signed' sig1.txt || die "coverage: $(cat sig1.txt)"
qpdf --check work.pdf > /dev/null || die "qpdf on the signed PDF"
# the CMS, outside wa: verifies over the signed ranges, with the
# signingCertificateV2 attribute and no signingTime (PAdES B-B)
mkdir cms1
/usr/bin/python3 "$HERE/../tools/pdf_cms_extract.py" work.pdf 1 cms1
openssl cms -verify -binary -inform DER -in cms1/sig.der -content cms1/signed.bin \
	-CAfile "$ca" -purpose any -out /dev/null 2> cms1/err || die "openssl cms: $(cat cms1/err)"
openssl cms -cmsout -print -inform DER -in cms1/sig.der > cms1/print.txt
grep -q 'id-smime-aa-signingCertificateV2' cms1/print.txt || die "no signingCertificateV2"
grep -q 'messageDigest' cms1/print.txt || die "no messageDigest"
! grep -q 'signingTime' cms1/print.txt || die "a signingTime in a PAdES signature"
grep -q 'sha256' cms1/print.txt || die "digest algorithm"

# the client countersigns the signed file; the first signature holds
wa-nda sign -w wa.db work.pdf -o signed.pdf --key pki/signer2.key --cert pki/signer2.pem \
	--chain "$chain" --passphrase-file pass.txt --signer "Dr. Maya Okafor" 2> sign2.txt
grep -q '(completed)' sign2.txt || die "completed: $(cat sign2.txt)"
pdfsig signed.pdf > sig2.txt 2>&1 || true
[ "$(grep -c 'Signature is Valid' sig2.txt)" = 2 ] || die "two valid: $(cat sig2.txt)"
[ "$(grep -c 'Total document signed' sig2.txt)" = 1 ] || die "one total: $(cat sig2.txt)"
grep -q 'Not total document signed' sig2.txt || die "the first covers its revision"
/usr/bin/python3 - sig2.txt <<'PY' || die "the last signature covers the whole file"
import sys
t = open(sys.argv[1]).read()
assert t.index("Total document signed") > t.index("Signature #2")
PY
qpdf --check signed.pdf > /dev/null || die "qpdf on the countersigned PDF"
mkdir cms2
/usr/bin/python3 "$HERE/../tools/pdf_cms_extract.py" signed.pdf 2 cms2
openssl cms -verify -binary -inform DER -in cms2/sig.der -content cms2/signed.bin \
	-CAfile "$ca" -purpose any -out /dev/null 2> /dev/null || die "openssl cms, second"
# wa-nda verify agrees, and with --ca the chain is trusted
wa-nda verify --ca "$ca" signed.pdf > v.txt || die "verify: $(cat v.txt)"
grep -q 'Signature1: Zoë Núñez, 2026-11-24T00:00:00+00:00, ETSI.CAdES.detached' v.txt ||
	die "verify text: $(cat v.txt)"
grep -q 'issuer:  CN=wa Test Signing CA,O=wa test' v.txt || die "issuer: $(cat v.txt)"
grep -q 'all signatures intact' v.txt || die "verdict: $(cat v.txt)"
wa-nda verify --json signed.pdf > v.json
[ "$(jv v.json '[.ok, (.signatures | length), .signatures[1].covers_whole_document,
	.signatures[0].covers_whole_document, .signatures[0].pades] | map(tostring) | join(" ")')" = \
	"true 2 true false true" ] || die "verify json: $(cat v.json)"
# a certificate that does not chain to --ca is not trusted
expect_exit 1 wa-nda verify --ca plain/ca.pem signed.pdf > v2.txt
grep -q 'trust: NOT trusted: does not chain to --ca' v2.txt || die "untrusted: $(cat v2.txt)"
# ... which is trust, not integrity: each check is said apart
grep -q 'integrity: ok, the signed bytes are unchanged' v2.txt || die "integrity apart: $(cat v2.txt)"
wa-nda verify --json --ca plain/ca.pem signed.pdf > v2.json && die "untrusted verified"
[ "$(jv v2.json '.signatures[1] | [.integrity, .signature_valid, .intact, .certificate_valid_at_signing,
	.trusted, .revocation, .ok] | map(tostring) | join(" ")')" = "true true true true false not checked false" ] ||
	die "checks apart: $(cat v2.json)"

# the workspace: completed, the signed copy kept, the trail intact
wa-nda status -w wa.db bright-smile-dental > st.json
[ "$(jv st.json .status)" = completed ] || die "status: $(cat st.json)"
[ "$(jv st.json .current_sha256)" = "$(sha256sum < signed.pdf | cut -c1-64)" ] || die "sha"
wa -w wa.db artifacts get nda/bright-smile-dental/v1/nda-signed.pdf > kept.pdf
cmp -s kept.pdf signed.pdf || die "the signed copy in the workspace"
wa-nda audit -w wa.db bright-smile-dental > audit.jsonl
[ "$(jq -r .action audit.jsonl | tr '\n' ' ')" = "generated signed signed completed " ] ||
	die "audit: $(cat audit.jsonl)"
# each signature's row names the certificate it was made with, as
# openssl reads it: subject, issuer, serial, SHA-256 fingerprint
for n in 1 2; do
	row=$(jq -c "select(.action == \"signed\") | .detail.certificate" audit.jsonl | sed -n ${n}p)
	[ "$(echo "$row" | jq -r .serial)" = "$(openssl x509 -in pki/signer$n.pem -noout -serial | cut -d= -f2)" ] ||
		die "serial $n: $row"
	[ "$(echo "$row" | jq -r .sha256)" = "$(openssl x509 -in pki/signer$n.pem -noout -fingerprint -sha256 |
		cut -d= -f2 | tr -d : | tr A-F a-f)" ] || die "fingerprint $n: $row"
	[ "$(echo "$row" | jq -r .subject)" = "$(openssl x509 -in pki/signer$n.pem -noout -subject \
		-nameopt RFC2253,-esc_msb | sed 's/^subject=//')" ] || die "subject $n: $row"
	[ "$(echo "$row" | jq -r .issuer)" = "CN=wa Test Signing CA,O=wa test" ] || die "issuer $n: $row"
done
wa-nda audit -w wa.db bright-smile-dental --verify > av.txt || die "audit verify"
[ "$(q "select count(*) from events where type = 'nda.signed'")" = 2 ] || die "events"
# a completed NDA is final
expect_exit 65 wa-nda sign -w wa.db signed.pdf --key plain/signer1.key --cert plain/signer1.pem \
	--signer "Zoë Núñez" -o again.pdf 2> err.txt
grep -q 'is completed, which is final: it cannot be signed' err.txt || die "final: $(cat err.txt)"
[ ! -e again.pdf ] || die "a refused signature wrote a file"
# the unsigned original of a signed NDA is not signed over again
expect_exit 65 wa-nda sign -w wa.db "$pdf" --key plain/signer1.key --cert plain/signer1.pem \
	--signer "Zoë Núñez" -o again.pdf 2> err.txt
grep -q 'signed since: sign the signed copy' err.txt || die "original: $(cat err.txt)"

# the certificate of completion: who, when, the hashes
wa-nda certificate -w wa.db bright-smile-dental -o cert.pdf > cert.name
[ "$(cat cert.name)" = nda/bright-smile-dental/v1/certificate.pdf ] || die "cert artifact"
qpdf --check cert.pdf > /dev/null || die "qpdf on the certificate"
pdftotext cert.pdf cert.txt 2> /dev/null
for w in "Certificate of completion" "Zoë Núñez" "Dr. Maya Okafor" "2026-11-24T00:00:00" \
	"$(sha256sum < "$pdf" | cut -c1-32)" completed "Signing certificates" \
	"$(openssl x509 -in pki/signer2.pem -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : | tr A-F a-f | cut -c1-12)"; do
	grep -q "$w" cert.txt || die "certificate lacks $w: $(cat cert.txt)"
done

# outside any workspace, signing is deterministic
export WA_WORKSPACE="$PWD/none/wa.db"
for n in 1 2; do
	wa-nda sign "$pdf" -o det$n.pdf --key plain/signer1.key --cert plain/signer1.pem \
		--signer "Zoë Núñez"
done
cmp -s det1.pdf det2.pdf || die "two signatures of the same file differ"
[ ! -e none ] || die "a workspace was created"

# tampering: one byte changed inside the signed ranges
/usr/bin/python3 - signed.pdf tampered.pdf <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
i = d.index(b"/Title")          # in the Info dictionary, signed by both
d[i + 1] ^= 0x20
open(sys.argv[2], "wb").write(d)
PY
pdfsig tampered.pdf > t.txt 2>&1 || true
[ "$(grep -c 'Digest Mismatch' t.txt)" = 2 ] || die "pdfsig on the tampered file: $(cat t.txt)"
expect_exit 1 wa-nda verify tampered.pdf > tv.txt
grep -q 'BROKEN: digest mismatch' tv.txt || die "verify tampered: $(cat tv.txt)"
# bytes added after the last signature
cp signed.pdf appended.pdf
printf '%% appended\n' >> appended.pdf
expect_exit 1 wa-nda verify appended.pdf > av.txt
grep -q 'covers its revision' av.txt || die "appended: $(cat av.txt)"
pdfsig appended.pdf 2>&1 | grep -q 'Not total document signed' || die "pdfsig appended"

# --legacy: adbe.pkcs7.detached, with the time in the CMS as well
wa-nda sign --legacy "$pdf" -o legacy.pdf --key plain/signer1.key --cert plain/signer1.pem \
	--signer "Zoë Núñez"
pdfsig legacy.pdf > l.txt 2>&1 || true
grep -q 'Signature Type: adbe.pkcs7.detached' l.txt && grep -q 'Signature is Valid' l.txt ||
	die "legacy: $(cat l.txt)"
mkdir cmsl
/usr/bin/python3 "$HERE/../tools/pdf_cms_extract.py" legacy.pdf 1 cmsl
openssl cms -cmsout -print -inform DER -in cmsl/sig.der | grep -q signingTime ||
	die "legacy signingTime"

# a PDF without signature fields gets an invisible one
wa-nda sign cert.pdf -o cert-signed.pdf --key plain/signer1.key --cert plain/signer1.pem \
	--signer "Zoë Núñez"
pdfsig cert-signed.pdf > c.txt 2>&1 || true
grep -q 'Signature is Valid' c.txt && grep -q 'Total document signed' c.txt ||
	die "invisible field: $(cat c.txt)"
qpdf --check cert-signed.pdf > /dev/null || die "qpdf, invisible field"
# --field names the field; a signed one or a missing one is refused
expect_exit 65 wa-nda sign signed.pdf -o x.pdf --field Signature1 --key plain/signer1.key \
	--cert plain/signer1.pem --signer "Zoë Núñez" 2> err.txt
grep -q 'the field "Signature1" is signed already' err.txt || die "signed field: $(cat err.txt)"
expect_exit 65 wa-nda sign "$pdf" -o x.pdf --field Witness --key plain/signer1.key \
	--cert plain/signer1.pem --signer "Zoë Núñez" 2> err.txt
grep -q 'no signature field "Witness" (the file has "Signature1", "Signature2")' err.txt ||
	die "missing field: $(cat err.txt)"
wa-nda sign "$pdf" -o second-field.pdf --field Signature2 --key plain/signer1.key \
	--cert plain/signer1.pem --signer "Zoë Núñez"
pdfsig second-field.pdf 2>&1 | grep -A12 'Signature #2' | grep -q 'Signature is Valid' ||
	die "--field Signature2"

# bad input: each with its message and exit code, and no file written
printf 'not a pdf\n' > text.pdf
expect_exit 65 wa-nda sign text.pdf -o x.pdf --key plain/signer1.key --cert plain/signer1.pem \
	--signer "Zoë Núñez" 2> err.txt
grep -q 'text.pdf: not a PDF' err.txt || die "not a pdf: $(cat err.txt)"
head -c 5000 "$pdf" > cut.pdf
expect_exit 65 wa-nda sign cut.pdf -o x.pdf --key plain/signer1.key --cert plain/signer1.pem \
	--signer "Zoë Núñez" 2> err.txt
grep -q 'cut.pdf: no startxref near the end' err.txt || die "cut: $(cat err.txt)"
expect_exit 65 wa-nda verify cut.pdf 2> err.txt
expect_exit 66 wa-nda sign "$pdf" -o x.pdf --key nosuch.key --cert plain/signer1.pem \
	--signer "Zoë Núñez" 2> err.txt
grep -q 'nosuch.key' err.txt || die "missing key: $(cat err.txt)"
expect_exit 78 wa-nda sign "$pdf" -o x.pdf --key plain/signer1.key --cert "$ca" \
	--signer "Zoë Núñez" 2> err.txt
grep -q 'is not the key of the certificate' err.txt || die "mismatch: $(cat err.txt)"
expect_exit 78 wa-nda sign "$pdf" -o x.pdf --key pass.txt --cert plain/signer1.pem \
	--signer "Zoë Núñez" 2> err.txt
grep -q 'pass.txt: no private key in PEM form' err.txt || die "no key: $(cat err.txt)"
expect_exit 64 wa-nda sign "$pdf" --key plain/signer1.key --cert plain/signer1.pem 2> err.txt
[ ! -e x.pdf ] || die "a failed signature wrote a file"

# the signer must be whom the certificate names: Okafor with Núñez's key
# is refused, and nothing is signed or recorded
cp "$pdf" other.pdf
expect_exit 77 wa-nda sign other.pdf -o x.pdf --key plain/signer1.key --cert plain/signer1.pem \
	--signer "Dr. Maya Okafor" 2> err.txt
grep -q 'the signer "Dr. Maya Okafor" is not who the certificate names (CN=Zoë Núñez,O=wa test)' err.txt ||
	die "someone else's certificate: $(cat err.txt)"
[ ! -e x.pdf ] || die "a refused signer wrote a file"
# sensibly compared: case, accents, punctuation, a title; an e-mail
# address through the operator's map; the map does not open every door
wa-nda sign "$pdf" -o y1.pdf --key plain/signer1.key --cert plain/signer1.pem --signer "ZOE NUNEZ" ||
	die "case and accents"
wa-nda sign "$pdf" -o y2.pdf --key plain/signer1.key --cert plain/signer1.pem --signer "Dr. Zoë Núñez" ||
	die "a title"
printf '"Z. N. of the agency": "Zoë Núñez"\nSomeone: [nobody@example.com]\n' > map.yaml
wa-nda sign "$pdf" -o y3.pdf --key plain/signer1.key --cert plain/signer1.pem \
	--signer "Z. N. of the agency" --signer-map map.yaml || die "a mapped name"
expect_exit 77 wa-nda sign "$pdf" -o y4.pdf --key plain/signer1.key --cert plain/signer1.pem \
	--signer Someone --signer-map map.yaml 2> /dev/null
# a certificate out of its validity at the signing time is refused
WA_CERT_VALIDITY="20240101000000Z 20250101000000Z" "$ROOT/scripts/make-test-certs" old "Zoë Núñez" 2> /dev/null
expect_exit 77 wa-nda sign "$pdf" -o x.pdf --key old/signer1.key --cert old/signer1.pem \
	--signer "Zoë Núñez" 2> err.txt
grep -q 'cannot sign at 2026-11-24T00:00:00Z: it is expired, since 2025-01-01T00:00:00Z' err.txt ||
	die "expired: $(cat err.txt)"
WA_CERT_VALIDITY="20270101000000Z 20280101000000Z" "$ROOT/scripts/make-test-certs" new "Zoë Núñez" 2> /dev/null
expect_exit 77 wa-nda sign "$pdf" -o x.pdf --key new/signer1.key --cert new/signer1.pem \
	--signer "Zoë Núñez" 2> err.txt
grep -q 'it is not valid before 2027-01-01T00:00:00Z' err.txt || die "not yet valid: $(cat err.txt)"
# a certificate that has expired since it signed: the signature still
# holds, valid when made and trusted (the chain judged without dates)
SOURCE_DATE_EPOCH=1717200000 wa-nda sign "$pdf" -o old-signed.pdf --key old/signer1.key \
	--cert old/signer1.pem --chain old/chain.pem --signer "Zoë Núñez" || die "signing in 2024"
wa-nda verify --ca old/ca.pem old-signed.pdf > ov.txt || die "an expired certificate's signature: $(cat ov.txt)"
grep -q 'certificate: valid when it signed' ov.txt && grep -q 'trust: chains to --ca' ov.txt ||
	die "expired since: $(cat ov.txt)"
! openssl x509 -in old/signer1.pem -noout -checkend 0 > /dev/null || die "the old certificate has not expired"
[ ! -e x.pdf ] || die "a refused certificate wrote a file"
expect_exit 1 wa-nda verify "$pdf" > v0.txt
grep -q 'not signed' v0.txt || die "unsigned verify: $(cat v0.txt)"
