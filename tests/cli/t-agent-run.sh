# wa-agent run: a scripted conversation for each example agent through
# the NDJSON protocol (user lines in; intents, tool calls with their
# argument values, and replies checked), a slot taken by another thread,
# approval and rejection, the custom graph's handoff route, and what the
# workspace keeps.  The clock is Tuesday 24 November 2026, 10:00 UTC.
. "$HERE/lib.sh"
export SOURCE_DATE_EPOCH=1795514400
A="$ROOT/examples/agents"
say() { printf '{"thread":"%s","message":"%s"}\n' "$1" "$2"; }
run() { wa-agent run -w wa.db "$@"; }
line() { sed -n "${2}p" "$1"; }

# the dental receptionist: book in four turns, then in one; a slot taken
# between the confirmation and the booking is refused by the calendar,
# and one already taken when it is asked for is not confirmed: the
# nearest free times are offered and one of them taken
{
	say ana "Hi, I would like to book an appointment"
	say ana "next Tuesday at 3pm"
	say ana "Maya Okafor"
	say ana "my number is +1 847 555 0199"
	say ben "can I book for next tuesday at 3pm, I am Ben Li, 0117 496 0123"
	say ana "yes please"
	say ben "yes"
	say dot "can I book for next tuesday at 3pm, I am Dee Fox, 847 555 0142"
	say dot "the second one"
	say cy "when are you open?"
} | run "$A/dental.yaml" > dental.jsonl
[ "$(wc -l < dental.jsonl)" = 10 ] || die "a line out for each in"
[ "$(line dental.jsonl 1 | jq -r .reply)" = "What day and time suits you?" ] || die "ask when"
[ "$(line dental.jsonl 2 | jq -r .reply)" = "Who is the appointment for?" ] || die "ask who"
[ "$(line dental.jsonl 3 | jq -r .reply)" = "What number can we reach you on?" ] || die "ask phone"
# "next Tuesday" after Tuesday the 24th is 1 December
[ "$(line dental.jsonl 4 | jq -r .reply)" = "Shall I book Maya Okafor for Tuesday 1 December at 3 pm?" ] ||
	die "confirm: $(line dental.jsonl 4)"
[ "$(line dental.jsonl 5 | jq -r .reply)" = "Shall I book Ben Li for Tuesday 1 December at 3 pm?" ] ||
	die "one-line booking: $(line dental.jsonl 5)"
line dental.jsonl 6 > booked.json
[ "$(jq -r '.tool_calls[0] | [.name, .arguments.when, .arguments.patient, .arguments.phone,
	.result.status] | join(" ")' booked.json)" = \
	"book_appointment 2026-12-01T15:00 Maya Okafor +18475550199 booked" ] ||
	die "booking: $(cat booked.json)"
[ "$(jq -r .reply booked.json)" = "You're booked for Tuesday 1 December at 3 pm. See you then, Maya Okafor!" ] ||
	die "booked reply"
# the same slot from another thread: taken, and the nearest free one said
[ "$(line dental.jsonl 7 | jq -r '.tool_calls[0].result.status + " " + .reply')" = \
	"taken That time is taken; the nearest free one is Tuesday 1 December at 3:30 pm." ] ||
	die "taken: $(line dental.jsonl 7)"
# asked for once it is taken: the next three free times, by the grid
[ "$(line dental.jsonl 8 | jq -r '.reply')" = "Tuesday 1 December at 3 pm is taken; the nearest free \
times are Tuesday 1 December at 3:30 pm, 4 pm or 4:30 pm. Which would you like?" ] || die "offers: $(line dental.jsonl 8)"
[ "$(line dental.jsonl 9 | jq -r '.reply')" = "Shall I book Dee Fox for Tuesday 1 December at 4 pm?" ] ||
	die "the second offer: $(line dental.jsonl 9)"
[ "$(line dental.jsonl 10 | jq -r .reply)" = \
	"We're open Monday to Friday, 8 am to 6 pm, and Saturday, 9 am to 1 pm." ] || die "hours"
