# wa-research page, field by field on fixture pages (expected values
# read off the fixtures by hand), and JSON-LD, microdata and OpenGraph
# cross-checked against extruct (python3-extruct, Debian) on the
# fixtures, the bundled example sites and the real pages of
# tests/data/readability.
. "$HERE/lib.sh"
d="$HERE/../data/structured"
wa-research page --base-url https://northwind.example/p/tj "$d/shop.html" > shop.json
check() { [ "$(jq -c "$1" shop.json)" = "$2" ] || die "$1: $(jq -c "$1" shop.json), not $2"; }
check '.title' '"Trail Jacket | Northwind Outfitters"'
check '.language' '"en"'
check '.json_ld | length' 3
check '.json_ld[0]["@graph"][1].offers.price' '"189.00"'
check '.microdata | length' 2
check '.microdata[0].id' '"urn:sku:TJ-100"'
check '.microdata[0].properties.name' '"Trail Jacket"'
check '.microdata[0].properties.image' '"https://northwind.example/img/jacket-front.jpg"'
check '.microdata[0].properties.url' '"https://northwind.example/p/jackets/trail"'
check '.microdata[0].properties.offers.properties.price' '"189.00"'
check '.microdata[0].properties.offers.properties.priceValidUntil' '"2026-12-31"'
check '.microdata[0].properties.gtin13' '"4006381333931"'
check '.microdata[0].properties.color' '"Green"'
check '.microdata[0].properties.category' '"Green"'
check '[.microdata[0].properties.review[].properties.author]' '["Lena","Tom"]'
check '.microdata[0].properties.review[0].properties.reviewBody' '"Warm and really light."'
check '.microdata[1].type' '["https://schema.org/Organization","https://schema.org/LocalBusiness"]'
check '.opengraph["og:image"]' '["https://northwind.example/img/jacket-front.jpg","https://northwind.example/img/jacket-back.jpg"]'
check '.opengraph["product:price:currency"]' '"EUR"'
check '[.reviews[].text]' '["Warm and really light.","Sleeves a bit short."]'
check '.ratings[0].value' '"4.5"'
check '[.social[].network]' '["instagram"]'
check '[.organizations[].name]' '["Northwind Outfitters","Northwind Store Kreuzberg"]'
# JSON-LD as sites write it: comments, raw newlines, trailing commas,
# an HTML comment around it; the one that is not JSON at all is counted
wa-research page --country GB "$d/lenient-jsonld.html" > lenient.json
[ "$(jq -c '[.json_ld[].name]' lenient.json)" = '["Line\nBreak Bakery","In A Comment"]' ] ||
	die "lenient: $(jq -c .json_ld lenient.json)"
[ "$(jq .json_ld_invalid lenient.json)" = 1 ] || die "invalid count"
jq -r '.phones[]["e164"]' lenient.json | grep -qx '+442079460999' || die "phone from JSON-LD"
# the cross-check against extruct (not on lenient-jsonld.html: extruct
# gives up on JSON-LD wrapped in an HTML comment over several lines,
# which wa reads as search engines do)
pages=$(ls "$d"/shop.html "$HERE"/../data/sites/clinic/*.html "$ROOT"/examples/sites/*/*.html \
	"$ROOT"/examples/sites/*/*/*.html)
real="$HERE/../data/readability"
/usr/bin/python3 "$HERE/../tools/extruct_compare.py" "$BIN/wa-research" https://example.com/page \
	$pages "$real"/*/source.html > cmp.txt || die "$(tail -20 cmp.txt)"
tail -1 cmp.txt
# a file that is no page is refused, not read as one
expect_exit 65 wa-research page "$HERE/../data/sites/clinic/brochure.pdf" > /dev/null 2> err.txt
grep -q 'brochure.pdf: not an HTML page' err.txt || die "binary file: $(cat err.txt)"
