# The same conversations on both backends: each file of
# tests/data/conversations/ is played through wa-agent run with the
# offline model, then with model.backend openai against
# tests/tools/llmsrv.py answering from the file's "openai" script; both
# must give the file's replies, make its tool calls and leave its
# booking.  The openai requests must carry the whole conversation.
. "$HERE/lib.sh"
LLM_PID=""
trap '[ -z "$LLM_PID" ] || kill $LLM_PID 2>/dev/null || true' EXIT
for conv in "$HERE"/../data/conversations/*.json; do
	name=$(basename "$conv" .json)
	export SOURCE_DATE_EPOCH="$(jq -r .now "$conv")"
	jq -c '.openai' "$conv" > "$name.script.json"
	for backend in offline openai; do
		ws="$name-$backend.db"
		sed "s/backend: offline/backend: $backend/" "$ROOT/$(jq -r .agent "$conv")" > "$name-$backend.yaml"
		if [ "$backend" = openai ]; then
			rm -f llm.port llm.log
			/usr/bin/python3 "$HERE/../tools/llmsrv.py" --script "$name.script.json" --log llm.log \
				--lifetime 120 > llm.port &
			LLM_PID=$!
			i=0
			while [ ! -s llm.port ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
			export WA_LLM_BASE_URL="http://127.0.0.1:$(cat llm.port)/v1" WA_LLM_MODEL=scripted
		fi
		jq -c --arg t "$name" '.turns[] | {thread: $t, message: .user}' "$conv" |
			wa-agent run -w "$ws" "$name-$backend.yaml" > "$name-$backend.out"
		n=$(jq '.turns | length' "$conv")
		[ "$(wc -l < "$name-$backend.out")" = "$n" ] || die "$name $backend: $(cat "$name-$backend.out")"
		k=0
		while [ $k -lt "$n" ]; do
			want=$(jq -r ".turns[$k].reply" "$conv")
			got=$(sed -n "$((k + 1))p" "$name-$backend.out" | jq -r .reply)
			[ "$got" = "$want" ] || die "$name $backend turn $((k + 1)): said \"$got\", not \"$want\""
			tool=$(jq -r ".turns[$k].tool // empty" "$conv")
			if [ -n "$tool" ]; then
				sed -n "$((k + 1))p" "$name-$backend.out" | jq -e --arg t "$tool" \
					'[.tool_calls[].name] | index($t) != null' > /dev/null ||
					die "$name $backend turn $((k + 1)): no $tool call"
			fi
			k=$((k + 1))
		done
		[ "$(sqlite3 "$ws" "select start || '|' || phone || '|' || name from agent_bookings")" = \
			"$(jq -r .booking "$conv")" ] || die "$name $backend: booked $(sqlite3 "$ws" 'select * from agent_bookings')"
		if [ "$backend" = openai ]; then
			# the last request holds every user turn and the tool's result
			jq -s -e --argjson n "$n" '[.[-1].body.messages[] | select(.role == "user")] | length == $n' \
				llm.log > /dev/null || die "$name: the conversation was not sent whole"
			jq -s -e '.[-1].body.messages[-1].role == "tool"' llm.log > /dev/null || die "$name: the result"
			kill $LLM_PID; wait $LLM_PID 2> /dev/null || true
			LLM_PID=""
		fi
	done
done