[ "$(q "select count(*) from agent_bookings where status = 'booked'")" = 1 ] || die "one booking"
# replies say dates in words, the year only when it is not this one
# (5 January 2027 is a Tuesday: 1 January 2027 is a Friday)
{ say yan "can I book for 5 January 2027 at 12pm"; say yan "Zoe"; say yan "+1 847 555 0100"; } |
	run "$A/dental.yaml" > year.jsonl
[ "$(line year.jsonl 3 | jq -r .reply)" = "Shall I book Zoe for Tuesday 5 January 2027 at 12 pm?" ] ||
	die "a date next year: $(cat year.jsonl)"
# cancel it, with a confirmation
{
	say ana "I can't make it, please cancel"
	say ana "+1 847 555 0199"
	say ana "yes"
} | run "$A/dental.yaml" > cancel.jsonl
# the booking found under the number is said in full before it goes
[ "$(line cancel.jsonl 2 | jq -r .reply)" = "Cancel your appointment on Tuesday 1 December at 3 pm?" ] ||
	die "cancel confirmation: $(cat cancel.jsonl)"
[ "$(line cancel.jsonl 3 | jq -r '.tool_calls[0] | .name + " " + .arguments.phone + " " + .result.status')" = \
	"cancel_appointment +18475550199 cancelled" ] || die "cancel: $(cat cancel.jsonl)"
[ "$(q "select count(*) from agent_bookings where status = 'booked'")" = 0 ] || die "cancelled"
# refusals say what happened: a closed day is closed (the nearest open
# times: Monday's first, 8 am), and a move under a number nobody booked
# with is not found as soon as the number is given, before a new time is
# asked for (no "nearest free one is ." with nothing after)
{
	say zed "can I book for Sunday 29 November at 11am, I am Ben Li, 0117 496 0123"
	say zed "the first one"
	say zoe "I need to move my appointment"
	say zoe "+1 312 555 0999"
} | run "$A/dental.yaml" > refused.jsonl
[ "$(line refused.jsonl 1 | jq -r .reply)" = "We're closed on Sunday 29 November at 11 am; the nearest \
free times are Monday 30 November at 8 am, 8:30 am or 9 am. Which would you like?" ] || die "closed: $(line refused.jsonl 1)"
[ "$(line refused.jsonl 2 | jq -r .reply)" = "Shall I book Ben Li for Monday 30 November at 8 am?" ] ||
	die "the first offer: $(line refused.jsonl 2)"
[ "$(line refused.jsonl 4 | jq -r .reply)" = \
	"I can't find a booking under +13125550999. Is there anything else I can do?" ] ||
	die "not found: $(line refused.jsonl 4)"
# without a failure text of its own, an intent says the calendar's
# refusal in words that name it
/usr/bin/python3 -c 'import sys, yaml
cfg = yaml.safe_load(open(sys.argv[1]))
for i in cfg["intents"]:
    i.pop("failure", None)
yaml.safe_dump(cfg, open("bare.yaml", "w"))' "$A/dental.yaml"
{
	say zak "can I book for Monday 30 November at 10am, I am Ben Li, 0117 496 0123"
	say zia "can I book for Monday 30 November at 10am, I am Zia Noor, 847 555 0111"
	say zak "yes"
	say zia "yes"
} | run bare.yaml > bare.jsonl
[ "$(line bare.jsonl 4 | jq -r .reply)" = "That time is taken; the nearest free one is Monday 30 November at 10:30 am." ] ||
	die "the built-in words: $(line bare.jsonl 4)"
# a phone number is who booked, however it is written: booked under
# "(312) 555-0147", cancelled under "+1 312 555 0147" (E.164 +13125550147)
{
	say eve "can I book for 2 December at 9am, I am Eve Ng, (312) 555-0147"
	say eve "yes"
	say ivy "please cancel my appointment"
	say ivy "+1 312 555 0147"
	say ivy "yes"
} | run "$A/dental.yaml" > same.jsonl
[ "$(q "select phone from agent_bookings where name = 'Eve Ng'")" = +13125550147 ] ||
	die "stored phone: $(q "select phone from agent_bookings where name = 'Eve Ng'")"
