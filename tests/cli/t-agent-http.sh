# wa-agent tools of kind http, against tests/tools/websrv.py on
# 127.0.0.1: the URL, headers and JSON body from templates over the
# arguments, secrets from the environment, the Idempotency-Key, the
# mapping of the answer, retries for idempotent methods only, errors,
# slow answers, the size cap and the refusal of private addresses.
. "$HERE/lib.sh"
websrv
# cfg NAME TOOL-YAML...: an agent whose scripted model calls tool NAME
# with {"q": MESSAGE}
cfg() {
	name=$1
	shift
	{
		printf 'name: http test\nclient: http-test\nchannels: [chat]\n'
		printf 'model: {backend: scripted, calls: [%s]}\nsystem_prompt: test\ntools:\n' "$name"
		printf '  - name: %s\n    description: a REST call\n    kind: http\n    http:\n' "$name"
		for line in "$@"; do printf '      %s\n' "$line"; done
	} > "$name.yaml"
	wa-agent check "$name.yaml" > /dev/null || die "$name.yaml: $(wa-agent check "$name.yaml")"
}
turn() {        # turn CONFIG MESSAGE: the turn's first tool result
	jq -cn --arg t "$1-$(date +%s%N)" --arg m "$2" '{thread: $t, message: $m}' |
		wa-agent run -w wa.db "$1.yaml" > "$1.out" 2> "$1.err"
	jq -c '.tool_calls[0].result' "$1.out"
}
export SHOP_TOKEN=tok-7f3a9c

# GET: the argument URL-encoded into the path, a secret header, the
# answer mapped to what the model sees
cfg get_order "url: \"$BASE/api/echo/orders/{{q}}\"" \
	'headers: {Authorization: "Bearer ${ENV:SHOP_TOKEN}"}' 'allow_private: true' \
	'result: {status: order.status, carrier: order.carrier, first: "order.items[0].sku", path: path, method: method, missing: nothing.here}'
r=$(turn get_order "A 1/2")
[ "$(echo "$r" | jq -r .status)" = ok ] || die "get: $r"
[ "$(echo "$r" | jq -r .http_status)" = 200 ] || die "status: $r"
[ "$(echo "$r" | jq -c .data)" = '{"status":"shipped","carrier":"DHL","first":"A1","path":"/api/echo/orders/A%201%2F2","method":"GET","missing":null}' ] ||
	die "mapped: $r"
grep '"/api/echo/orders/A%201%2F2"' websrv.log | grep -q '"authorization": true' || die "no Authorization header sent"
! grep -a -q tok-7f3a9c wa.db wa.db-wal get_order.out get_order.err 2> /dev/null || die "the secret was stored or printed"

# POST: a JSON body from the template (a lone tag keeps the argument's
# type), the Idempotency-Key derived from the call
cfg post_note 'method: POST' "url: \"$BASE/api/echo/notes\"" 'allow_private: true' \
	'body: {text: "{{q}}", note: "for {{q}}", n: 1, tags: [a, "{{q}}"]}' \
	'result: {body: body, key: idempotency_key, type: content_type, method: method}'
r=$(turn post_note 'hello "world"')
[ "$(echo "$r" | jq -c .data.body)" = '{"text":"hello \"world\"","note":"for hello \"world\"","n":1,"tags":["a","hello \"world\""]}' ] ||
	die "body: $r"
[ "$(echo "$r" | jq -r .data.method)" = POST ] || die "method: $r"
[ "$(echo "$r" | jq -r .data.type)" = application/json ] || die "content type: $r"
echo "$r" | jq -r .data.key | grep -qE '^wa-[0-9a-f]{40}$' || die "idempotency key: $r"

# PUT and DELETE
cfg put_it 'method: PUT' "url: \"$BASE/api/echo/items/{{q}}\"" 'allow_private: true' \
	'body: {v: "{{q}}"}' 'result: {method: method, body: body}'
[ "$(turn put_it 7 | jq -c .data)" = '{"method":"PUT","body":{"v":"7"}}' ] || die "put"
cfg del_it 'method: DELETE' "url: \"$BASE/api/echo/items/{{q}}\"" 'allow_private: true' \
	'result: {method: method}'
[ "$(turn del_it 7 | jq -r .data.method)" = DELETE ] || die "delete"

# a secret not in the environment: the model hears the tool is not
# configured, the operator is told which variable
cfg need_secret "url: \"$BASE/api/echo/x\"" 'headers: {X-Key: "${ENV:WA_TEST_NOT_SET}"}' 'allow_private: true'
r=$(turn need_secret x)
echo "$r" | jq -r .error | grep -q 'not configured: the environment variable WA_TEST_NOT_SET is not set' || die "env: $r"
grep -q 'header X-Key: the environment variable WA_TEST_NOT_SET is not set' need_secret.err ||
	die "not told: $(cat need_secret.err)"

# an error answer: its status and the service's words; the turn goes on
cfg not_found "url: \"$BASE/api/status/404\"" 'allow_private: true'
r=$(turn not_found x)
[ "$(echo "$r" | jq -c '[.status, .http_status, .error]')" = '["error",404,"status 404"]' ] || die "404: $r"
[ "$(jv not_found.out .status)" = done ] || die "the turn stopped: $(cat not_found.out)"

# retries: a GET is tried again after a 503, a POST is not
cfg flaky_get "url: \"$BASE/api/flaky/1/get\"" 'allow_private: true'
r=$(turn flaky_get x)
[ "$(echo "$r" | jq -c '[.status, .data.tries]')" = '["ok",2]' ] || die "flaky get: $r"
cfg flaky_post 'method: POST' "url: \"$BASE/api/flaky/1/post\"" 'allow_private: true' 'body: {}'
r=$(turn flaky_post x)
[ "$(echo "$r" | jq -c '[.status, .http_status]')" = '["error",503]' ] || die "flaky post: $r"
[ "$(grep -c '"/api/flaky/1/post"' websrv.log)" = 1 ] || die "a POST was repeated"

# a slow answer past the timeout: an error result, promptly
cfg slow "url: \"$BASE/api/slow/5\"" 'timeout: 1' 'retries: 0' 'allow_private: true'
r=$(turn slow x)
# the answer takes 5 s: a result that is a timeout error shows the 1 s
# limit was kept (no clock read here: the machine is shared)
echo "$r" | jq -r .error | grep -qi 'timeout\|timed out' || die "slow: $r"

# the size cap
cfg big "url: \"$BASE/api/big\"" 'max_bytes: 10000' 'allow_private: true'
echo "$(turn big x)" | jq -r .error | grep -q 'larger than 10000 bytes' || die "cap"

# loopback refused unless the config allows it
cfg private "url: \"$BASE/api/echo/x\""
r=$(turn private x)
echo "$r" | jq -r .error | grep -qi 'refused\|private\|loopback' || die "private: $r"
[ "$(grep -c '"/api/echo/x"' websrv.log)" = 0 ] || die "a private address was called"

# a tool of kind http without its http section is a finding
printf 'name: bad\nclient: bad\nchannels: [chat]\nmodel: {backend: offline}\nsystem_prompt: x\ntools:\n  - {name: t, description: d, kind: http}\n' > bad.yaml
expect_exit 1 wa-agent check bad.yaml > check.txt 2>&1
grep -q 'http' check.txt || die "check: $(cat check.txt)"
