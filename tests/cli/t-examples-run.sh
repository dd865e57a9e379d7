. "$HERE/lib.sh"
# the bundled examples run as documented
WA_BIN="$BIN" WA_ONBOARD_OUT="$PWD/out" "$ROOT/examples/onboard.sh" > said.txt
grep -q "onboarded bright-smile-dental" said.txt || die "onboard.sh output"
[ "$(jq -r .client.id out/dossier.json)" = bright-smile-dental ] || die "dossier"
[ "$(sqlite3 out/wa.db 'select count(*) from clients')" = 1 ] || die "workspace"
# every example client imports cleanly, with no -k
wa-import -w wa.db "$ROOT"/examples/clients/*.json > all.json
[ "$(wc -l < all.json)" = "$(ls "$ROOT"/examples/clients/*.json | wc -l)" ] || die "examples"
WA_WORKSPACE=$PWD/wa.db sh "$ROOT/examples/ci-regenerate.sh"
[ "$(wc -l < dossiers.ndjson)" = "$(wc -l < all.json)" ] || die "ci example"
# the man pages' example commands
wa -w demo.db import < "$ROOT/examples/clients/bright-smile-dental.json" > /dev/null
wa -w demo.db dossier --all | wa-import -w demo.db -q > /dev/null
# every bundled client's site is researched offline, and says what it should
for c in bright-smile-dental northwind-outfitters harbour-lane-estates; do
	WA_BIN="$BIN" WA_ONBOARD_OUT="$PWD/ob-$c" "$ROOT/examples/onboard.sh" \
		"$ROOT/examples/clients/$c.json" > "ob-$c.log" 2>&1 || die "onboard $c: $(tail -5 "ob-$c.log")"
	[ "$(jq -r .research.status "ob-$c/dossier.json")" = ok ] || die "$c: research status"
	[ "$(jq '.research.sources[0].pages' "ob-$c/dossier.json")" -ge 4 ] || die "$c: pages"
	[ -s "ob-$c/$c-nda-v1.html" ] || die "$c: no NDA"
	# signed-ready: a PDF with an empty signature field per party
	[ "$(pdfsig "ob-$c/$c-nda-v1.pdf" 2>&1 | grep -c 'The signature form field is not signed')" = 2 ] ||
		die "$c: signature fields"
	[ "$(jq -r .nda.status "ob-$c/dossier.json")" = draft ] || die "$c: nda status"
	# a proposal: each section's heading and the exact prices of pricing
	pdftotext -layout "ob-$c/$c-proposal-v1.pdf" "ob-$c/p.txt" || die "$c: proposal PDF"
	qpdf --check "ob-$c/$c-proposal-v1.pdf" > /dev/null || die "$c: qpdf"
	for h in "Executive summary" "Your situation today" "Opportunities and the proposed agent" \
		"Scope and deliverables" "Timeline" "Pricing" "Return on investment" "Assumptions" \
		"Terms" "Acceptance"; do
		grep -q "$h" "ob-$c/p.txt" || die "$c: proposal section $h"
	done
	for fee in $(jq -r '.pricing.tiers[] | .monthly_fee, .setup_fee, .annual.fee' "ob-$c/dossier.json") \
		$(jq -r '.pricing.roi | .monthly_saving, .npv_3y' "ob-$c/dossier.json"); do
		grep -q -- "$fee" "ob-$c/p.txt" || die "$c: $fee not in the proposal"
	done
	/usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" dossier.schema.json "ob-$c/dossier.json"
done
# the industries and languages the sites show
[ "$(jq -r .research.analysis.industry.name ob-bright-smile-dental/dossier.json)" = "dental clinic" ] || die industry
[ "$(jq -r .research.analysis.industry.name ob-northwind-outfitters/dossier.json)" = "online shop" ] || die industry
[ "$(jq -r .research.analysis.industry.name ob-harbour-lane-estates/dossier.json)" = "estate agent" ] || die industry
[ "$(jq -r .research.analysis.language ob-northwind-outfitters/dossier.json)" = de ] || die language
jq -r '.research.facts.phones[].value' ob-harbour-lane-estates/dossier.json | grep -qx '+441174960123' || die "UK phone"
jq -r '.research.facts.prices[].value | select(.currency == "EUR") | .amount' ob-northwind-outfitters/dossier.json |
	grep -qx '4.95' || die "euro price"
# the man page's example: what one page says
wa-research page "$ROOT/examples/sites/bright-smile-dental/contact.html" | jq -e '.phones | length == 1' > /dev/null ||
	die "page example"
