# wa-price: figures computed by hand on a rate card of round numbers
# (tests/data/pricing/ratecard.yaml), versions, quotes, every kind of bad
# input, and the output against schemas/pricing.schema.json.
. "$HERE/lib.sh"
D="$HERE/../data/pricing"
card="$D/ratecard.yaml"
export SOURCE_DATE_EPOCH=1795478400
wa-price -w wa.db --ratecard "$card" "$D/clients.jsonl" > out.jsonl
p() { jq -r "select(.client.id == \"$1\") | .pricing | $2" out.jsonl; }
# the output matches the schema, checked by python3-jsonschema
jq -c .pricing out.jsonl > pricing.jsonl
/usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" pricing.schema.json pricing.jsonl > /dev/null ||
	die "schema: $(/usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" pricing.schema.json pricing.jsonl)"

# Rate card units: an LLM turn = 1000 x 1/1e6 + 100 x 10/1e6 = 0.002;
# human review of a conversation = 0.1 share x 3 min x 20/60 = 0.10.
#
# alpha (EUR; 200 calls of 3 min, 100 chats of 4 messages, 2 integrations)
#   a call: LLM 3 min x 2 turns x 0.002 = 0.012; STT 3 x 0.01 = 0.03;
#     TTS 3 x 500/1000 x 0.02 = 0.03; telephony 3 x 0.01 = 0.03;
#     media 3 x 2 x 0.001 = 0.006; review 0.10: 0.208
#   a chat: LLM 4 x 0.002 = 0.008; channel 0.01; review 0.10: 0.118
#   a month: voice 200 x 0.208 = 41.60, chat 100 x 0.118 = 11.80,
#     fixed 50 + 2 x 10 = 70: 123.40
[ "$(p alpha .costs.per_conversation.voice.total)" = 0.208000 ] || die "alpha call"
[ "$(p alpha .costs.per_conversation.chat.total)" = 0.118000 ] || die "alpha chat"
[ "$(p alpha '.costs.monthly | [.voice, .chat, .fixed, .total] | join(" ")')" = \
	"41.60 11.80 70.00 123.40" ] || die "alpha month"
[ "$(p alpha '.costs.monthly.lines | [.voice_llm, .voice_speech_to_text, .voice_human_review,
	.chat_llm, .integrations] | join(" ")')" = "2.40 6.00 20.00 0.80 20.00" ] || die "alpha lines"
# tiers: cost(V) = 70 + 53.40 x V / 300; fee = cost / (1 - 0.5) / (1 - 0.2),
# up to a multiple of 10; overage = fee / included x 1.5, rounded up
#   small (100): cost 87.80; 87.80 / 0.4 = 219.50 -> 220.00;
#     margin (220 - 87.80) / 220 = 0.6009; overage 2.20 x 1.5 = 3.30;
#     at 150: revenue 220 + 50 x 3.30 = 385, cost 70 + 26.70 = 96.70,
#     margin 288.30 / 385 = 0.7488; annual 12 x 220 x 0.8 = 2112.00,
#     margin (2112 - 1053.60) / 2112 = 0.5011
#   big (1000): cost 248.00; / 0.4 = 620.00; margin 372 / 620 = 0.6;
#     overage 0.62 x 1.5 = 0.93; at 1500: (620 + 465 - 337) / 1085 = 0.6894;
#     annual 5952.00 = the least that keeps 0.5 (12 x 248 / 0.5), margin 0.5
[ "$(p alpha '[.tiers[] | [.name, .monthly_fee, .gross_margin, .overage_per_conversation,
	.gross_margin_at_1_5x, .annual.fee, .annual.gross_margin, .annual.discount_capped] |
	map(tostring) | join(" ")] | join(" / ")')" = \
	"small 220.00 0.6009 3.30 0.7488 2112.00 0.5011 false / big 620.00 0.6 0.93 0.6894 5952.00 0.5 false" ] ||
	die "alpha tiers: $(p alpha '.tiers')"
# 300 conversations: big is the smallest tier that includes them
[ "$(p alpha .recommended_tier)" = big ] || die "alpha recommended"
# outcome: 123.40 / (300 x 0.5 resolved) = 0.82267 / (1 - 0.5) = 1.6453 -> 1.65
#   margin (1.65 x 150 - 123.40) / 247.50 = 0.5014
[ "$(p alpha '.outcome_based | [.price_per_resolved_conversation, .gross_margin] | map(tostring) | join(" ")')" = \
	"1.65 0.5014" ] || die "alpha outcome"
