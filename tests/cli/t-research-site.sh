# wa-research over the fixture clinic site on the test web server:
# facts with their sources, opportunities, the workspace tables, the
# output valid against schemas/ by python3-jsonschema, and a second run
# that asks with If-None-Match and reuses the 304s.
. "$HERE/lib.sh"
websrv
printf '{"client":{"name":"Harbourside Dental","website":"%s/clinic/","address":{"country":"US"}}}\n' "$BASE" > in.json
wa-research -q -w wa.db --allow-private in.json > out.json
[ "$(wc -l < out.json)" = 1 ] || die "expected one dossier"
/usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" dossier.schema.json out.json
jq '.research' out.json > r.json
[ "$(jv r.json .status)" = ok ] || die "status $(jv r.json .status)"
[ "$(jv r.json '.sources[0].pages')" = 7 ] || die "pages: $(jv r.json '.sources[0]')"
# the phone, normalised, found on the contact page (tel: link) and others
jv r.json '.facts.phones[] | select(.value == "+15552134400") | .sources[]' > phone.txt
grep -q '/clinic/contact.html$' phone.txt || die "phone sources: $(cat phone.txt)"
# the prices, exact, with what they are for
[ "$(jv r.json '[.facts.prices[].value | select(.amount == "1200.00" and .currency == "USD")] | length')" = 1 ] ||
	die "prices: $(jv r.json '.facts.prices')"
jv r.json '.facts.prices[].value.context' | grep -qx 'Teeth whitening' || die "price context"
# FAQ from JSON-LD, <details> and a heading; the email; the chat widget
[ "$(jv r.json '.facts.faq | length')" = 4 ] || die "faq: $(jv r.json .facts.faq)"
jv r.json '.facts.emails[].value' | grep -qx 'hello@harbourside.example' || die "email"
jv r.json '.facts.technologies[].value.name' | grep -qx 'Tawk.to' || die "technologies"
# robots.txt: the private page was not fetched; the PDF neither
jv r.json '.skipped[] | select(.url | endswith("/clinic/private/staff.html")) | .reason' |
	grep -q 'robots.txt disallows it' || die "skipped: $(jv r.json .skipped)"
! grep -q '/clinic/private/' websrv.log || die "a disallowed page was fetched"
! grep -q 'brochure.pdf' websrv.log || die "the PDF was fetched"
grep -q '"wa-research/' websrv.log || die "no wa-research User-Agent"
# analysis and opportunities
[ "$(jv r.json .analysis.industry.name)" = "dental clinic" ] || die "industry"
[ "$(jv r.json .analysis.language)" = en ] || die "language"
jv r.json '.opportunities[].id' > opp.txt
grep -qx phone-only-booking opp.txt || die "opportunities: $(cat opp.txt)"
grep -qx after-hours opp.txt || die "opportunities: $(cat opp.txt)"
! grep -qx no-chat opp.txt || die "a chat widget is there"
[ "$(jv r.json '.analysis.volume_signals.weekly_open_hours')" = 48 ] ||
	die "hours: $(jv r.json .analysis.volume_signals)"
# the workspace
[ "$(q "select count(*) from pages")" = 7 ] || die "pages table"
[ "$(q "select count(*) from client_pages where client_id = 'harbourside-dental'")" = 7 ] || die "client_pages"
[ "$(q "select count(*) from robots where status = 200")" = 1 ] || die "robots table"
[ "$(q "select count(*) from facts where kind = 'phones' and value = '\"+15552134400\"'")" -ge 2 ] || die "facts"
[ "$(q "select count(*) from events where type = 'research.completed'")" = 1 ] || die "event"
# stored pages are the fetched bytes, as UTF-8, compressed when smaller
[ "$(q "select count(*) from pages where length(html) < size")" -ge 1 ] || die "no page compressed"
# again, with nothing fresh enough to reuse: conditional requests, 304s
wa-research -q -w wa.db --allow-private --max-age 0 in.json > out2.json
[ "$(jq '.research.sources[0].cached' out2.json)" = 7 ] || die "second run: $(jq -c '.research.sources[0]' out2.json)"
[ "$(jq '.research.sources[0].fetched' out2.json)" = 0 ] || die "second run fetched pages again"
[ "$(grep -c '"if_none_match": "\\"' websrv.log)" -ge 7 ] || die "no conditional requests"
# the same facts either way
[ "$(jq -c '.research.facts' out.json)" = "$(jq -c '.research.facts' out2.json)" ] || die "facts differ"
# and with a fresh cache (the default --max-age 1d), no request at all
n=$(wc -l < websrv.log)
wa-research -q -w wa.db --allow-private in.json > out3.json
[ "$(wc -l < websrv.log)" = "$n" ] || die "fresh pages were asked for"
# robots.txt is reused for 24 hours at most (RFC 9309 section 2.4)
n=$(grep -c '"/robots.txt"' websrv.log)
q "update robots set fetched_at = '2026-01-01T00:00:00.000Z'"
wa-research -q -w wa.db --allow-private in.json > out4.json
[ "$(grep -c '"/robots.txt"' websrv.log)" = $((n + 1)) ] || die "a stale robots.txt was reused"
wa-research -q -w wa.db --allow-private in.json > out5.json
[ "$(grep -c '"/robots.txt"' websrv.log)" = $((n + 1)) ] || die "a fresh robots.txt was fetched again"
# wa-import checks a research section against schemas/research.schema.json
# (loaded on demand through the dossier schema's $ref)
wa-import -q -w wa.db out.json > /dev/null
jq -c '.research.status = "bogus"' out.json > bad.json
expect_exit 65 wa-import -q -w wa.db bad.json 2> err.txt > /dev/null
grep -q 'research.status' err.txt || die "message: $(cat err.txt)"
# the User-Agent names whom to contact: $WA_RESEARCH_CONTACT
WA_RESEARCH_CONTACT=https://agency.example/bot wa-research page --allow-private "$BASE/clinic/about.html" > /dev/null
grep -q 'wa-research/[0-9.]* (+https://agency.example/bot; ' websrv.log || die "contact not in the User-Agent"
wa-research -w wa.db --allow-private in.json 2> warn.txt > /dev/null
grep -q 'WA_RESEARCH_CONTACT is not set' warn.txt || die "no warning without a contact"
