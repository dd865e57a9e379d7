# wa-agent with model.backend openai, against tests/tools/llmsrv.py on
# 127.0.0.1: the chat-completions wire format both ways (tools with their
# schemas, tool calls and tool results, the bearer key), streamed tool
# calls assembled, malformed arguments answered, 429 then success, a
# hang past the timeout (exit 69, the conversation kept and resumed),
# a refused key, a server that is down, the context window, token usage.
# The server checks every request's tools as a real API does
# (--check-tools: parameters a valid JSON Schema, every call offered and
# its arguments named and allowed by it).
. "$HERE/lib.sh"
LLM_PID=""
trap '[ -z "$LLM_PID" ] || kill $LLM_PID 2>/dev/null || true' EXIT
# llm SCRIPT: a new scripted server; LLM_URL its base, llm.log its requests
llm() {
	if [ -n "$LLM_PID" ]; then kill $LLM_PID 2>/dev/null || true; wait $LLM_PID 2>/dev/null || true; fi
	rm -f llm.port llm.log
	/usr/bin/python3 "$HERE/../tools/llmsrv.py" --script "$1" --log llm.log --lifetime 120 \
		--check-tools > llm.port &
	LLM_PID=$!
	i=0
	while [ ! -s llm.port ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	[ -s llm.port ] || die "llmsrv did not start"
	LLM_URL="http://127.0.0.1:$(cat llm.port)/v1"
}
# the dental receptionist on the openai backend
sed 's/backend: offline/backend: openai/' "$ROOT/examples/agents/dental.yaml" > ai.yaml
export WA_LLM_MODEL=scripted-model WA_LLM_API_KEY=sk-test-0123456789
say() { printf '{"thread":"%s","message":"%s"}\n' "$1" "$2"; }

# a booking: a tool call, its result sent back, the answer
cat > s1.json <<'EOF'
[{"message": {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
   "function": {"name": "book_appointment", "arguments": "{\"when\": \"2026-12-01T09:00\", \"patient\": \"Ana Ruiz\", \"phone\": \"+1 555 0100\"}"}}]},
  "usage": {"prompt_tokens": 300, "completion_tokens": 20, "total_tokens": 320}},
 {"message": {"role": "assistant", "content": "Booked: Tuesday at 9 am, Ana."},
  "usage": {"prompt_tokens": 350, "completion_tokens": 9, "total_tokens": 359}}]
EOF
llm s1.json
say b1 "Book me for Tuesday 9am, Ana Ruiz, +1 555 0100" |
	WA_LLM_BASE_URL="$LLM_URL" wa-agent run -w wa.db ai.yaml > out.json
[ "$(jv out.json .status)" = done ] || die "booking: $(cat out.json)"
[ "$(jv out.json .reply)" = "Booked: Tuesday at 9 am, Ana." ] || die "reply: $(cat out.json)"
[ "$(jv out.json '.tool_calls[0].name')" = book_appointment ] || die "call"
[ "$(jv out.json '.tool_calls[0].result.status')" = booked ] || die "booked: $(jv out.json '.tool_calls[0].result')"
[ "$(q "select count(*) from agent_bookings where start like '2026-12-01T09:00%'")" = 1 ] || die "no booking row"
# on the wire: the system prompt first (its tags filled), the tools with
# their JSON Schemas, the key as a bearer token; then the call and its result
[ "$(jq -s 'length' llm.log)" = 2 ] || die "requests: $(jq -s length llm.log)"
jq -e -s '.[0].body.messages[0].role == "system" and
	(.[0].body.messages[0].content | test("receptionist of bright-smile-dental"))' llm.log > /dev/null ||
	die "system prompt: $(jq -s -c '.[0].body.messages[0]' llm.log)"
jq -e -s '.[0].authorization == "Bearer sk-test-0123456789" and .[0].body.model == "scripted-model"' llm.log > /dev/null ||
	die "key or model"
jq -e -s '[.[0].body.tools[] | select(.type == "function") | .function.name] | index("book_appointment") != null' llm.log > /dev/null ||
	die "tools: $(jq -s -c '.[0].body.tools' llm.log)"
jq -e -s '.[0].body.tools[] | select(.function.name == "book_appointment") | .function.parameters |
	.type == "object" and (.properties | keys) == ["patient", "phone", "when"] and .required == ["when"] and
	(.properties.when.description | test("YYYY-MM-DDTHH:MM"))' llm.log > /dev/null ||
	die "schema: $(jq -s -c '.[0].body.tools' llm.log)"
# every built-in tool reaches the model with the parameters it takes
jq -e -s '[.[0].body.tools[] | .function | select(.parameters.properties == {})] == []' llm.log > /dev/null ||
	die "a tool without parameters: $(jq -s -c '.[0].body.tools' llm.log)"
