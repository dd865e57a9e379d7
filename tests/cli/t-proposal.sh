# wa-proposal: pricing required (exit 65 naming the command that makes
# it), research optional (its section left out, said on stderr), a
# version only when the text changes, byte-identical output under
# SOURCE_DATE_EPOCH, sections overridden one by one, bad input.
. "$HERE/lib.sh"
agency="$ROOT/examples/agency.yaml"
export SOURCE_DATE_EPOCH=1795478400     # 24 November 2026, 00:00 UTC
wa-import -q -w wa.db "$ROOT/examples/clients/northwind-outfitters.json" > in.json

# no pricing: 65, and what to run
expect_exit 65 wa-proposal -w wa.db --agency "$agency" in.json > none.json 2> err.txt
grep -q 'record 1 (northwind-outfitters): wa-proposal needs "pricing": run wa-price first' err.txt ||
	die "no pricing: $(cat err.txt)"
[ ! -s none.json ] || die "a dossier without pricing went through"

# priced, no research: the situation left out, and said
wa-price -q -w wa.db --ratecard "$ROOT/examples/ratecard.yaml" in.json > priced.json
mkdir out
wa-proposal -w wa.db --agency "$agency" -o out priced.json > p1.json 2> err.txt
grep -q "record 1 (northwind-outfitters): no research: the section on the client's situation is left out (run wa-research)" err.txt ||
	die "no research note: $(cat err.txt)"
/usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" dossier.schema.json p1.json
[ "$(jq -c .proposal.omitted p1.json)" = '["situation"]' ] || die "omitted"
[ "$(jq -r .proposal.version p1.json)" = 1 ] || die "version 1"
md=out/northwind-outfitters-proposal-v1.md
! grep -q "Your situation today" "$md" || die "situation without research"
grep -q '^## 1\. Executive summary' "$md" || die "summary first"
grep -q '^## 9\. Acceptance' "$md" || die "nine sections without research: $(grep '^## ' "$md")"
# the dates under SOURCE_DATE_EPOCH: made on the 24th, valid 30 days,
# work from 14 days on (8 December, a Tuesday, by cal)
grep -q 'on 24 November 2026\. This proposal is valid until 24 December 2026\.' "$md" || die "dates"
grep -q '| Discovery | 1 | 8 December 2026 | 14 December 2026 |' "$md" || die "timeline: $(grep Discovery "$md")"
# the recommended tier is marked, its fee in the summary
rec=$(jq -r .pricing.recommended_tier priced.json)
fee=$(jq -r --arg t "$rec" '.pricing.tiers[] | select(.name == $t) | .monthly_fee' priced.json)
grep -q "(recommended) | $(printf '%s' "$fee" | sed 's/\./\\\\./')" "$md" || die "recommended row: $(grep recommended "$md")"
# the artifacts are the files, and their sha256 is in the section
wa -w wa.db artifacts get proposal/northwind-outfitters/v1/proposal.pdf > ws.pdf
cmp -s ws.pdf out/northwind-outfitters-proposal-v1.pdf || die "artifact differs"
[ "$(sha256sum < out/northwind-outfitters-proposal-v1.pdf | cut -c1-64)" = \
	"$(jq -r '.proposal.artifacts[] | select(.format == "pdf") | .sha256' p1.json)" ] || die "sha256"
qpdf --check out/northwind-outfitters-proposal-v1.pdf > /dev/null || die "qpdf"
[ "$(pdfinfo out/northwind-outfitters-proposal-v1.pdf | sed -n 's/^Title: *//p')" = \
	"Proposal: Northwind Outfitters GmbH" ] || die "title: $(pdfinfo out/northwind-outfitters-proposal-v1.pdf)"

# unchanged input: the same version, no new event, no new artifact
wa-proposal -q -w wa.db --agency "$agency" p1.json > p2.json
[ "$(jq -r .proposal.version p2.json)" = 1 ] || die "a version for nothing"
[ "$(q "select count(*) from events where type = 'proposal.generated'")" = 1 ] || die "events"
[ "$(q "select count(*) from sqlar where name like 'proposal/%'")" = 3 ] || die "artifacts"
[ "$(jq -r .proposal.generated_at p2.json)" = "$(jq -r .proposal.generated_at p1.json)" ] || die "generated_at moved"
# new prices: a new version
jq -c 'del(.pricing)' p2.json | wa-price -q -w wa.db --ratecard "$ROOT/examples/ratecard.yaml" --margin 0.7 |
	wa-proposal -q -w wa.db --agency "$agency" > p3.json
