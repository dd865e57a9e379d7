# Servers that misbehave on purpose: Retry-After, a 500 then success, a
# redirect loop, a 50 MB body, a PDF served as text/html, Latin-1
# without a charset, broken HTML, a private address without
# --allow-private, a website that is no URL, and none at all.  Each is
# data in research.sources, never a crash; none of them is worth a 75.
. "$HERE/lib.sh"
websrv
site() { printf '{"client":{"id":"%s","name":"%s","website":"%s"}}\n' "$1" "$1" "$2"; }
{
	site retry-after "$BASE/retry-after/1/site"
	site flaky "$BASE/flaky/1/site"
	site loop "$BASE/loop/a"
	site huge "$BASE/huge"
	site pdf "$BASE/pdf-as-html"
	site latin "$BASE/latin1"
	site broken "$BASE/broken/"
	site not-a-url "not a url"
	printf '{"client":{"id":"no-site","name":"No Site"}}\n'
} > in.json
wa-research -q -w wa.db --allow-private --country US in.json > out.json
[ "$(wc -l < out.json)" = 9 ] || die "expected 9 dossiers, got $(wc -l < out.json)"
# valid, all but the record whose client section was invalid to begin with
jq -c 'select(.client.id != "not-a-url")' out.json > valid.json
/usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" dossier.schema.json valid.json
src() { jq -r --arg id "$1" "select(.client.id == \$id) | .research.sources[0] | $2" out.json; }
[ "$(src retry-after .status)" = ok ] || die "retry-after: $(src retry-after .)"
[ "$(src flaky .status)" = ok ] || die "flaky: $(src flaky .)"
# Retry-After: 1 was waited before the second request
/usr/bin/python3 - <<'PY' || die "Retry-After not honoured"
import json
t = [json.loads(l)["t"] for l in open("websrv.log") if '"/retry-after/1/site"' in l]
assert len(t) == 2 and t[1] - t[0] >= 0.95, t
PY
[ "$(grep -c '"/flaky/1/site"' websrv.log)" = 2 ] || die "500 was not retried once"
[ "$(src loop .status)" = failed ] || die "loop: $(src loop .)"
src loop .reason | grep -q 'loop' || die "loop reason: $(src loop .reason)"
src huge .reason | grep -q 'larger than' || die "huge: $(src huge .)"
[ "$(src huge .retryable)" = false ] || die "a body too large is not worth retrying"
src pdf .reason | grep -q 'not HTML' || die "pdf: $(src pdf .)"
[ "$(jq -r 'select(.client.id == "latin") | .research.pages[0].title' out.json)" = "Café Crème" ] ||
	die "latin1: $(jq -c 'select(.client.id == "latin") | .research.pages' out.json)"
[ "$(src broken .status)" = ok ] || die "broken: $(src broken .)"
[ "$(jq -r 'select(.client.id == "broken") | .research.pages[0].title' out.json)" = "Broken & Proud" ] ||
	die "broken title"
jq -r 'select(.client.id == "broken") | .research.facts.phones[].value' out.json | grep -qx '+15552139000' ||
	die "broken phone"
src not-a-url .reason | grep -q 'not an http, https or file URL' || die "not-a-url: $(src not-a-url .)"
[ "$(src no-site .status)" = skipped ] || die "no-site: $(src no-site .)"
# a failed research is recorded as such
[ "$(q "select count(*) from events where type = 'research.failed'")" -ge 4 ] || die "research.failed events"
# a private address is refused without --allow-private, and not retried
site private "$BASE/clinic/" > p.json
wa-research -q -w wa.db p.json > pout.json
jq -r '.research.sources[0].reason' pout.json | grep -q 'refused to connect to 127.0.0.1' ||
	die "private: $(jq -c '.research.sources[0]' pout.json)"
