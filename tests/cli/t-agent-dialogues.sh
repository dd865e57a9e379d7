# The dialogue test set (tests/data/dialogues: 163 conversations written
# for the three example agents, with typos, several facts at once,
# corrections, questions in the middle, Spanish for the clinic) through
# scripts/agent-eval: on the offline model at least 95% right and not one
# booking, move, cancel, lead or return with a wrong date, time or person;
# on the openai backend against the scripted server, which checks every
# tool's schema, all of them.  And the judge itself: a conversation whose
# expected date differs from what was said is a wrong action, and fails.
. "$HERE/lib.sh"
eval_set() { (cd "$ROOT" && WA_BIN="$BIN" /usr/bin/python3 scripts/agent-eval "$@"); }
eval_set > offline.txt || die "offline: $(grep -v '^ ' offline.txt | tail -12)"
for a in dental shop estate; do
	grep -q "^$a " offline.txt || die "no rate for $a: $(cat offline.txt)"
done
n=$(cat "$ROOT"/tests/data/dialogues/*.jsonl | wc -l)
[ "$n" -ge 150 ] || die "only $n conversations"
grep -q "^all *$n conversations .*(offline backend; wrong actions: 0)" offline.txt ||
	die "offline summary: $(tail -1 offline.txt)"
# the issue's own examples and each mechanism's conversation, one by one:
# the day said ("the 14th", "Friday week", "today at 3:30", "next monday
# 2pm" typed with typos), the free times offered ("tomorrow morning",
# a closed Sunday, "after 4", "asap") and picked, a move "back to the
# 16th", a price from the knowledge base, a person asked for, the hours
# asked in the middle of a booking, a correction at the confirmation,
# identities in E.164, complaints, Spanish, the time said last in a move
for id in d01 d02 d03 d04 d05 d06 d07 d08 d09 d10 d11 d12 d13 d14 d15 d21 d24 d25 d45 d51 d53 \
    d42 d63 d64 d66 d67 d68 d69 d70 d71 p03 p04 p13 p39 p40 e02 e09 e19 e20 s01 s02 s04 s09; do
	! grep -q " $id: " offline.txt || die "$id: $(grep -A1 " $id: " offline.txt)"
done
eval_set --backend openai > openai.txt || die "openai: $(grep -v '^ ' openai.txt | tail -12)"
grep -q "^all *$n conversations *$n right .*(openai backend; wrong actions: 0)" openai.txt ||
	die "openai summary: $(tail -1 openai.txt)"
# the judge: the 14th said, the 15th expected
mkdir judge
cat > judge/dental.jsonl <<'J'
{"id": "j1", "turns": ["book Monday 14 December at 10am for Ana Ruiz, 312 555 0147", "yes"], "expect": {"tool": "book_appointment", "args": {"when": "2026-12-15T10:00", "patient": "Ana Ruiz", "phone": "+13125550147"}}}
J
expect_exit 1 eval_set "$PWD/judge/dental.jsonl" > judge.txt
grep -q '^WRONG dental j1: ' judge.txt || die "judge: $(cat judge.txt)"
grep -q 'wrong actions: 1)$' judge.txt || die "judge count: $(cat judge.txt)"
# a broken line of a set is named, not a traceback
printf '{"id": "b1", "turns": ["hi"], "expect": {"no_action": true}}\n{"id": "b2", "turns":\n' > judge/dental.jsonl
expect_exit 1 eval_set "$PWD/judge/dental.jsonl" 2> bad.txt
grep -q "judge/dental.jsonl:2: " bad.txt || die "broken line: $(cat bad.txt)"
printf '{"id": "b1", "turns": [], "expect": {}}\n' > judge/dental.jsonl
expect_exit 1 eval_set "$PWD/judge/dental.jsonl" 2> bad.txt
grep -q "dental.jsonl:1: a conversation needs an id, turns and expect" bad.txt || die "empty: $(cat bad.txt)"