[ "$(jq -r .proposal.version p3.json)" = 2 ] || die "version 2"
[ "$(q "select count(*) from events where type = 'proposal.generated'")" = 2 ] || die "second event"

# byte-identical in another workspace
mkdir again
wa-proposal -q -w again.db --agency "$agency" -o again priced.json > /dev/null
for k in proposal agreement; do
	for ext in md html pdf; do
		cmp -s "out/northwind-outfitters-$k-v1.$ext" "again/northwind-outfitters-$k-v1.$ext" ||
			die "$k $ext differs between runs"
	done
done

# a section replaced: the rest stay built in
mkdir -p mine/clauses
printf '## § Terms\n\nOur own terms for {{client.name}}.\n' > mine/clauses/terms.md
wa-proposal -q -w mine.db --agency "$agency" --templates mine -o mine priced.json > /dev/null
grep -q '^Our own terms for Northwind Outfitters\.' mine/northwind-outfitters-proposal-v1.md || die "override"
grep -q '^## 1\. Executive summary' mine/northwind-outfitters-proposal-v1.md || die "built-ins kept"

# bad input
printf '## § Terms\n\n{{#client.name}}unclosed\n' > mine/clauses/terms.md
expect_exit 78 wa-proposal -q -w bad.db --agency "$agency" --templates mine priced.json > /dev/null 2> err.txt
grep -q 'terms.md' err.txt || die "bad template not named: $(cat err.txt)"
printf '## § Terms\n\n{{client.nickname}}\n' > mine/clauses/terms.md
expect_exit 65 wa-proposal -q -w bad.db --agency "$agency" --templates mine priced.json > /dev/null 2> err.txt
grep -q 'client.nickname' err.txt || die "missing variable not named: $(cat err.txt)"
expect_exit 64 env -u WA_AGENCY wa-proposal -w bad.db priced.json 2> /dev/null
expect_exit 66 wa-proposal -w bad.db --agency "$agency" missing.json 2> /dev/null
printf 'legal_name: [\n' > bad-agency.yaml
expect_exit 78 wa-proposal -w bad.db --agency bad-agency.yaml priced.json 2> /dev/null

# ---- sections people rewrite ----
# edit: $EDITOR gets the generated text (heading unnumbered); what it
# saves is kept and used in the next version
cat > ed.sh <<'E'
#!/bin/sh
cp "$1" seen.md
sed -i 's/^The setup fee pays back in .*/We will agree the payback together./' "$1"
E
chmod +x ed.sh
wa -w ed.db init 2> /dev/null
expect_exit 66 env EDITOR="$PWD/ed.sh" wa-proposal edit -w ed.db --agency "$agency" northwind-outfitters roi 2> err.txt
grep -q "no dossier for client northwind-outfitters in ed.db" err.txt || die "no client: $(cat err.txt)"
wa-proposal -q -w ed.db --agency "$agency" priced.json > e1.json
EDITOR="$PWD/ed.sh" wa-proposal edit -w ed.db --agency "$agency" northwind-outfitters roi 2> err.txt
head -1 seen.md | grep -q '^## § Return on investment$' || die "the editor's text: $(head -2 seen.md)"
grep -q "your roi is kept" err.txt || die "edit said: $(cat err.txt)"
mkdir ed
wa-proposal -q -w ed.db --agency "$agency" -o ed e1.json > e2.json
[ "$(jq -r .proposal.version e2.json)" = 2 ] || die "an edit makes a version"
[ "$(jq -c .proposal.overrides e2.json)" = '["roi"]' ] || die "overrides: $(jq -c .proposal e2.json)"
[ "$(jq -c .proposal.stale e2.json)" = '[]' ] || die "fresh override flagged"
grep -qx 'We will agree the payback together\.' ed/northwind-outfitters-proposal-v2.md || die "edit not in the text"
grep -q '^## 6\. Return on investment' ed/northwind-outfitters-proposal-v2.md || die "numbering kept (no research: the sixth)"
# more calls change the generated ROI under the override: flagged stale
jq -c '.client.volumes.calls_per_month = 9000 | del(.pricing)' e2.json |
	wa-price -q -w ed.db --ratecard "$ROOT/examples/ratecard.yaml" |
	wa-proposal -w ed.db --agency "$agency" > e3.json 2> err.txt
[ "$(jq -c .proposal.stale e3.json)" = '["roi"]' ] || die "stale: $(jq -c .proposal e3.json)"
grep -q "record 1 (northwind-outfitters): the roi section was rewritten over text that has changed since" err.txt ||
	die "stale note: $(cat err.txt)"
/usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" dossier.schema.json e3.json
# an emptied file gives the section back to the generator
printf '#!/bin/sh\n: > "$1"\n' > empty.sh && chmod +x empty.sh
EDITOR="$PWD/empty.sh" wa-proposal edit -w ed.db --agency "$agency" northwind-outfitters roi 2> err.txt
grep -q "roi is generated again" err.txt || die "emptied: $(cat err.txt)"
wa-proposal -q -w ed.db --agency "$agency" e3.json > e4.json
[ "$(jq -c .proposal.overrides e4.json)" = '[]' ] || die "override not removed"
# --section from a script, kept for later runs; a bad template refused
printf '## § Terms\n\nTerms agreed with {{client.name}} on the phone.\n' > terms.md
wa-proposal -q -w ed.db --agency "$agency" --section terms=terms.md -o ed e4.json > e5.json
[ "$(jq -c .proposal.overrides e5.json)" = '["terms"]' ] || die "--section"
v=$(jq -r .proposal.version e5.json)
grep -qx 'Terms agreed with Northwind Outfitters on the phone\.' "ed/northwind-outfitters-proposal-v$v.md" ||
	die "--section text"
wa-proposal -q -w ed.db --agency "$agency" e5.json > e6.json
[ "$(jq -c .proposal.overrides e6.json)" = '["terms"]' ] || die "--section not kept"
printf '#!/bin/sh\nprintf "## § Terms\\n\\n{{#x}}open\\n" > "$1"\n' > bad.sh && chmod +x bad.sh
expect_exit 65 env EDITOR="$PWD/bad.sh" wa-proposal edit -w ed.db --agency "$agency" northwind-outfitters terms 2> err.txt
grep -q "terms section" err.txt || die "bad edit: $(cat err.txt)"
expect_exit 64 wa-proposal edit -w ed.db --agency "$agency" northwind-outfitters nosuch 2> /dev/null
expect_exit 64 wa-proposal --agency "$agency" --section nosuch=terms.md 2> /dev/null
expect_exit 70 env EDITOR=false wa-proposal edit -w ed.db --agency "$agency" northwind-outfitters terms 2> /dev/null

# ---- diff: known changes, word by word ----
printf '## § Terms\n\nPrices hold for thirty days from today & tomorrow.\n' > t1.md
printf '## § Terms\n\nPrices hold for sixty days from today & tomorrow.\n' > t2.md
wa-proposal -q -w diff.db --agency "$agency" --section terms=t1.md priced.json > d1.json
wa-proposal -q -w diff.db --agency "$agency" --section terms=t2.md d1.json > d2.json
[ "$(jq -r .proposal.version d2.json)" = 2 ] || die "diff: two versions"
expect_exit 1 wa-proposal diff -w diff.db northwind-outfitters > diff.txt
grep -qx 'Prices hold for \[-thirty-\]{+sixty+} days from today & tomorrow\.' diff.txt ||
	die "redline: $(grep 'Prices hold' diff.txt)"
[ "$(grep -o '\[-' diff.txt | wc -l) $(grep -o '{+' diff.txt | wc -l)" = "1 1" ] || die "one change only"
# the same, versions named; colour when asked; HTML with del and ins
expect_exit 1 wa-proposal diff -w diff.db northwind-outfitters 1 v2 > named.txt
cmp -s diff.txt named.txt || die "named versions differ from the defaults"
expect_exit 1 wa-proposal diff -w diff.db --color northwind-outfitters > color.txt
grep -q "$(printf 'for \033\\[31mthirty\033\\[m\033\\[32msixty\033\\[m days')" color.txt || die "colour: $(grep Prices color.txt | od -c | head)"
expect_exit 1 wa-proposal diff -w diff.db --html northwind-outfitters > diff.html
grep -q 'Prices hold for <del>thirty</del><ins>sixty</ins> days from today &amp; tomorrow\.' diff.html ||
	die "html: $(grep 'Prices hold' diff.html)"
# a version against itself: nothing, exit 0; bad requests
wa-proposal diff -w diff.db northwind-outfitters 2 2 > none.txt
! grep -q '\[-\|{+' none.txt || die "changes in a version against itself"
wa -w diff.db artifacts get proposal/northwind-outfitters/v2/proposal.md | cmp -s - none.txt ||
	die "no change prints the text"
expect_exit 66 wa-proposal diff -w diff.db northwind-outfitters 1 7 2> /dev/null
expect_exit 66 wa-proposal diff -w diff.db nobody 2> /dev/null
expect_exit 64 wa-proposal diff -w diff.db northwind-outfitters x 2> /dev/null
