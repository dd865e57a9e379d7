# wa-nda over the example clients: the nda section, the artifacts (the
# HTML they hold is what cmark-gfm makes of the Markdown), versions only
# when the text changes, clause variants, missing variables, bad profiles
# and templates.
. "$HERE/lib.sh"
agency="$ROOT/examples/agency.yaml"
wa-import -q -w wa.db "$ROOT/examples/clients/bright-smile-dental.json" > in.json
mkdir out
SOURCE_DATE_EPOCH=1795478400 wa-nda -w wa.db --agency "$agency" -o out in.json > nda.json
/usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" dossier.schema.json nda.json
[ "$(jq -r .nda.version nda.json)" = 1 ] || die "version"
[ "$(jq -r .nda.status nda.json)" = draft ] || die "status"
[ "$(jq -r .nda.template nda.json)" = mutual ] || die "template"
md=out/bright-smile-dental-nda-v1.md
[ -s "$md" ] && [ -s out/bright-smile-dental-nda-v1.html ] || die "no files in out/"
# the workspace holds the same bytes, and their sha256 is in the section
wa -w wa.db artifacts get nda/bright-smile-dental/v1/nda.md > ws.md
cmp -s ws.md "$md" || die "artifact differs from the file"
[ "$(sha256sum < "$md" | cut -c1-64)" = "$(jq -r '.nda.artifacts[0].sha256' nda.json)" ] || die "sha256"
[ "$(sqlite3 wa.db "select sz from sqlar where name = 'nda/bright-smile-dental/v1/nda.html'")" = \
  "$(wc -c < out/bright-smile-dental-nda-v1.html)" ] || die "html size"
# the content: the date under SOURCE_DATE_EPOCH, the parties, the signers
grep -q 'is made on 24 November 2026 between' "$md" || die "date"
grep -q 'Lighthouse Conversational Ltd\*\*, of 4 Anchor Yard, Bristol BS1 6QS, GB' "$md" || die "agency"
grep -q 'Bright Smile Dental Care LLC' "$md" || die "client legal name"
grep -q '| Name | Zoë Núñez | Dr. Maya Okafor |' "$md" || die "signers: $(grep Name "$md")"
grep -q '^## 7\. Non-solicitation' "$md" || die "clause 7"
grep -q '^## 9\. General' "$md" || die "clause 9"
grep -q 'a lawyer' "$md" || die "template notice"
# golden Markdown, made independently: pystache renders the same templates
# over data tests/tools/nda_oracle.py assembles as wa-nda(1) documents it,
# for each example client, mutual and one-way with every clause variant
for c in bright-smile-dental northwind-outfitters harbour-lane-estates; do
	wa-import -q -w gold-in.db "$ROOT/examples/clients/$c.json" > "gold-$c.json"
	for variant in "" "--type one-way --term 3 --law Ireland --no-non-solicitation --materials destroy" \
		"--type mutual --term 5 --materials destroy"; do
		rm -rf gold gold.db* && mkdir gold
		# shellcheck disable=SC2086
		SOURCE_DATE_EPOCH=1795478400 wa-nda -q -w gold.db --agency "$agency" $variant \
			-o gold "gold-$c.json" > /dev/null
		# shellcheck disable=SC2086
		/usr/bin/python3 "$HERE/../tools/nda_oracle.py" "$ROOT/schemas/templates/nda" "$agency" \
			"gold-$c.json" 1795478400 $variant > gold.md
		cmp -s gold.md gold/$c-nda-v1.md ||
			die "$c $variant: not the golden Markdown: $(diff gold.md gold/$c-nda-v1.md | head)"
		# and the HTML's article is cmark-gfm's rendering of that Markdown
		cmark-gfm -e table -e strikethrough -e autolink gold.md > gold-body.html
		/usr/bin/python3 - gold/$c-nda-v1.html gold-body.html <<'PY' || die "$c $variant: golden HTML"
import sys
page, body = open(sys.argv[1]).read(), open(sys.argv[2]).read()
start = page.index("<article>\n") + len("<article>\n")
assert page[start:page.index("</article>")] == body
PY
	done
