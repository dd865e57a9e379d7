# The API sources against fake servers with the real wire formats (in
# tests/tools/websrv.py): Google Places (New) text search and details
# with reviews, Reddit's application-only OAuth and search with its
# User-Agent format and rate-limit headers, Facebook and Instagram
# through the Graph API.  Without credentials each is skipped with the
# reason; the credentials never reach the output or the workspace.
. "$HERE/lib.sh"
websrv
client() {
	printf '{"client":{"id":"%s","name":"Bright Smile Dental","address":{"city":"Evanston","country":"US"},' "$1"
	printf '"social":{"facebook":"https://www.facebook.com/brightsmiledental.example",'
	printf '"instagram":"https://www.instagram.com/brightsmile.example"}}}\n'
}
client without > in0.json
wa-research -q -w wa.db in0.json > out0.json
for s in google_places reddit facebook instagram tiktok; do
	[ "$(jq -r --arg s $s '.research.sources[] | select(.name == $s) | .status' out0.json)" = skipped ] ||
		die "$s not skipped: $(jq -c '.research.sources' out0.json)"
done
jq -r '.research.sources[] | select(.name == "google_places") | .reason' out0.json |
	grep -q 'WA_GOOGLE_PLACES_KEY is not set' || die "no reason given"
jq -r '.research.sources[] | select(.name == "tiktok") | .reason' out0.json |
	grep -q 'closed to commercial use' || die "tiktok reason"
# with credentials and base URLs on 127.0.0.1
export WA_GOOGLE_PLACES_KEY=test-places-key WA_GOOGLE_PLACES_URL="$BASE/google"
export WA_REDDIT_CLIENT_ID=test-id WA_REDDIT_CLIENT_SECRET=test-secret WA_REDDIT_USERNAME=wa-tests
export WA_REDDIT_AUTH_URL="$BASE/reddit" WA_REDDIT_API_URL="$BASE/reddit-api"
export WA_FACEBOOK_TOKEN=test-fb-token WA_GRAPH_URL="$BASE/graph" WA_INSTAGRAM_USER_ID=17841400000000000
{ client one; client two; } > in.json
wa-research -w wa.db --allow-private in.json > out.json 2> err.txt
/usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" dossier.schema.json out.json
head -1 out.json > one.json
for s in google_places reddit facebook instagram; do
	[ "$(jq -r --arg s $s '.research.sources[] | select(.name == $s) | .status' one.json)" = ok ] ||
		die "$s: $(jq -c --arg s $s '.research.sources[] | select(.name == $s)' one.json)"
done
# Places: the phone, the rating, hours from weekdayDescriptions, the reviews
jq -r '.research.facts.phones[].value' one.json | grep -qx '+13125550147' || die "places phone"
jq -r '.research.facts.ratings[].value | select(.of == "Google") | .count' one.json | grep -qx 412 ||
	die "places rating"
jq -c '.research.facts.opening_hours[].value | select(.days == "Mo")' one.json | grep -q '"opens":"08:00","closes":"18:00"' ||
	die "places hours: $(jq -c .research.facts.opening_hours one.json)"
[ "$(jq '.research.facts.reviews | length' one.json)" = 2 ] || die "places reviews"
[ "$(jq '.research.analysis.sentiment.reviews' one.json)" = 2 ] || die "sentiment over reviews"
jq -r '.research.opportunities[].id' one.json | grep -qx unanswered-complaints || die "complaint opportunity"
grep '"/google/v1/places:searchText"' websrv.log | grep -q '"api_key": "test-places-key"' || die "no key header"
# Reddit: a mention with its permalink; the second client waited for the reset
jq -r '.research.facts.mentions[].sources[]' one.json | grep -qx 'https://www.reddit.com/r/evanston/comments/abc/anyone/' ||
	die "mention: $(jq -c .research.facts.mentions one.json)"
[ "$(grep -c '"/reddit/api/v1/access_token"' websrv.log)" = 1 ] || die "the token was not reused"
/usr/bin/python3 - <<'PY' || die "X-Ratelimit-Reset not obeyed"
import json
t = [json.loads(l)["t"] for l in open("websrv.log") if '"/reddit-api/search' in l]
assert len(t) == 2 and t[1] - t[0] >= 1.9, t
PY
# Facebook and Instagram
jq -r '.research.facts.ratings[].value | select(.of == "Facebook") | .value' one.json | grep -qx 4.8 || die "facebook rating"
[ "$(jq '.research.analysis.volume_signals.facebook_followers' one.json)" = 2100 ] || die "facebook followers"
[ "$(jq '.research.analysis.volume_signals.instagram_followers' one.json)" = 3400 ] || die "instagram followers"
# no secret anywhere
sqlite3 wa.db .dump > dump.sql
for secret in test-places-key test-secret tok123 test-fb-token; do
	! grep -q "$secret" out.json err.txt dump.sql || die "$secret leaked"
done
# a wrong key is a failure of that source, with the server's reason
WA_GOOGLE_PLACES_KEY=wrong wa-research -q -w wa.db --allow-private in0.json > bad.json
jq -r '.research.sources[] | select(.name == "google_places") | .reason' bad.json | grep -q 'HTTP 403: API key not valid' ||
	die "wrong key: $(jq -c '.research.sources' bad.json)"
