# wa-agent check: the example agents pass; every kind of bad
# configuration is found, all of them, each at its file, line and column
# (counted by hand in the texts below); truncated and mangled files give
# findings, never a crash.
. "$HERE/lib.sh"
wa-agent check "$ROOT"/examples/agents/*.yaml > ok.txt || die "examples: $(cat ok.txt)"
[ "$(grep -c ': ok$' ok.txt)" = 3 ] || die "three ok"

cat > bad.yaml <<'YAML'
name: Bad agent
client: acme
channels: [chat, fax]
model: {backend: offline}
system_prompt: "Hello {{#open}}"
intents:
  - name: book
    examples: [book me in, make a booking]
    tool: booker
  - name: book
    examples: [another, one]
tools:
  - {name: t1, description: d, kind: builtin, builtin: capture_lead}
  - {name: t1, description: d, kind: builtin}
YAML
expect_exit 1 wa-agent check bad.yaml > out.txt
# the schema's findings first (all of them), the rest only for a valid shape
grep -q '^bad.yaml:3:18: channels\[1\]: "fax" is not one of' out.txt || die "channel: $(cat out.txt)"
grep -q '^bad.yaml:14:5: tools\[1\].builtin: is required' out.txt || die "builtin required: $(cat out.txt)"
[ "$(wc -l < out.txt)" -ge 2 ] || die "all findings: $(cat out.txt)"

cat > bad2.yaml <<'YAML'
name: Bad agent
client: acme
channels: [chat]
model: {backend: offline}
system_prompt: "Hello {{#open}}"
intents:
  - name: book
    examples: [book me in, make a booking]
    tool: booker
  - name: book
    examples: [another, one]
tools:
  - {name: t1, description: d, kind: builtin, builtin: capture_lead}
  - {name: t1, description: d, kind: builtin, builtin: list_slots,
     parameters: {type: string}}
graph:
  entry: start
  nodes:
    - {name: agent, kind: agent, routes: [{when: always, to: nowhere}]}
    - {name: idle, kind: tools}
YAML
expect_exit 1 wa-agent check bad2.yaml > out2.txt
for want in \
	'bad2.yaml:5:16: system_prompt: a template that does not parse' \
	'bad2.yaml:9:11: intents\[0\].tool: no tool "booker" in tools' \
	'bad2.yaml:10:11: intents\[1\].name: "book" is named twice in intents' \
	'bad2.yaml:14:12: tools\[1\].name: "t1" is named twice in tools' \
	'bad2.yaml:15:18: tools\[1\].parameters: a tool.s parameters are an object' \
	'bad2.yaml:17:10: graph.entry: no node "start" in graph.nodes' \
	'bad2.yaml:19:62: graph.nodes\[0\].routes\[0\].to: no node "nowhere"' \
	'bad2.yaml:20:7: graph.nodes\[1\]: node "idle" has no next and no routes'; do
	grep -q "^$want" out2.txt || die "missing: $want
$(cat out2.txt)"
done
[ "$(wc -l < out2.txt)" = 8 ] || die "8 findings: $(cat out2.txt)"
# JSON findings
expect_exit 1 wa-agent check --json bad2.yaml > out2.jsonl
[ "$(jq -r 'select(.path == "graph.entry") | [.line, .column] | map(tostring) | join(":")' out2.jsonl)" = 17:10 ] ||
	die "json: $(cat out2.jsonl)"
# a YAML error: the problem's place and where what was being read began,
# each once, as PyYAML (the Python port of libyaml) places them
for y in 'name: x\nchannels: [chat\nmodel: 1\n' 'name: x\nmodel: [unclosed\n' \
	'name: x\nsystem_prompt: "abc\n'; do
	printf "$y" > broken.yaml
	expect_exit 1 wa-agent check broken.yaml > out3.txt
	want=$(/usr/bin/python3 -c 'import yaml
try:
    yaml.safe_load(open("broken.yaml"))
except yaml.YAMLError as e:
    print("broken.yaml:%d:%d: .* %s that starts at line %d, column %d$" % (e.problem_mark.line + 1,
        e.problem_mark.column + 1, e.context, e.context_mark.line + 1, e.context_mark.column + 1))')
	grep -q "^$want" out3.txt || die "yaml error: $(cat out3.txt), not $want"
	[ "$(grep -o broken.yaml out3.txt | wc -l)" = 1 ] || die "the place twice: $(cat out3.txt)"
done
expect_exit 1 wa-agent check --json broken.yaml > out3.jsonl
jq -e '.path == null and .line == 3 and (.message | startswith("found unexpected end of stream"))' \
	out3.jsonl > /dev/null || die "json yaml error: $(cat out3.jsonl)"
# a missing required field is placed at the top
printf 'name: x\nclient: acme\n' > short.yaml
expect_exit 1 wa-agent check short.yaml > out4.txt
grep -q '^short.yaml:1:1: channels: is required' out4.txt || die "required: $(cat out4.txt)"
[ "$(wc -l < out4.txt)" = 4 ] || die "every missing field: $(cat out4.txt)"
# missing file, usage
expect_exit 66 wa-agent check nosuch.yaml 2> err.txt
expect_exit 64 wa-agent check 2> err.txt
expect_exit 64 wa-agent chat 2> err.txt
# every prefix of an example, and bytes flipped: findings, never a crash
f="$ROOT/examples/agents/dental.yaml"
size=$(wc -c < "$f")
n=1
while [ $n -lt "$size" ]; do
	head -c $n "$f" > cut.yaml
	set +e; wa-agent check cut.yaml > /dev/null 2>&1; rc=$?; set -e
	[ $rc = 0 ] || [ $rc = 1 ] || die "prefix $n: exit $rc"
	n=$((n + 97))
done
/usr/bin/python3 - "$f" <<'PY'
import random, sys
data = open(sys.argv[1], "rb").read()
rnd = random.Random(3)
for k in range(40):
    d = bytearray(data)
    for _ in range(3):
        d[rnd.randrange(len(d))] = rnd.choice(b"{}[]:,-#&*!|>'\"\t\n x\xff")
    open("mangled%d.yaml" % k, "wb").write(d)
PY
for m in mangled*.yaml; do
	set +e; wa-agent check "$m" > /dev/null 2>&1; rc=$?; set -e
	[ $rc = 0 ] || [ $rc = 1 ] || die "$m: exit $rc"
done
