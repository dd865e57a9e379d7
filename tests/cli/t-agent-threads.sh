# wa-agent's commands on threads and data: kill -9 during a slow tool
# then resume (a completed call is not made again, the interrupted one is
# retried with the same idempotency key), approve and reject from the
# command line, history, state and fork, data load, a chat on a terminal
# transcript (book, move, cancel), command tools that fail, and four
# processes serving one workspace at once.
. "$HERE/lib.sh"
A="$ROOT/examples/agents"
export WA_WORKSPACE=wa.db
say() { printf '{"thread":"%s","message":"%s"}\n' "$1" "$2"; }
key() { printf 'wa-%s' "$(printf '%s\n%s' "$1" "$2" | sha256sum | cut -c1-40)"; }

# ---- kill -9 during a slow tool, then resume ----
cat > note.sh <<'E'
#!/bin/sh
echo "note $WA_IDEMPOTENCY_KEY" >> runs.log
cat > /dev/null
echo '{"status":"ok","noted":true}'
E
# a far end that does its work once per idempotency key, then is slow
# to answer while slow.flag exists
cat > slow.sh <<'E'
#!/bin/sh
echo "slow $WA_IDEMPOTENCY_KEY" >> runs.log
grep -qx "$WA_IDEMPOTENCY_KEY" effects.log 2>/dev/null || echo "$WA_IDEMPOTENCY_KEY" >> effects.log
if [ -e slow.flag ]; then echo $$ > slow.pid; sleep 30; fi
echo '{"status":"ok","charged":1}'
E
chmod +x note.sh slow.sh
cat > crash.yaml <<'E'
name: crash test
client: crash-co
channels: [chat]
timezone: UTC
model: {backend: scripted, calls: [note, slow]}
system_prompt: test
tools:
  - {name: note, description: fast, kind: command, command: [./note.sh]}
  - {name: slow, description: slow, kind: command, command: [./slow.sh], timeout: 60}
E
touch slow.flag
say k1 "charge me" | wa-agent run crash.yaml > killed.jsonl &
pid=$!
i=0
while [ ! -s slow.pid ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ -s slow.pid ] || die "the slow tool did not start"
kill -9 $pid
wait $pid 2>/dev/null || true
kill "$(cat slow.pid)" 2>/dev/null || true
[ ! -s killed.jsonl ] || die "a killed turn answered: $(cat killed.jsonl)"
# the fast call's result was recorded before the crash
[ "$(q "select task from graph_writes where thread = 'k1'")" = call_1 ] || die "recorded writes"
rm slow.flag
wa-agent resume k1 > resumed.json
[ "$(jq -r .status resumed.json)" = done ] || die "resume: $(cat resumed.json)"
[ "$(jq -r .reply resumed.json)" = 'The answer is: {"status":"ok","noted":true} {"status":"ok","charged":1}' ] ||
	die "resumed reply: $(cat resumed.json)"
# note ran once; slow ran twice with one key, and its effect happened once
[ "$(grep -c '^note ' runs.log)" = 1 ] || die "the completed call ran again: $(cat runs.log)"
[ "$(grep '^slow ' runs.log | sort -u | wc -l)" = 1 ] || die "two keys: $(cat runs.log)"
[ "$(grep -c '^slow ' runs.log)" = 2 ] || die "slow runs: $(cat runs.log)"
[ "$(grep '^slow ' runs.log | head -1 | cut -d' ' -f2)" = "$(key k1 call_2)" ] ||
	die "the key is not sha256 of thread and call: $(cat runs.log)"
[ "$(wc -l < effects.log)" = 1 ] || die "effects: $(cat effects.log)"
# nothing left to resume; no such thread
expect_exit 65 wa-agent resume k1 > /dev/null 2> err.txt
grep -q "nothing to resume" err.txt || die "resume twice: $(cat err.txt)"
expect_exit 66 wa-agent resume nobody > /dev/null 2> err.txt
grep -q "thread nobody" err.txt || die "no thread: $(cat err.txt)"

# ---- the same with a built-in first: on resume it is not run again ----
# (a built-in runs inside the step's transaction and is remembered with
# it; without that memo the lead would be captured twice)
sed -e 's/^name: crash test/name: crash lead/' -e 's/calls: \[note, slow\]/calls: [lead, slow]/' \
	-e 's|^  - {name: note.*|  - {name: lead, description: a lead, kind: builtin, builtin: capture_lead}|' \
	crash.yaml > lead.yaml