# ROI: people: 200 x 3 + 100 x 6 = 1200 min = 20 h x 24 = 480.00;
#   with the agent: 480 x 0.5 + 620 = 860.00; saving -380.00, no payback;
#   NPV at 0%: -500 + 36 x -380 = -14180.00
[ "$(p alpha '.roi | [.today_monthly, .with_agent_monthly, .monthly_saving, .payback_months,
	.npv_3y] | map(tostring) | join(" ")')" = "480.00 860.00 -380.00 null -14180.00" ] ||
	die "alpha roi: $(p alpha .roi)"

# bravo (USD at 2 per EUR; calls from research: 30 open hours a week x
#   52 / 12 x 1 call an hour x 2 locations = 260; 50 chats; the rest defaults)
#   a call: 2 min: LLM 4 x 0.004 = 0.016; STT, TTS, telephony 0.04 each;
#     media 0.008; review 0.20: 0.344
#   a chat: LLM 5 x 0.004 = 0.02; channel 0.02; review 0.20: 0.24
#   a month: 260 x 0.344 = 89.44 + 50 x 0.24 = 12.00 + hosting 100: 201.44
[ "$(p bravo '[.currency, .volume.calls_per_month, .costs.per_conversation.voice.total,
	.costs.per_conversation.chat.total, .costs.monthly.total] | map(tostring) | join(" ")')" = \
	"USD 260 0.344000 0.240000 201.44" ] || die "bravo: $(p bravo .costs)"
[ "$(p bravo '.assumptions[] | select(.name == "calls_per_month") | .source')" = research ] ||
	die "bravo: calls from research"
[ "$(p bravo '.assumptions[] | select(.name == "avg_call_minutes") | .source')" = default ] ||
	die "bravo: a default"
#   small: cost 100 + 101.44 x 100 / 310 = 132.72; / 0.4 = 331.81 -> 340.00,
#     margin 207.28 / 340 = 0.6096; big: 100 + 327.23 = 427.23 / 0.4 = 1068.06
#     -> 1070.00, margin 642.77 / 1070 = 0.6007
#   people: (260 x 2 + 50 x 6) / 60 x 40 = 546.67; with: 273.33 + 1070 =
#     1343.33; saving, the difference of the two figures shown, -796.66;
#     NPV -1000 + 36 x -796.66 = -29679.76
[ "$(p bravo '[.tiers[] | .monthly_fee, (.gross_margin | tostring)] + [.roi.today_monthly,
	.roi.with_agent_monthly, .roi.monthly_saving, .roi.npv_3y] | join(" ")')" = \
	"340.00 0.6096 1070.00 0.6007 546.67 1343.33 -796.66 -29679.76" ] || die "bravo tiers and roi"

# charlie (EUR; 1000 calls of 1 min, no chats)
#   a call: LLM 2 x 0.002 = 0.004; STT, TTS, telephony 0.01 each; media
#     0.002; review 0.10: 0.136; a month 136.00 + 50 = 186.00
#   big: 186 / 0.4 = 465 -> 470.00, margin 284 / 470 = 0.6043, overage 0.705
#     -> 0.71 (up); people 1000 x 1 min x 60/h = 1000.00; with: 500 + 470 =
#     970.00; saving 30.00; payback 500 / 30 = 16.7 months; NPV -500 + 36 x 30
#     = 580.00; outcome 186 / 500 / 0.5 = 0.744 -> 0.75
[ "$(p charlie '[.costs.monthly.total, .tiers[1].monthly_fee, (.tiers[1].gross_margin | tostring),
	.tiers[1].overage_per_conversation, .roi.today_monthly, .roi.with_agent_monthly,
	.roi.monthly_saving, (.roi.payback_months | tostring), .roi.npv_3y,
	.outcome_based.price_per_resolved_conversation] | join(" ")')" = \
	"186.00 470.00 0.6043 0.71 1000.00 970.00 30.00 16.7 580.00 0.75" ] || die "charlie"
# sensitivity: containment 0.4, 1.2 x volume (1200 calls): people 1200,
#   with 1200 x 0.6 + 470 + 200 x 0.71 = 1332, saving -132.00;
#   containment 0.6, 0.8 x volume (800): with 800 x 0.4 + 470 = 790, saving 10.00
[ "$(p charlie '.roi.sensitivity[] | select(.containment == 0.4 and .volume_factor == 1.2) | .monthly_saving')" = -132.00 ] ||
	die "charlie sensitivity 1"
[ "$(p charlie '.roi.sensitivity[] | select(.containment == 0.6 and .volume_factor == 0.8) | .monthly_saving')" = 10.00 ] ||
	die "charlie sensitivity 2"