done
# the HTML is cmark-gfm's rendering of the Markdown, in a page of its own
cmark-gfm -e table -e strikethrough -e autolink "$md" > expected-body.html
/usr/bin/python3 - out/bright-smile-dental-nda-v1.html expected-body.html <<'PY' || die "html body"
import sys
page, body = open(sys.argv[1]).read(), open(sys.argv[2]).read()
start = page.index("<article>\n") + len("<article>\n")
assert page[start:page.index("</article>")] == body
PY
! grep -q '<script\|<link' out/bright-smile-dental-nda-v1.html || die "not self-contained"
! grep -o 'src="[^"]*' out/bright-smile-dental-nda-v1.html | grep -qv '^src="data:' ||
	die "a resource outside the file"
[ "$(q "select count(*) from events where type = 'nda.generated'")" = 1 ] || die "event"
# the PDF: qpdf finds nothing wrong, pdftotext finds the text in order,
# accented names included, and the page footer
pdf=out/bright-smile-dental-nda-v1.pdf
qpdf --check "$pdf" > qpdf.txt || die "qpdf: $(cat qpdf.txt)"
pdftotext "$pdf" pdf.txt 2> /dev/null
/usr/bin/python3 - pdf.txt <<'PY' || die "pdf text: $(head -40 pdf.txt)"
import sys
t = open(sys.argv[1]).read()
want = ["Mutual Non-Disclosure Agreement", "24 November 2026", "Lighthouse Conversational Ltd",
        "1. Purpose", "3. Obligations", "7. Non-solicitation", "9. General", "Signatures",
        "Zoë Núñez", "Dr. Maya Okafor", "Page 1 of "]
at = 0
for w in want:
    i = t.find(w, at if w != "Page 1 of " else 0)
    assert i >= 0, w
    if w != "Page 1 of ":
        at = i
PY
pdfinfo "$pdf" 2> /dev/null | grep -q '^Title: *Mutual Non-Disclosure Agreement: Bright Smile Dental Care LLC' ||
	die "pdf title"
[ "$(jq -r '.nda.artifacts[2].format' nda.json)" = pdf ] || die "pdf artifact"
# byte-identical in another workspace under the same SOURCE_DATE_EPOCH
mkdir out2
wa-import -q -w other.db "$ROOT/examples/clients/bright-smile-dental.json" |
	SOURCE_DATE_EPOCH=1795478400 wa-nda -w other.db --agency "$agency" -o out2 > /dev/null
cmp -s "$pdf" out2/bright-smile-dental-nda-v1.pdf || die "the PDF is not reproducible"
cmp -s out/bright-smile-dental-nda-v1.html out2/bright-smile-dental-nda-v1.html || die "html"
# the same input again: no new version, no new artifact, no event
SOURCE_DATE_EPOCH=1795478400 wa-nda -w wa.db --agency "$agency" nda.json > again.json
[ "$(jq -r .nda.version again.json)" = 1 ] || die "a version without a change"
[ "$(q "select count(*) from events where type = 'nda.generated'")" = 1 ] || die "an event without a change"
# other choices: a new version; the dossier keeps them for next time
wa-nda -w wa.db --agency "$agency" --type one-way --term 3 --law Ireland \
	--no-non-solicitation --materials destroy again.json > v2.json
[ "$(jq -r .nda.version v2.json)" = 2 ] || die "v2"
wa -w wa.db artifacts get nda/bright-smile-dental/v2/nda.md > v2.md
grep -q '^# Non-Disclosure Agreement' v2.md || die "one-way"
! grep -q 'Non-solicitation' v2.md || die "non-solicitation left in"
grep -q 'continues for 3 years' v2.md || die "term"
grep -q 'laws of Ireland' v2.md || die "law"
grep -q 'promptly destroy all' v2.md || die "destroy"
wa-nda -w wa.db --agency "$agency" v2.json > v3.json
[ "$(jq -c .nda.options v3.json)" = "$(jq -c .nda.options v2.json)" ] || die "choices not kept"
# a client without contacts: every missing variable, with its line
jq -c 'del(.client.contacts) | del(.nda)' in.json > nocontact.json
expect_exit 65 wa-nda -w wa.db --agency "$agency" nocontact.json > /dev/null 2> err.txt
grep -q 'clauses/signatures line 5: "client.signer.name" is not set; clauses/signatures line 6: "client.signer.title" is not set' err.txt ||
	die "missing: $(cat err.txt)"