rm -f slow.pid
touch slow.flag
say k2 "charge me" | wa-agent run lead.yaml > killed2.jsonl &
pid=$!
i=0
while [ ! -s slow.pid ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ -s slow.pid ] || die "the slow tool did not start (lead)"
kill -9 $pid
wait $pid 2>/dev/null || true
kill "$(cat slow.pid)" 2>/dev/null || true
[ "$(q "select count(*) from agent_leads where thread = 'k2'")" = 1 ] || die "the lead before the crash"
rm slow.flag
wa-agent resume k2 > resumed2.json
[ "$(jq -r .status resumed2.json)" = done ] || die "resume: $(cat resumed2.json)"
[ "$(q "select count(*) from agent_leads where thread = 'k2'")" = 1 ] ||
	die "the built-in ran again on resume: $(q "select * from agent_leads where thread = 'k2'")"

# ---- command tools that fail: the model is told, the turn goes on ----
cat > bad.yaml <<'E'
name: bad tools
client: crash-co
channels: [chat]
timezone: UTC
model: {backend: scripted, calls: [hang, junk, fails, missing]}
system_prompt: test
tools:
  - {name: hang, description: hangs, kind: command, command: [sleep, "20"], timeout: 0.5}
  - {name: junk, description: prose, kind: command, command: [echo, "not json"]}
  - {name: fails, description: exits 3, kind: command, command: [sh, -c, "exit 3"]}
  - {name: missing, description: no such program, kind: command, command: [./no-such-tool]}
guardrails: {max_tool_calls_per_turn: 4}
E
say b1 "go" | wa-agent run bad.yaml > bad.jsonl 2> bad.err
# a tool that answers more than 1 MiB is cut off, and said so
printf '#!/bin/sh\ncat > /dev/null\nhead -c 3000000 /dev/zero | tr "\\\\000" x\n' > flood.sh
chmod +x flood.sh
sed -e 's/^name: bad tools/name: big answer/' -e 's/calls: \[hang, junk, fails, missing\]/calls: [flood]/' \
	-e 's|^  - {name: hang.*|  - {name: flood, description: too much, kind: command, command: [./flood.sh]}|' bad.yaml > big.yaml
say b2 "go" | wa-agent run big.yaml > big.jsonl
[ "$(jq -r '.tool_calls[0].result.error' big.jsonl)" = "flood: more than 1048576 bytes of output" ] ||
	die "output cap: $(cut -c1-300 big.jsonl)"
[ "$(jq -r '[.tool_calls[].result.error] | join("|")' bad.jsonl)" = \
	"hang: no answer within 0.5 s|junk: its output is not JSON: invalid token near 'not'|fails: exit status 3|missing: exit status 127" ] ||
	die "failing tools: $(cat bad.jsonl)"
[ "$(jq -r .status bad.jsonl)" = done ] || die "bad tools status"
grep -q "no-such-tool" bad.err || die "the missing program is not named: $(cat bad.err)"

# ---- a command tool's environment: not wa-agent's secrets ----
cat > env.sh <<'E'
#!/bin/sh
cat > /dev/null
env | cut -d= -f1 | grep -v '^\(PWD\|OLDPWD\|SHLVL\|_\)$' | sort | jq -R . | jq -sc '{status: "ok", names: .}'  # less what sh sets itself
E
chmod +x env.sh
cat > env.yaml <<'E'
name: env test
client: crash-co
channels: [chat]
timezone: UTC
model: {backend: scripted, calls: [plain, listed]}
system_prompt: test
tools:
  - {name: plain, description: default env, kind: command, command: [./env.sh]}
  - {name: listed, description: names one, kind: command, command: [./env.sh], env: [CRM_TOKEN, WA_GITHUB_TOKEN]}
E
say e1 "go" | env WA_PII_KEY=5365637265745365637265745365637265745365637265745365637265746565 WA_LLM_API_KEY=llm-secret WA_GITHUB_TOKEN=gh-secret \
	WA_GOOGLE_PLACES_KEY=places-secret CRM_TOKEN=crm-secret OTHER=x LC_TIME=C \
	wa-agent run env.yaml > env.jsonl