[ "$(line same.jsonl 5 | jq -r '.tool_calls[0].result | .status + " " + .start')" = \
	"cancelled 2026-12-02T09:00" ] || die "cancel under the same number: $(cat same.jsonl)"
# a day and a time said alone are a booking (the 14th after Tuesday 24
# November is Monday 14 December); a day ("Saturday") is nobody's name
{
	say t14 "the 14th at 4pm"
	say t14 "Ana Ruiz"
	say t14 "+1 312 555 0111"
	say sun "can I book for Saturday 28 November at 11am"
} | run "$A/dental.yaml" > alone.jsonl
[ "$(line alone.jsonl 3 | jq -r .reply)" = "Shall I book Ana Ruiz for Monday 14 December at 4 pm?" ] ||
	die "a day and time alone: $(cat alone.jsonl)"
[ "$(line alone.jsonl 4 | jq -r .reply)" = "Who is the appointment for?" ] ||
	die "Sunday taken for a name: $(line alone.jsonl 4)"
# a patient who writes Spanish is answered in Spanish: the config's words
# through its translations, dates and offers in Spanish words
{
	say es1 "Hola, quiero una cita para el viernes 27 de noviembre a las 10"
	say es1 "Lucía Gómez"
	say es1 "312 555 0123"
	say es2 "cita el domingo 29 de noviembre a las 11"
} | run "$A/dental.yaml" > es.jsonl
[ "$(line es.jsonl 1 | jq -r .reply)" = "¿A nombre de quién es la cita?" ] || die "es: $(cat es.jsonl)"
[ "$(line es.jsonl 3 | jq -r .reply)" = \
	"¿Reservo la cita de Lucía Gómez para el viernes 27 de noviembre a las 10:00?" ] ||
	die "es confirm: $(line es.jsonl 3)"
[ "$(line es.jsonl 4 | jq -r .reply)" = "Estamos cerrados el domingo 29 de noviembre a las 11:00; \
las horas libres más cercanas son: lunes 30 de noviembre a las 8:00, a las 8:30 o a las 9:00. \
¿Cuál prefiere?" ] || die "es offers: $(line es.jsonl 4)"
# asked for a person in so many words: handed over at once
say hum "get me a real human NOW" | run "$A/dental.yaml" > human.jsonl
[ "$(jq -r '.status + " " + .tool_calls[0].name' human.jsonl)" = "handoff handoff" ] ||
	die "a person asked for: $(cat human.jsonl)"
# not understood twice (the knowledge base knows nothing of it either):
# handed to a person, with an event
{ say dee "qwerty uiop"; say dee "asdf ghjk"; } | run "$A/dental.yaml" > lost.jsonl
line lost.jsonl 1 | jq -r .reply | grep -q "^Sorry, I didn't catch that. I can help with:" ||
	die "clarify: $(cat lost.jsonl)"
[ "$(line lost.jsonl 2 | jq -r '.status + " " + .tool_calls[-1].name')" = "handoff handoff" ] ||
	die "handoff: $(cat lost.jsonl)"
[ "$(q "select count(*) from events where type = 'agent.handoff'")" = 2 ] || die "handoff event"

# the shop: an order looked up; a return waits for a person's approval
sqlite3 wa.db "insert into agent_orders (client, order_no, status) values ('northwind-outfitters', '1234', 'shipped')"
{
	say eva "where is my order 1234"
	say fay "the jacket doesn't fit, can I return it"
	say fay "order 1234"
	say fay "too small"
	say fay "yes"
} | run "$A/shop.yaml" > shop.jsonl
[ "$(line shop.jsonl 1 | jq -r '.tool_calls[0].arguments.order|tostring')" = 1234 ] || die "order arg"
[ "$(line shop.jsonl 1 | jq -r .reply)" = "Order 1234 is shipped." ] || die "order: $(line shop.jsonl 1)"
[ "$(line shop.jsonl 4 | jq -r .reply)" = "Start a return of order 1234 (too small)?" ] ||
	die "return confirm: $(line shop.jsonl 4)"