wa-nda -q -w wa.db --agency "$agency" --allow-missing nocontact.json > lax.json || die "allow-missing"
# a user's clause replaces the built-in one; a broken one is named
mkdir -p tpl/clauses
printf '## \302\247 Term\n\nThis lasts {{nda.term_years}} years.\n\n' > tpl/clauses/term.md
wa-nda -w wa.db --agency "$agency" --templates tpl in.json > own.json
wa -w wa.db artifacts get "$(jq -r '.nda.artifacts[0].name' own.json)" | grep -q '^This lasts 2 years\.$' ||
	die "own clause"
# clauses kept in the workspace override the built-in ones; a directory's
# override the workspace's
printf '## \302\247 Term\n\nIn the workspace: {{nda.term_years}} years.\n\n' > ws-term.md
wa -w wa.db artifacts put templates/nda/clauses/term.md ws-term.md
wa-nda -w wa.db --agency "$agency" in.json > wsown.json
wa -w wa.db artifacts get "$(jq -r '.nda.artifacts[0].name' wsown.json)" |
	grep -q '^In the workspace: 2 years\.$' || die "workspace clause"
wa-nda -w wa.db --agency "$agency" --templates tpl in.json > both.json
wa -w wa.db artifacts get "$(jq -r '.nda.artifacts[0].name' both.json)" |
	grep -q '^This lasts 2 years\.$' || die "--templates over the workspace"
printf '{{^broken}}\n' > ws-bad.md
wa -w wa.db artifacts put templates/nda/clauses/purpose.md ws-bad.md
expect_exit 78 wa-nda -w wa.db --agency "$agency" in.json > /dev/null 2> err.txt
grep -q 'workspace templates/nda/clauses/purpose.md' err.txt && grep -q 'line 1: {{^broken}} is never closed' err.txt ||
	die "ws bad: $(cat err.txt)"
sqlite3 wa.db "delete from sqlar where name like 'templates/%'"
printf '{{#open}}\n' > tpl/clauses/term.md
expect_exit 78 wa-nda -w wa.db --agency "$agency" --templates tpl in.json > /dev/null 2> err.txt
grep -q 'tpl/clauses/term.md' err.txt && grep -q 'line 1: {{#open}} is never closed' err.txt ||
	die "bad template: $(cat err.txt)"
# the agency's logo, inline in the HTML and on every page of the PDF
grep -q '<header><img class="logo" alt="" src="data:image/png;base64,' out/bright-smile-dental-nda-v1.html ||
	die "no logo in the HTML"
/usr/bin/python3 - out/bright-smile-dental-nda-v1.html "$ROOT/examples/logo.png" <<'PY' || die "logo bytes"
import base64, re, sys
page = open(sys.argv[1]).read()
b64 = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page).group(1)
assert base64.b64decode(b64) == open(sys.argv[2], "rb").read()
PY
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ "$(pdfimages -list "$pdf" 2>/dev/null | awk 'NR > 2 && $4 == 240 && $5 == 80' | wc -l)" = "$pages" ] ||
	die "a 240x80 logo on each of the $pages pages: $(pdfimages -list "$pdf")"
sed 's/^logo: logo.png$/logo: nosuch.png/' "$agency" > nologo.yaml
expect_exit 78 wa-nda -w wa.db --agency nologo.yaml in.json > /dev/null 2> err.txt
grep -q 'agency profile nologo.yaml: logo ./nosuch.png\|agency profile nologo.yaml: logo nosuch.png' err.txt ||
	die "missing logo: $(cat err.txt)"
printf 'not a png' > fake.png
sed 's/^logo: logo.png$/logo: fake.png/' "$agency" > fakelogo.yaml
expect_exit 65 wa-nda -w wa.db --agency fakelogo.yaml in.json > /dev/null 2> err.txt
grep -q 'logo fake.png: not a PNG or JPEG image' err.txt || die "bad logo: $(cat err.txt)"
# profiles
expect_exit 64 env -u WA_AGENCY wa-nda -w wa.db in.json > /dev/null 2> err.txt
grep -q 'no agency profile' err.txt || die "no profile message"
printf 'legal_name: X\n' > bad.yaml
expect_exit 78 wa-nda -w wa.db --agency bad.yaml in.json > /dev/null 2> err.txt
grep -q 'agency profile bad.yaml' err.txt || die "bad profile: $(cat err.txt)"
expect_exit 66 wa-nda -w wa.db --agency nosuch.yaml in.json > /dev/null 2> err.txt
