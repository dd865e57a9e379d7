. "$HERE/lib.sh"
# Numbers in sections a filter does not own come out as they came in,
# byte for byte (RFC 8259 allows them all; jq 1.7 keeps literals so):
# -0, exponents, subnormals, integers past 64 bits, past a double's range.
ex="$ROOT/examples"
nums='{"n":[-0,1E2,5e-324,123456789012345678901234567890,-18446744073709551617,1e999,-1E+999,1.50,0.10,2.5e+0,1e-400,7,-0.0,0.1]}'
jq -c . "$ex/clients/bright-smile-dental.json" | sed "s/}\$/,\"x_numbers\":$nums}/" > in.json
grep -qF "\"x_numbers\":$nums" in.json || die "the input was not made"
mkdir docs
wa-import -w wa.db in.json > 1.json
wa-price -w wa.db --ratecard "$ex/ratecard.yaml" 1.json > 2.json
wa-nda -w wa.db --agency "$ex/agency.yaml" -o docs 2.json > 3.json
wa-proposal -w wa.db --agency "$ex/agency.yaml" -o docs 3.json > 4.json
for f in 1 2 3 4; do
	grep -qF "\"x_numbers\":$nums" $f.json || die "step $f changed the numbers: $(grep -o '"x_numbers":[^}]*' $f.json)"
done
# written whole on the writer's thread (--pretty), they are still kept
wa-price -q --pretty -w wa.db --ratecard "$ex/ratecard.yaml" 1.json | tr -d ' \n' |
	grep -qF "\"x_numbers\":$nums" || die "wa-price --pretty"
# the workspace keeps them, compact and pretty
wa -w wa.db dossier bright-smile-dental | grep -qF "\"x_numbers\":$nums" || die "wa dossier"
wa -w wa.db dossier --pretty bright-smile-dental | tr -d ' \n' | grep -qF "\"x_numbers\":$nums" ||
	die "wa dossier --pretty"
[ "$(q "select instr(body, '\"x_numbers\":$nums') > 0 from dossiers")" = 1 ] ||
	die "the stored dossier"
# a number an engine owns is its own: the client's volumes are checked
# as numbers, whatever their spelling (1.45E3 calls is 1450)
jq -c '.client.volumes.calls_per_month = 1450' "$ex/clients/bright-smile-dental.json" > a.json
sed 's/"calls_per_month":1450/"calls_per_month":1.45E3/' a.json > b.json
grep -q 1.45E3 b.json || die "b.json"
wa-price -q -w wa.db --ratecard "$ex/ratecard.yaml" a.json | jq -c .pricing.tiers > ta.json
wa-price -q -w wa.db --ratecard "$ex/ratecard.yaml" b.json | jq -c .pricing.tiers > tb.json
cmp ta.json tb.json || die "1.45E3 priced otherwise than 1450"