line shop.jsonl 5 > pending.json
[ "$(jq -r '.status + " " + .pending[0].name + " " + .pending[0].arguments.reason' pending.json)" = \
	"interrupted start_return too small" ] || die "interrupted: $(cat pending.json)"
[ "$(q "select count(*) from events where type = 'agent.handoff'")" = 2 ] || die "ran before approval"
printf '{"thread":"fay","approve":true}\n' | run "$A/shop.yaml" > approved.json
[ "$(jq -r '.status + " " + .tool_calls[0].result.status + " " + .reply' approved.json)" = \
	"handoff handed_off Your return is started; a label is on its way." ] ||
	die "approved: $(cat approved.json)"
# and a rejection: the tool never runs, the model is told
{
	say gus "I want to return something"
	say gus "order 1234"
	say gus "damaged"
	say gus "yes"
	printf '{"thread":"gus","reject":true,"reason":"outside the 30 days"}\n'
} | run "$A/shop.yaml" > reject.jsonl
[ "$(line reject.jsonl 4 | jq -r .status)" = interrupted ] || die "gus interrupted"
[ "$(line reject.jsonl 5 | jq -r '.status + " " + .tool_calls[0].result.status')" != "handoff handed_off" ] ||
	die "a rejected call ran"
[ "$(q "select count(*) from events where type = 'agent.handoff'")" = 3 ] || die "one more handoff only"
[ "$(q "select count(*) from events where type = 'agent.rejected'")" = 1 ] || die "rejected event"

# the estate agent's own graph: a lead captured, a handoff through its route
{
	say hal "we want to purchase a flat"
	say hal "Clifton"
	say hal "our budget is 450k"
	say hal "Hal Jordan"
	say hal "hal@example.com"
} | run "$A/estate.yaml" > estate.jsonl
[ "$(line estate.jsonl 5 | jq -r '.tool_calls[0] | .name + " " + .arguments.area + " " + (.arguments.budget|tostring) + " " + .arguments.email')" = \
	"capture_lead Clifton 450000 hal@example.com" ] || die "lead: $(line estate.jsonl 5)"
[ "$(line estate.jsonl 5 | jq -r .reply)" = "Thanks Hal Jordan, an agent will email hal@example.com today." ] ||
	die "lead reply"
[ "$(q "select json_extract(data, '$.email') from agent_leads")" = hal@example.com ] || die "lead stored"

# what the workspace keeps: conversations, a metrics row a turn, events
[ "$(q "select count(*) from conversations")" = 21 ] || die "conversations: $(q 'select thread from conversations')"
[ "$(q "select count(*) from performance_metrics")" = 56 ] || die "metrics: $(q 'select count(*) from performance_metrics')"
[ "$(q "select outcome from performance_metrics where thread = 'fay' order by turn desc limit 1")" = handoff ] ||
	die "metrics outcome"
[ "$(q "select count(*) from events where type = 'agent.turn'")" -ge 25 ] || die "turn events"

# bad lines: an error line each, the run goes on, and its status is 65
# at the end, as the other filters' is
printf 'not json\n{"message":"hi"}\n{"thread":"z","message":"when are you open"}\n[1]\n' > bad.in
expect_exit 65 run "$A/dental.yaml" < bad.in > bad.jsonl 2> bad.err
grep -q '^wa-agent run: line 1: ' bad.err || die "stderr names line 1: $(cat bad.err)"
grep -q '^wa-agent run: line 4: a line must be a JSON object' bad.err || die "line 4: $(cat bad.err)"
[ "$(sed -n 4p bad.jsonl | jq -r .status)" = error ] || die "line 4 answered"
sed -i '$d' bad.jsonl
[ "$(jq -r .status bad.jsonl | tr '\n' ' ')" = "error error done " ] || die "bad lines: $(cat bad.jsonl)"
[ "$(sed -n 1p bad.jsonl | jq -r .error | cut -d: -f1)" = "line 1" ] || die "the bad line is not named"
expect_exit 78 wa-agent run -w wa.db "$HERE/../cli/t-agent-run.sh" < /dev/null 2> err.txt
expect_exit 64 wa-agent run 2> err.txt