jq -e -s '.[1].body.messages[-2].tool_calls[0].function.name == "book_appointment" and
	(.[1].body.messages[-2].tool_calls[0].function.arguments | fromjson | .patient) == "Ana Ruiz" and
	.[1].body.messages[-1].role == "tool" and .[1].body.messages[-1].tool_call_id == "call_1" and
	(.[1].body.messages[-1].content | fromjson | .status) == "booked"' llm.log > /dev/null ||
	die "the call and its result: $(jq -s -c '.[1].body.messages[-2:]' llm.log)"
# token usage, as the server counted it, summed over the turn
[ "$(q "select prompt_tokens || ' ' || completion_tokens from performance_metrics where thread = 'b1'")" = "650 29" ] ||
	die "usage: $(q 'select * from performance_metrics')"
# a call the schema does not allow is refused by the strict server (and
# so is never made by a real model): the check itself bites
cat > sx.json <<'EOF'
[{"message": {"role": "assistant", "content": null, "tool_calls": [{"id": "call_x", "type": "function",
   "function": {"name": "list_slots", "arguments": "{\"day\": \"Tuesday\"}"}}]}}]
EOF
llm sx.json
expect_exit 65 sh -c "printf '%s\n' '{\"thread\":\"x1\",\"message\":\"slots?\"}' |
	WA_LLM_BASE_URL='$LLM_URL' wa-agent run -w wa.db ai.yaml > out.json 2> err.txt"
grep -q "tool list_slots: its parameters do not name day" err.txt || die "strict server: $(cat err.txt)"
# the key is nowhere in the workspace
! grep -a -q sk-test-0123456789 wa.db wa.db-wal 2> /dev/null || die "the key was stored"

# streamed: wa-agent chat prints the text as it comes; the tool call
# arrives in pieces (id and name, then its arguments in two parts)
cat > s2.json <<'EOF'
[{"stream": [{"role": "assistant", "content": null,
    "tool_calls": [{"index": 0, "id": "call_s1", "type": "function", "function": {"name": "list_slots", "arguments": ""}}]},
   {"tool_calls": [{"index": 0, "function": {"arguments": "{\"date\": \"2026-"}}]},
   {"tool_calls": [{"index": 0, "function": {"arguments": "12-02\"}"}}]}],
  "usage": {"prompt_tokens": 100, "completion_tokens": 12, "total_tokens": 112}},
 {"stream": [{"role": "assistant", "content": ""}, {"content": "Wednesday "}, {"content": "has "},
   {"content": "8 am free."}]}]
EOF
llm s2.json
echo "what is free on Wednesday?" | WA_LLM_BASE_URL="$LLM_URL" wa-agent chat -w wa.db --thread s1 ai.yaml > chat.txt
grep -qx 'agent> Wednesday has 8 am free.' chat.txt || die "streamed reply: $(cat chat.txt)"
grep -q '\[list_slots {"date":"2026-12-02"} -> ok\]' chat.txt || die "assembled call: $(cat chat.txt)"
[ "$(grep -c 'agent>' chat.txt)" = 1 ] || die "the reply printed twice: $(cat chat.txt)"
jq -e -s '.[0].body.stream == true' llm.log > /dev/null || die "not asked to stream"

# malformed arguments: the model hears why, and answers again
cat > s3.json <<'EOF'
[{"message": {"role": "assistant", "content": null, "tool_calls": [{"id": "call_m", "type": "function",
   "function": {"name": "list_slots", "arguments": "{\"date\": 2026-12-0"}}]}},
 {"message": {"role": "assistant", "content": "Which day did you mean?"}}]
EOF
llm s3.json
say m1 "slots?" | WA_LLM_BASE_URL="$LLM_URL" wa-agent run -w wa.db ai.yaml > out.json
[ "$(jv out.json .reply)" = "Which day did you mean?" ] || die "after bad arguments: $(cat out.json)"
jq -e -s '(.[1].body.messages[-1].content | fromjson) as $r | $r.status == "error" and
	($r.error | test("not JSON"))' llm.log > /dev/null || die "the error sent back: $(jq -s -c '.[1].body.messages[-1]' llm.log)"
jq -e -s '.[1].body.messages[-2].tool_calls[0].function.arguments == "{\"date\": 2026-12-0"' llm.log > /dev/null ||
	die "the model's own text sent back"

# 429 then success: Retry-After honoured
cat > s4.json <<'EOF'
[{"status": 429, "headers": {"Retry-After": "1"}, "error": "slow down"},
 {"message": {"role": "assistant", "content": "Hello!"}}]
