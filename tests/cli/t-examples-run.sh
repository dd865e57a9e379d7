. "$HERE/lib.sh"
# the bundled examples run as documented
WA_BIN="$BIN" WA_ONBOARD_OUT="$PWD/out" "$ROOT/examples/onboard.sh" > said.txt
grep -q "onboarded bright-smile-dental" said.txt || die "onboard.sh output"
grep -q "agreement:  .*bright-smile-dental-agreement-v1.pdf" said.txt || die "onboard.sh: no agreement"
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
# every bundled client's site is researched offline, and says what it
# should; its proposal and agreement are the golden ones (dated 24
# November 2026 by SOURCE_DATE_EPOCH)
for c in bright-smile-dental northwind-outfitters harbour-lane-estates; do
	SOURCE_DATE_EPOCH=1795478400 WA_BIN="$BIN" WA_ONBOARD_OUT="$PWD/ob-$c" \
		"$ROOT/examples/onboard.sh" "$ROOT/examples/clients/$c.json" > "ob-$c.log" 2>&1 ||
		die "onboard $c: $(tail -5 "ob-$c.log")"
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
	# golden Markdown (tests/data/golden/: read through line by line, its
	# figures those t-golden-figures computes by hand from the rate card;
	# research's file:// sources name the tree as ROOT).  After a deliberate
	# change of templates or data, compare, read, check the figures, copy.
	for k in proposal agreement; do
		sed "s|file://$ROOT/|file://ROOT/|g" "ob-$c/$c-$k-v1.md" > "ob-$c/$k.md"
		diff -u "$HERE/../data/golden/$c-$k.md" "ob-$c/$k.md" > "ob-$c/$k.diff" ||
			die "$c: the $k differs from tests/data/golden/$c-$k.md: $(head -40 "ob-$c/$k.diff")"
		# the HTML is cmark-gfm's rendering of the Markdown, charts as SVG
		/usr/bin/python3 "$HERE/../tools/html_vs_cmark.py" "ob-$c/$c-$k-v1.md" \
			"ob-$c/$c-$k-v1.html" || die "$c: $k HTML"
	done
	# the charts: the 36-month lines from pricing's ROI (today's monthly
	# cost times 36; the setup fee plus the cost with the agent times 36),
	# drawn in the PDF as vectors: no image but the logo, once per page
	grep -A1 '^```chart' "ob-$c/$c-proposal-v1.md" | grep '"type":"line"' > "ob-$c/roi.json"
	jq -e --slurpfile d "ob-$c/dossier.json" '($d[0].pricing) as $p |
		($p.tiers[] | select(.name == $p.recommended_tier) | .setup_fee | tonumber) as $setup |
		($p.roi.today_monthly | tonumber) as $today | ($p.roi.with_agent_monthly | tonumber) as $with |
		(.series[0].points[1][1] - 36 * $today | fabs) < 0.005 and
		(.series[1].points[0][1] - $setup | fabs) < 0.005 and
		(.series[1].points[1][1] - ($setup + 36 * $with) | fabs) < 0.005 and
		.marker.x == $p.roi.payback_months' "ob-$c/roi.json" > /dev/null || die "$c: ROI chart"
	for t in "Monthly fee by plan" "Cost over the first 36 months" "Months from launch"; do
		grep -q "$t" "ob-$c/p.txt" || die "$c: chart text $t"
	done
	pages=$(pdfinfo "ob-$c/$c-proposal-v1.pdf" | sed -n 's/^Pages: *//p')
	[ "$(pdfimages -list "ob-$c/$c-proposal-v1.pdf" | tail -n +3 | wc -l)" = "$pages" ] ||
		die "$c: images in the proposal: $(pdfimages -list "ob-$c/$c-proposal-v1.pdf")"
	# the agreement draft: its own PDF, ready to sign by both parties, with
	# the order form's prices those of the recommended tier
	a="ob-$c/$c-agreement-v1.pdf"
	qpdf --check "$a" > /dev/null || die "$c: qpdf on the agreement"
	[ "$(pdfsig "$a" 2>&1 | grep -c 'The signature form field is not signed')" = 2 ] ||
		die "$c: agreement signature fields"
	[ "$(jq -r .proposal.agreement.status "ob-$c/dossier.json")" = draft ] || die "$c: agreement status"
	pdftotext -layout "$a" "ob-$c/a.txt"
	jq -r '.pricing as $p | $p.tiers[] | select(.name == $p.recommended_tier) |
		"Fee \(.monthly_fee) \($p.currency) a month", "Setup fee, once \(.setup_fee) \($p.currency)",
		"Each conversation beyond them \(.overage_per_conversation) \($p.currency)",
		"Conversations included \(.included_conversations) a month"' "ob-$c/dossier.json" |
	while IFS= read -r want; do
		tr -s ' ' < "ob-$c/a.txt" | grep -qF "$want" || die "$c: agreement lacks: $want"
	done
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