# a breakdown's rounded lines add up to its total, to the minor unit
for c in alpha bravo charlie; do
	[ "$(p $c '.costs.monthly.lines | (to_entries | map(select(.key != "total") | .value | tonumber * 100 | round) | add) == (.total | tonumber * 100 | round)')" = true ] ||
		die "$c: lines do not add up"
done

# the same inputs make no new version; other inputs do
[ "$(q "select count(*) from pricing_models")" = 3 ] || die "stored"
[ "$(q "select count(*) from events where type = 'pricing.generated'")" = 3 ] || die "events"
wa-price -w wa.db --ratecard "$card" out.jsonl > again.jsonl
[ "$(jq -r .pricing.version again.jsonl | sort -u)" = 1 ] || die "a version without a change"
[ "$(jq -c .pricing out.jsonl | sha256sum)" = "$(jq -c .pricing again.jsonl | sha256sum)" ] ||
	die "the same inputs, another section"
[ "$(q "select count(*) from events where type = 'pricing.generated'")" = 3 ] || die "events again"
# so the stored dossier's pricing section is unchanged and keeps the first
# run as its writer; its hash is FNV-1a 64 of its text, the stored model
first=$(jq -r 'select(.client.id == "alpha") | .trace[-1].run' out.jsonl)
meta=$(q "select json_extract(value, '\$.run') || ' ' || json_extract(value, '\$.hash')
	from dossiers, json_each(sections) where client_id = 'alpha' and
	json_extract(value, '\$.name') = 'pricing'")
[ "${meta% *}" = "$first" ] || die "re-priced, the section's run: $meta, not $first"
q "select model from pricing_models where client = 'alpha'" > alpha-model.txt
fnv=$(python3 -c 'import sys
h = 0xcbf29ce484222325
for c in sys.stdin.buffer.read().rstrip(b"\n"):
    h = ((h ^ c) * 0x100000001b3) % 2**64
print("%016x" % h)' < alpha-model.txt)
[ "${meta#* }" = "$fnv" ] || die "the section's hash ${meta#* }, FNV-1a of its text $fnv"
q "select body from dossiers where client_id = 'alpha'" | grep -qF "\"pricing\":$(cat alpha-model.txt)" ||
	die "the stored dossier's pricing is not the stored model"
wa-price -w wa.db --ratecard "$card" --margin 0.6 out.jsonl > m6.jsonl
[ "$(jq -r .pricing.version m6.jsonl | sort -u)" = 2 ] || die "new version"
#   alpha small at 0.6: 87.80 / 0.4 / 0.8 = 274.375 -> 280.00
[ "$(jq -r 'select(.client.id == "alpha") | .pricing.tiers[0].monthly_fee' m6.jsonl)" = 280.00 ] ||
	die "margin 0.6"

# a quote: alpha, small at 150: 220 + 50 x 3.30 = 385.00; cost 70 + 53.40 x
#   150 / 300 = 96.70; margin 288.30 / 385 = 0.7488; 385 / 150 = 2.566667
wa-price quote -w wa.db --ratecard "$card" --tier small --volume 150 alpha > quote.json
[ "$(jq -r '[.total, .overage_charge, .cost, (.gross_margin | tostring), .unit_price] | join(" ")' quote.json)" = \
	"385.00 165.00 96.70 0.7488 2.566667" ] || die "quote: $(cat quote.json)"
wa-price quote -w wa.db --ratecard "$card" --tier small --volume 150 --table alpha > quote.txt
grep -q '^total a month  *385.00 EUR$' quote.txt || die "table: $(cat quote.txt)"
expect_exit 64 wa-price quote --ratecard "$card" --tier huge --volume 1 2> err.txt
grep -q -- '--tier huge: not a tier of the rate card (small, big)' err.txt || die "$(cat err.txt)"
expect_exit 66 wa-price quote -w wa.db --ratecard "$card" --tier small --volume 1 nobody 2> err.txt
expect_exit 64 wa-price quote --ratecard "$card" --tier small 2> err.txt

# bad dossiers: 65 naming the record and the field, nothing written
before=$(q "select count(*) from pricing_models")
bad() {
	printf '%s\n' "$1" > bad.json
	expect_exit 65 wa-price -w wa.db --ratecard "$card" bad.json > bad.out 2> err.txt
	grep -q "$2" err.txt || die "bad dossier $1: $(cat err.txt)"
	[ ! -s bad.out ] || die "output for a bad record"
}
bad '{"client":{"id":"x","name":"X","volumes":{"calls_per_month":-5}}}' \
	'record 1 (x): client.volumes.calls_per_month: not a whole number of 0 or more'
bad '{"client":{"id":"x","name":"X","volumes":{"calls_per_month":1450.5}}}' \
	'record 1 (x): client.volumes.calls_per_month: not a whole number of 0 or more'
bad '{"client":{"id":"x","name":"X","volumes":{"avg_call_minutes":"long"}}}' \
	'record 1 (x): client.volumes.avg_call_minutes: not a number of 0 or more'
bad '{"client":{"id":"x","name":"X","currency":"XYZ"}}' \
	'record 1 (x): client.currency: XYZ is not an ISO 4217 code'
bad '{"client":{"id":"x","name":"X","volumes":{"human_cost_per_hour":-1}}}' \
	'client.volumes.human_cost_per_hour: not an amount of 0 or more'
[ "$(q "select count(*) from pricing_models")" = "$before" ] || die "a bad record was stored"
# bad rate cards and options: 78 / 64, naming the field
sed 's/^hosting_per_month: 50$//' "$card" > nohost.yaml
expect_exit 78 wa-price -w wa.db --ratecard nohost.yaml "$D/clients.jsonl" > /dev/null 2> err.txt
grep -q 'rate card nohost.yaml' err.txt && grep -q 'hosting_per_month' err.txt || die "missing field: $(cat err.txt)"
sed 's/, price_rule: margin}$/}/; s/^  - {name: big, included_conversations: 1000, setup_fee: 500}$/&/' "$card" |
	sed '/name: big/s/, price_rule: margin//' > norule.yaml
expect_exit 78 wa-price -w wa.db --ratecard norule.yaml "$D/clients.jsonl" > /dev/null 2> err.txt
grep -q 'tiers\[0\] (small): no price_rule' err.txt || die "no rule: $(cat err.txt)"
sed 's/^currency: EUR$/currency: EUX/' "$card" > badcur.yaml
expect_exit 78 wa-price -w wa.db --ratecard badcur.yaml "$D/clients.jsonl" > /dev/null 2> err.txt
grep -q 'currency: EUX is not an ISO 4217 code' err.txt || die "card currency: $(cat err.txt)"
expect_exit 64 wa-price -w wa.db --ratecard "$card" --currency ZZZ "$D/clients.jsonl" 2> err.txt
expect_exit 78 wa-price -w wa.db --ratecard "$card" --currency JPY "$D/clients.jsonl" > /dev/null 2> err.txt
grep -q 'exchange_rates.JPY: missing' err.txt || die "no rate: $(cat err.txt)"
expect_exit 64 wa-price -w wa.db --ratecard "$card" --margin 1.2 "$D/clients.jsonl" 2> err.txt
expect_exit 66 wa-price -w wa.db --ratecard nosuch.yaml "$D/clients.jsonl" 2> err.txt
[ "$(q "select count(*) from pricing_models")" = "$before" ] || die "written despite a bad card"
# -k: the good records go through
printf '%s\n' '{"client":{"id":"x","name":"X","volumes":{"calls_per_month":-5}}}' |
	cat - "$D/clients.jsonl" > mixed.jsonl
expect_exit 65 wa-price -k -w k.db --ratecard "$card" mixed.jsonl > k.jsonl 2> /dev/null
[ "$(wc -l < k.jsonl)" = 3 ] || die "-k"

# the bundled rate card over the example clients, as the README shows it,
# in each client's currency and in another one
wa-import -q -w ex.db "$ROOT"/examples/clients/*.json > ex.jsonl
wa-price -w ex.db --ratecard "$ROOT/examples/ratecard.yaml" ex.jsonl > ex-priced.jsonl
jq -c .pricing ex-priced.jsonl > ex-pricing.jsonl
/usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" pricing.schema.json ex-pricing.jsonl > /dev/null ||
	die "example pricing against the schema"
[ "$(jq -r '.client.id + ":" + .pricing.currency' ex-priced.jsonl | sort | tr '\n' ' ')" = \
	"bright-smile-dental:USD harbour-lane-estates:GBP northwind-outfitters:EUR " ] || die "client currencies"
wa-price -w ex.db --ratecard "$ROOT/examples/ratecard.yaml" --margin 0.65 --currency GBP ex.jsonl |
	jq -r '.pricing | [.currency, .target_margin, (.tiers[] | .gross_margin >= 0.65)] | map(tostring) | join(" ")' |
	sort -u > gbp.txt
[ "$(cat gbp.txt)" = "GBP 0.65 true true true" ] || die "GBP at 0.65: $(cat gbp.txt)"
wa-price quote -w ex.db --ratecard "$ROOT/examples/ratecard.yaml" --tier growth --volume 12000 \
	--table bright-smile-dental | grep -q '^tier  *growth$' || die "README quote"