EOF
llm s4.json
start=$(date +%s%N)
say r1 "hi" | WA_LLM_BASE_URL="$LLM_URL" wa-agent run -w wa.db ai.yaml > out.json
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(jv out.json .reply)" = "Hello!" ] || die "after 429: $(cat out.json)"
[ "$(jq -s length llm.log)" = 2 ] || die "two requests"
[ "$ms" -ge 1000 ] || die "Retry-After: 1 not waited ($ms ms)"

# a hang past the timeout: 69, the message kept; resumed once it answers
sed 's/^  backend: openai/  backend: openai\n  timeout: 1\n  retries: 0/' ai.yaml > slow.yaml
cat > s5.json <<'EOF'
[{"sleep": 4, "message": {"role": "assistant", "content": "too late"}},
 {"message": {"role": "assistant", "content": "Sorry for the wait: how can I help?"}}]
EOF
llm s5.json
expect_exit 69 sh -c "printf '%s\n' '{\"thread\":\"h1\",\"message\":\"are you there?\"}' |
	WA_LLM_BASE_URL='$LLM_URL' wa-agent run -w wa.db slow.yaml > out.json 2> err.txt"
[ "$(jv out.json .status)" = error ] || die "hang: $(cat out.json)"
grep -q 'Timeout\|timed out' err.txt || die "timeout message: $(cat err.txt)"
wa-agent history -w wa.db h1 --json > hist.json
jq -e '[.. | objects | select(.content? == "are you there?")] | length > 0' hist.json > /dev/null ||
	wa-agent state -w wa.db h1 | grep -q 'are you there?' || die "the message was lost"
WA_LLM_BASE_URL="$LLM_URL" wa-agent resume -w wa.db h1 > res.json
grep -q 'Sorry for the wait' res.json || die "resume: $(cat res.json)"

# a refused key: 77, and the key is not in what is said
cat > s6.json <<'EOF'
[{"status": 401, "error": "invalid api key"}]
EOF
llm s6.json
expect_exit 77 sh -c "printf '%s\n' '{\"thread\":\"k1\",\"message\":\"hi\"}' |
	WA_LLM_BASE_URL='$LLM_URL' wa-agent run -w wa.db ai.yaml > out.json 2> err.txt"
grep -q 'refused the key (invalid api key)' err.txt || die "401: $(cat err.txt)"
! grep -q sk-test out.json err.txt || die "the key was printed"
[ "$(jq -s length llm.log)" = 1 ] || die "a refused key is not retried"

# no server at all: 69 at once, after the retries
kill $LLM_PID; wait $LLM_PID 2> /dev/null || true
LLM_PID=""
expect_exit 69 sh -c "printf '%s\n' '{\"thread\":\"d1\",\"message\":\"hi\"}' |
	WA_LLM_BASE_URL='$LLM_URL' wa-agent run -w wa.db ai.yaml > out.json 2> err.txt"
grep -q "Couldn't connect\|Connection refused\|Failed to connect" err.txt || die "down: $(cat err.txt)"
# and no server named: 78
expect_exit 78 env -u WA_LLM_BASE_URL wa-agent run -w wa.db ai.yaml < /dev/null 2> err.txt
grep -q 'model.base_url and model.name, or WA_LLM_BASE_URL and WA_LLM_MODEL' err.txt || die "78: $(cat err.txt)"

# the context window: with room for little, the oldest turns go, whole;
# the system prompt and the current turn stay
sed 's/^  backend: openai/  backend: openai\n  context_tokens: 300/' ai.yaml > small.yaml
cat > s7.json <<'EOF'
[{"message": {"role": "assistant", "content": "Noted."}}]
EOF
llm s7.json
long=$(printf 'word %.0s' $(seq 1 120))
for n in 1 2 3; do say w1 "turn $n: $long"; done |
	WA_LLM_BASE_URL="$LLM_URL" wa-agent run -w wa.db small.yaml > out.json
jq -e -s '.[2].body.messages[0].role == "system" and
	(.[2].body.messages[-1].content | startswith("turn 3:")) and
	([.[2].body.messages[] | select(.role == "user")] | length) == 1' llm.log > /dev/null ||
	die "window: $(jq -s -c '[.[2].body.messages[] | .role]' llm.log)"
# with room, every turn goes
sed 's/^  backend: openai/  backend: openai\n  context_tokens: 100000/' ai.yaml > big.yaml
for n in 1 2 3; do say w2 "turn $n: $long"; done |
	WA_LLM_BASE_URL="$LLM_URL" wa-agent run -w wa.db big.yaml > out.json
jq -e -s '([.[5].body.messages[] | select(.role == "user")] | length) == 3' llm.log > /dev/null ||
	die "big window: $(jq -s -c '[.[5].body.messages[] | .role]' llm.log)"
