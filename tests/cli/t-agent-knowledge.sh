# Answers from knowledge (issue 20).  The evaluation: five sets of
# questions written for the three example clients (paraphrases, typos,
# German, Spanish, emergencies, questions their sites do not answer),
# each written before the work that followed it, 294 in all, through
# scripts/kb-answers, asserting the issue's goals on them together:
# recall@5 at least 0.9, answers right at least 85%, not one confident
# answer to a question the site does not answer; each set's figures
# reported.  Then each of the issue's examples, and of what the later
# sets found, on the clients onboarded offline: a paraphrase with no word
# of the page's, stems that meet (valued, sell, whiter), typos, an
# English question on a German site and a Spanish one on an English
# price table, German stop words, job titles in the graph, intents
# carried by stop words or a letter, a yes that answers another
# question, an emergency, a whole page.
. "$HERE/lib.sh"
kb_answers() { (cd "$ROOT" && WA_BIN="$BIN" /usr/bin/python3 scripts/kb-answers "$@"); }
sets="fresh holdout third fourth fifth"
kb_answers --min-recall5 0.9 --min-correct 0.85 $(for f in $sets; do
	echo "$ROOT/tests/data/kb/$f.jsonl"; done) > all.txt || die "the goals: $(tail -40 all.txt)"
grep -q "^all *294 questions" all.txt || die "summary: $(cat all.txt)"
for f in $sets; do
	kb_answers --report --quiet "$ROOT/tests/data/kb/$f.jsonl" > "$f.txt" || die "$f: $(cat "$f.txt")"
	sed -n "s/^all  /  $f/p" "$f.txt"
done
grep "^all" all.txt
here=$PWD
for c in bright-smile-dental harbour-lane-estates northwind-outfitters; do
	(cd "$ROOT" && WA_BIN="$BIN" WA_ONBOARD_OUT="$here/$c" examples/onboard.sh \
		"examples/clients/$c.json") > "$c.log" 2>&1 || die "onboarding $c: $(tail -3 "$c.log")"
done
# search CLIENT QUESTION: the top five sources, a line each
search() { wa-agent kb search -w "$1/wa.db" --json "$1" "$2" | jq -r .source; }
has() {         # has CLIENT QUESTION SOURCE-SUFFIX: in the top five
	search "$1" "$2" > hits.txt || die "$1: nothing for \"$2\""
	grep -q -- "$3\$" hits.txt || die "$1: \"$2\": no $3 in $(tr '\n' ' ' < hits.txt)"
}
d=bright-smile-dental e=harbour-lane-estates s=northwind-outfitters
has $s "how much do you charge for delivery inside germany?" versand.html
has $s "can I send a jacket back if it doesnt fit?" versand.html
has $e "do I have to pay to get my house valued?" valuation.html
has $e "what are your fees to sell" valuation.html
has $e "which parts of the city do you cover?" index.html
has $d "how much for whiter teeth" "#prices"
has $d "can i make an apointment online" "#faq-4"
has $d "do you do invisble braces?" "#services"
search $s "how much is shipping within germany" | head -1 | grep -q 'versand.html$\|#prices$' ||
	die "an English question on the German site: $(search $s "how much is shipping within germany")"
has $d "¿Cuánto cuesta el blanqueamiento dental?" "#prices"
# an urgent situation asks what to do in an emergency, without the word
has $d "my gums are bleeding a lot" "#faq-5"
has $e "my ceiling is leaking water" lettings.html
# the kind of answer a question asks for: a duration, a percentage
wa-agent kb search -w $e/wa.db --json -n 1 $e "how long does the valuation visit take" |
	jq -r .passage | grep -q "forty minutes" || die "how long"
wa-agent kb search -w $e/wa.db --json -n 1 $e "what percentage do you take when you sell a home" |
	jq -r .passage | grep -q "1.2%" || die "what percentage"
# "wie", "ich", "eine" do not put the exchange FAQ first for any question
search $s "Habt ihr einen Laden in Berlin?" | head -1 | grep -qv '#faq-2$' ||
	die "German stop words: $(search $s "Habt ihr einen Laden in Berlin?")"
# people for questions about people, not for a job title's word
search $d "are you good with anxious patients?" | head -1 | grep -qvx graph ||
	die "a person for anxious patients"
search $d "who is the owner of the practice?" | head -1 | grep -qx graph || die "who owns it"
# a role's word without "who" is no question about the person
search $d "is the dentist gentle with children" | head -1 | grep -qvx graph ||
	die "a person for the dentist's gentleness"
# a German compound the question has and the site has not, read as its
# parts (Versand, Kosten)
has $s "Versandkosten?" versand.html
# a FAQ's "Yes," only for its own question: "Do you see children?" is
# not "do you see children on Sundays?" (to which the hours' "Sunday:
# closed" may come first; the FAQ is among the five)
wa-agent kb search -w $d/wa.db --json -n 5 $d "do you see children on sundays" |
	jq -c 'select(.source | endswith("#faq-6"))' > top.json