[ "$(jq -r '.tool_calls[0].result.names | join(" ")' env.jsonl)" = \
	"$(printf '%s\n' HOME LC_TIME PATH WA_IDEMPOTENCY_KEY WA_THREAD WA_TOOL $(env | grep -o '^\(LANG\|LANGUAGE\|TZ\|LC_[A-Z]*\)=' | grep -v LC_TIME | tr -d =) | sort | tr '\n' ' ' | sed 's/ $//')" ] ||
	die "default environment: $(jq -c '.tool_calls[0].result' env.jsonl)"
[ "$(jq -r '.tool_calls[1].result.names | map(select(. == "CRM_TOKEN" or . == "WA_GITHUB_TOKEN" or . == "WA_PII_KEY" or . == "OTHER")) | join(" ")' env.jsonl)" = \
	"CRM_TOKEN WA_GITHUB_TOKEN" ] || die "listed names: $(jq -c '.tool_calls[1].result' env.jsonl)"
grep -q secret env.jsonl && die "a secret's value reached the output"

# ---- approve and reject from the command line ----
# orders belong to a client the workspace has
expect_exit 66 wa-agent data load northwind-outfitters - < /dev/null 2> err.txt
grep -q 'no client northwind-outfitters in wa.db' err.txt || die "unknown client: $(cat err.txt)"
wa-import -q "$ROOT/examples/clients/northwind-outfitters.json" > /dev/null
wa-agent data load northwind-outfitters - <<'E'
order,status,carrier
1234,shipped,"DHL, Express"
E
{
	say r1 "I want to return something"; say r1 "order 1234"; say r1 "damaged"; say r1 "yes"
	say r2 "I want to return something"; say r2 "order 1234"; say r2 "too big"; say r2 "yes"
} | wa-agent run "$A/shop.yaml" > returns.jsonl
[ "$(jq -r .status returns.jsonl | sort | uniq -c | tr -s ' ')" = " 6 done
 2 interrupted" ] || die "returns: $(cat returns.jsonl)"
wa-agent approve r1 > approve.json
[ "$(jq -r '.status + " " + .tool_calls[0].name + " " + .tool_calls[0].result.status' approve.json)" = \
	"handoff start_return handed_off" ] || die "approve: $(cat approve.json)"
wa-agent approve r2 --reject --reason "bought in a sale" > reject.json
[ "$(jq -r '.tool_calls[0].result | .status + " " + .reason' reject.json)" = "rejected bought in a sale" ] ||
	die "reject: $(cat reject.json)"
[ "$(q "select count(*) from events where type = 'agent.handoff'")" = 1 ] || die "the rejected return ran"
expect_exit 65 wa-agent approve r1 > /dev/null 2> err.txt
grep -q "nothing awaits approval" err.txt || die "approve twice: $(cat err.txt)"
expect_exit 64 wa-agent resume r1 --reject 2> /dev/null
# the order's loaded fields reach the reply
say o1 "where is my order 1234" | wa-agent run "$A/shop.yaml" > order.json
[ "$(jq -r .reply order.json)" = "Order 1234 is shipped, with DHL, Express." ] || die "order: $(cat order.json)"

# ---- data load: JSON too; a bad file loads nothing ----
printf '{"order": 77, "status": "packed"}\n[{"order_no": "A-9", "status": "delivered", "eta": null}]\n' |
	wa-agent data load northwind-outfitters -
[ "$(q "select group_concat(order_no || '=' || status, ' ') from (select * from agent_orders order by order_no)")" = \
	"1234=shipped 77=packed A-9=delivered" ] || die "loaded: $(q 'select * from agent_orders')"
printf 'order,status\n5,new\n6\n' > short.csv
expect_exit 65 wa-agent data load northwind-outfitters short.csv 2> err.txt
grep -q "short.csv:3: 1 fields, the header has 2" err.txt || die "short row: $(cat err.txt)"
printf '{"order": 8, "status": "new"}\n{"order": 9}\n' > nostatus.json
expect_exit 65 wa-agent data load northwind-outfitters nostatus.json 2> err.txt
grep -q 'nostatus.json:2: order 9: "status": missing' err.txt || die "no status: $(cat err.txt)"
[ "$(q "select count(*) from agent_orders")" = 3 ] || die "a bad file loaded something"
wa-agent data load --replace northwind-outfitters short.csv 2> /dev/null || true
[ "$(q "select count(*) from agent_orders")" = 3 ] || die "--replace of a bad file cleared"
expect_exit 66 wa-agent data load northwind-outfitters missing.csv 2> /dev/null
printf 'order,status\n9,caf\351\n' > latin1.csv
expect_exit 65 wa-agent data load northwind-outfitters latin1.csv 2> err.txt
grep -q "latin1.csv:2: a field is not UTF-8" err.txt || die "latin-1: $(cat err.txt)"
# a NUL byte (a field would end there), a column twice, a key twice
printf 'order,status\n10,ship\000ped\n' > nul.csv
expect_exit 65 wa-agent data load northwind-outfitters nul.csv 2> err.txt
grep -q "nul.csv:2: a NUL byte in a field" err.txt || die "nul: $(cat err.txt)"
printf 'order,status,status\n11,shipped,lost\n' > twice.csv
expect_exit 65 wa-agent data load northwind-outfitters twice.csv 2> err.txt
grep -q 'twice.csv:1: the column "status" twice' err.txt || die "column twice: $(cat err.txt)"
printf '{"order": 12, "status": "a",\n "status": "b"}\n' > twice.json
expect_exit 65 wa-agent data load northwind-outfitters twice.json 2> err.txt
grep -q 'twice.json:2: duplicate object key' err.txt || die "key twice: $(cat err.txt)"
[ "$(q "select count(*) from agent_orders")" = 3 ] || die "a refused file loaded something"

# ---- a chat transcript: book, move, cancel; history, fork, state ----
printf '%s\n' "Hi, I'd like to book a check-up" "next Tuesday at 3pm" "Maya Okafor" \
	"+1 847 555 0199" "yes" "actually, can I move my appointment" "+1 847 555 0199" \
	"next Wednesday at 9am" "the second one" "yes" "/thread" "please cancel my appointment" \
	"+1 847 555 0199" \
	"yes" "/state" "/quit" "never read" |
	SOURCE_DATE_EPOCH=1795514400 wa-agent chat --thread maya "$A/dental.yaml" > chat.txt
# Tuesday 24 November 2026, 10:00 UTC: next Tuesday is 1 December and
# next Wednesday 2 December (the days of next week, as Duckling reads
# them; said on Tuesday, "next Wednesday" may mean tomorrow, and the
# agent asks which; the confirmation says both dates in full)
grep -qx "agent> You're booked for Tuesday 1 December at 3 pm. See you then, Maya Okafor!" chat.txt ||
	die "chat booking: $(cat chat.txt)"
grep -qx "agent> Do you mean Wednesday 25 November or Wednesday 2 December?" chat.txt ||
	die "which Wednesday: $(cat chat.txt)"
grep -qx "agent> Move your appointment on Tuesday 1 December at 3 pm to Wednesday 2 December at 9 am?" chat.txt ||
	die "chat move: $(cat chat.txt)"
grep -qx "agent> Done: you're now booked for Wednesday 2 December at 9 am instead of Tuesday 1 December at 3 pm." chat.txt ||
	die "chat moved: $(cat chat.txt)"
grep -qx "agent> Done, it's cancelled." chat.txt || die "chat cancel: $(cat chat.txt)"
grep -qx "maya" chat.txt || die "/thread"
grep -q '"thread": "maya"' chat.txt || die "/state"
grep -q "never read" chat.txt && die "/quit did not stop"
[ "$(q "select group_concat(start || ' ' || status, ', ') from (select * from agent_bookings where phone = '+18475550199' order by id)")" = \
	"2026-12-01T15:00 cancelled, 2026-12-02T09:00 cancelled" ] || die "bookings: $(q 'select * from agent_bookings')"
# history: a line a checkpoint, oldest first
n=$(q "select count(*) from graph_checkpoints where thread = 'maya'")
[ "$(wa-agent history maya --json | wc -l)" = "$n" ] || die "history lines"
[ "$(wa-agent history maya --json | head -1 | jq -r '.node + " " + .next')" = "input agent" ] || die "history first"
wa-agent history maya | head -1 | grep -q "^CKPT" || die "history header"
# fork at the end of the booking turn (the fifth input's last
# checkpoint) and go another way: the original keeps its own history
cp=$(q "select min(id) from graph_checkpoints where thread = 'maya' and node = 'input' and id > (select id from graph_checkpoints where thread = 'maya' and node = 'input' order by id limit 1 offset 4)")
cp=$((cp - 1))
[ "$(wa-agent fork maya --at $cp --as maya-b)" = maya-b ] || die "fork"
[ "$(wa-agent state maya-b | jq '.messages | length')" = \
	"$(wa-agent state maya --at $cp | jq '.messages | length')" ] || die "fork state"
[ "$(wa-agent history maya-b --json | jq -r '.forked_from.thread + " " + (.forked_from.checkpoint|tostring)')" = "maya $cp" ] ||
	die "forked from"
[ "$(wa-agent fork maya --at 2)" = maya-fork-1 ] || die "a fork's default name"
expect_exit 65 wa-agent fork maya --at 2 --as maya-b 2> /dev/null
expect_exit 66 wa-agent fork maya --at 999 2> /dev/null
expect_exit 66 wa-agent history nobody 2> /dev/null
expect_exit 64 wa-agent fork maya --at x 2> /dev/null

# ---- four processes, one workspace, at once ----
cat > echo.yaml <<'E'
name: echo
client: crash-co
channels: [chat]
timezone: UTC
model: {backend: scripted}
system_prompt: test
tools:
  - {name: lookup, description: trivial, kind: builtin, builtin: echo}
E
for p in 1 2 3 4; do
	for t in $(seq 1 40); do say "p$p-$((t % 5))" "question $t"; done |
		wa-agent run echo.yaml > par$p.jsonl 2> par$p.err &
done
wait
cat par?.jsonl > par.jsonl
[ "$(wc -l < par.jsonl)" = 160 ] || die "parallel lines"
[ "$(jq -r .status par.jsonl | sort -u)" = done ] || die "parallel: $(grep -v '"done"' par.jsonl | head -3)"
! grep -qi "locked" par?.err par.jsonl || die "database is locked"
# a turn: the input, agent, tools, agent: four checkpoints
[ "$(q "select count(*) from graph_checkpoints where thread like 'p_-%'")" = 640 ] ||
	die "checkpoints: $(q "select count(*) from graph_checkpoints where thread like 'p_-%'")"

# ---- guardrails: topics refused, a conversation's length ----
say g1 "can you give me a diagnosis for this toothache" | wa-agent run "$A/dental.yaml" > topic.json
[ "$(jq -r .reply topic.json)" = "Sorry, I can't help with diagnosis here; please ask the team directly." ] ||
	die "refused topic: $(cat topic.json)"
say g1 "any prescriptions for it?" | wa-agent run "$A/dental.yaml" > topic.json
[ "$(jq -r .reply topic.json)" = "Sorry, I can't help with prescriptions here; please ask the team directly." ] ||
	die "stemmed topic: $(cat topic.json)"
sed 's/max_turns: 40/max_turns: 2/' "$A/dental.yaml" > short.yaml
{ say g2 "when are you open"; say g2 "when are you open"; say g2 "when are you open"; } |
	wa-agent run short.yaml > long.jsonl
[ "$(jq -r .status long.jsonl | tr '\n' ' ')" = "done done handoff " ] || die "max_turns: $(cat long.jsonl)"
[ "$(sed -n 3p long.jsonl | jq -r .tool_calls[0].arguments.reason)" = max_turns ] || die "max_turns reason"
# a handoff phrase goes to a person at once, mid-form too
{ say g3 "we want to purchase a flat"; say g3 "could I talk to a person instead"; } |
	wa-agent run "$A/estate.yaml" > phrase.jsonl
[ "$(sed -n 2p phrase.jsonl | jq -r '.status + " " + .tool_calls[0].name + " " + .tool_calls[0].arguments.reason')" = \
	"handoff handoff asked" ] || die "handoff phrase: $(cat phrase.jsonl)"

# ---- chat on a terminal (script(1) gives it one): prompt, line editing ----
printf 'when are you open\n/thread\n/quit\n' > tty-in.txt
script -qec "wa-agent chat --thread tty '$A/dental.yaml'" /dev/null < tty-in.txt > tty.txt
grep -q "^Bright Smile receptionist (offline model), thread tty" tty.txt || die "tty banner: $(cat tty.txt)"
grep -q "you> when are you open" tty.txt || die "tty prompt: $(cat tty.txt)"
grep -q "agent> We're open Monday to Friday" tty.txt || die "tty reply: $(cat tty.txt)"