[ -s top.json ] || die "children: no FAQ"
jq -r .passage top.json | grep -q "^Yes" && die "a yes to another question: $(cat top.json)"
# ask CLIENT MESSAGE: the built agent's answer line for one message
asked=0
ask() {
	asked=$((asked + 1))
	printf '{"thread": "t%s", "message": %s}\n' "$asked" "$(printf '%s' "$2" | jq -Rs .)" |
		wa-agent run -w "$1/wa.db" "$1/$1-agent.yaml" > said.json || true
	jq -r .reply said.json
}
calls() { jq -r '[.tool_calls[]?.name] | join(" ")' said.json; }
r=$(ask $d "where is your office?")
! echo "$r" | grep -qi parking || die "an office is no parking: $r"
echo "$r" | grep -q "1820 Main" || die "where the practice is: $r"
! ask $s "Habt ihr einen Laden in Berlin?" | grep -q Kundenservice || die "a shop is no exchange"
! ask $e "what do you charge to sell my house" | grep -q "^No, valuations" ||
	die "a no to another question: $(cat said.json)"
ask $e "water is leaking at 11pm" | grep -q "+44 117 496 0321" || die "emergency: $(cat said.json)"
calls | grep -q handoff || die "an emergency handed over: $(cat said.json)"
ask $s "do you sell bicycles" | grep -q "I don't know" || die "bicycles: $(cat said.json)"
calls | grep -q handoff || die "an unknown answer handed over: $(cat said.json)"
! grep -q "(source:" said.json || die "a source for what it does not know"
# a word that says which of a thing is asked about, never on the site:
# "sell" and "property" are, "commercial" is not; a verb ("treat") is no
# such word, nor is a known word a misspelling of the site's ("great")
for q in "$e|do you sell commercial property" "$s|do you sell sleeping bags"; do
	ask "${q%%|*}" "${q#*|}" > /dev/null
	! grep -q "(source:" said.json && calls | grep -q handoff ||
		die "a confident answer about another thing: $(cat said.json)"
done
ask $d "do you treat kids?" | grep -q "first tooth" || die "treat kids: $(cat said.json)"
# "free" and "returns" in two sentences of a page are not free returns;
# "dental", nowhere in the FAQ, does not make insurance another thing
ask $s "do you offer free returns" > /dev/null
! grep -q "(source:" said.json && calls | grep -q handoff || die "free returns: $(cat said.json)"
ask $d "is my dental insurance accepted" | grep -q "PPO" || die "dental insurance: $(cat said.json)"
search $d "what do you treat" | grep -q "reviews.html$" && die "treat read as great"
# "parking ticket" is no parking: a compound's head is asked about
# unless its first word alone names it ("zip code")
ask $d "do you validate parking tickets for the city garage" > /dev/null
! grep -q "(source:" said.json || die "parking tickets: $(cat said.json)"
ask $d "what is the zip code" | grep -q 60201 || die "zip code: $(cat said.json)"
# signs as words: "%" meets "commission" (Provision), "€" meets "euros";
# an amount is no order number, and no yes answers "how much"
ask $e "Wie viel Provision nehmt ihr beim Verkauf?" | grep -q "1.2%" ||
	die "Provision: $(cat said.json)"
ask $s "is delivery free over 75 euros" | grep -q "kostenlos" || die "over 75 euros: $(cat said.json)"
calls | grep -q lookup_order && die "75 euros as an order: $(cat said.json)"
ask $s "do you ship to the UK?" | grep -q "^Yes, shipping" || die "its own question: $(cat said.json)"
for q in "Wie hoch sind die Versandkosten?" "how much does shipping to the UK cost?"; do
	ask $s "$q" | grep -q "^Yes\|^Ja" && die "a yes for how much: $(cat said.json)"
done
ask $s "¿Cuál es su correo electrónico?" | grep -q "service@" || die "correo: $(cat said.json)"
# "return" is what is asked about though WordNet has it mostly a verb; a
# FAQ whose question shares only "order" does not come first
ask $s "can I return an order?" | grep -q "30 Tagen" || die "return an order: $(cat said.json)"
# "send back" is "return" (a verb and its particle, words apart), and a
# jacket an item; "Standardversand" is standard shipping
for q in "how long do I have to send something back" "can I send a jacket back if it doesnt fit?"; do
	ask $s "$q" | grep -q "30 Tagen" || die "send back: $(cat said.json)"
done
ask $s "how many days does standard shipping take" | grep -q "zwei bis drei" ||
	die "standard shipping: $(cat said.json)"
ask $s "do you sell walking boots" | grep -q "Wanderschuhe" || die "walking boots: $(cat said.json)"
# "¿Tienen...?" asks yes or no: no price asked, the plans, not the table
ask $d "¿Tienen plazos para pagar?" | grep -q "monthly" || die "plazos: $(cat said.json)"
# a phone number asked: a chunk with one, before a chunk that says
# "phone" more often; "email address" is an e-mail, not an address
ask $e "what's your phone number" | grep -q "0117 496 0123" || die "phone: $(cat said.json)"
ask $s "what's your email address" | grep -q "service@" || die "email address: $(cat said.json)"
# "can I..." asks what may be done: the site's answer, not a return begun
ask $s "can I send a jacket back?" | grep -q "30 Tagen" || die "may I send back: $(cat said.json)"
r=$(ask $s "how much is shipping within germany")
echo "$r" | grep -q "4,95\|4.95" || die "shipping: $r"
[ "${#r}" -lt 200 ] || die "a page, not an answer: $r"
r=$(ask $d "show me your prices page")
echo "$r" | grep -q '\$149' && echo "$r" | grep -q '\$3,850' || die "the page asked for: $r"
r=$(ask $d "how much is an adult cleaning?")
echo "$r" | grep -q '115' && ! echo "$r" | grep -q '3,850' || die "a price, not the page: $r"
