# wa-agent kb: research indexed by wa-agent build, files and pages added
# and replaced, BM25 search with its sources, the graph joining a
# service to a location, the offline model answering from the knowledge
# base with the source named, embeddings fused by reciprocal rank
# (against tests/tools/llmsrv.py), bad input, and the chunks with all of
# a question's common words found among thousands with one.
. "$HERE/lib.sh"
mkdir site
printf '<html><head><title>Whitening FAQ</title></head><body><nav>Home | About</nav><main><h1>Whitening</h1><p>Professional whitening takes about ninety minutes in the chair and lasts up to two years with good care.</p></main></body></html>' > site/kbtest.html
websrv "$PWD/site"
c=bright-smile-dental
WA_BIN="$BIN" WA_ONBOARD_OUT="$PWD/ob" "$ROOT/examples/onboard.sh" \
	"$ROOT/examples/clients/$c.json" > ob.log 2>&1 || die "onboard: $(tail -5 ob.log)"
ws=ob/wa.db
# research is in: a FAQ document each, and the facts
[ "$(sqlite3 $ws "select count(*) from kb_documents where client = '$c' and source like '%#faq-%'")" = \
	"$(jq '.research.facts.faq | length' ob/dossier.json)" ] || die "FAQ documents"
wa-agent kb search -w $ws --json $c "do you offer payment plans" > hits.json
[ "$(jq -s -r '.[0].source' hits.json)" = "file://$ROOT/examples/sites/$c/faq.html#faq-2" ] ||
	die "faq hit: $(cat hits.json)"
jq -s -e '.[0].rank == 1 and (.[0].text | contains("monthly plans"))' hits.json > /dev/null || die "text"
# the graph: a service and a place, joined through the business
wa-agent kb search -w $ws --json $c "do you do implants at the Main Street office?" > g.json
[ "$(jq -s -r '.[0] | .source + " " + .text' g.json)" = \
	"graph Dental implants: offered at 1820 Main Street, Suite 4, Evanston, IL 60201." ] ||
	die "graph: $(head -2 g.json)"
[ "$(jq -s '.[0].hops' g.json)" = 2 ] || die "two relations: service <- business -> location"
# a service's prices (the prices whose words name it), and the people
wa-agent kb search -w $ws --json -n 1 $c "how much does an implant cost" > gp.json
[ "$(jq -r '.source + " " + .text' gp.json)" = \
	"graph Dental implants: Implant consultation: 95.00 USD; Single implant with crown: 3850.00 USD." ] ||
	die "prices: $(cat gp.json)"
wa-agent kb search -w $ws --json -n 1 $c "who is Maya Okafor" > gw.json
[ "$(jq -r .text gw.json)" = "Dr. Maya Okafor, owner and lead dentist, at Bright Smile Dental." ] ||
	die "people: $(cat gw.json)"
# the relations as research gave them, checked with sqlite3
[ "$(sqlite3 $ws "select count(*) from kb_relations r join kb_entities a on a.id = r.src join kb_entities b on b.id = r.dst where a.client = '$c' and a.kind = 'business' and r.rel = 'offers'")" = \
	"$(jq '.research.facts.services | length' ob/dossier.json)" ] || die "offers"
# a place the business is not at joins nothing
set +e
wa-agent kb search -w $ws --json $c "implants at the Elm Avenue office" > g2.json
rc=$?
set -e
[ $rc = 0 ] || [ $rc = 1 ] || die "kb search exited $rc"     # found, or nothing (as grep)
! jq -s -e '.[0].source == "graph"' g2.json > /dev/null || die "a graph answer for a place not known"
# nothing found: exit 1
expect_exit 1 wa-agent kb search -w $ws $c "zebra xylophone" > none.txt
# FTS syntax in a query is only words
wa-agent kb search -w $ws $c 'parking" OR NOT (' > /dev/null || die "a query with FTS syntax"

# the offline model answers from it, naming the source
printf 'what is your address\n' | wa-agent chat -w $ws ob/$c-agent.yaml > chat.txt
grep -q '^agent> Address of Bright Smile Dental: 1820 Main Street.* (source: research:bright-smile-dental#addresses)$' chat.txt ||
	die "answer from the kb: $(cat chat.txt)"
grep -q '\[kb_search {"query":"what is your address"} -> ok\]' chat.txt || die "the tool call: $(cat chat.txt)"

# files: Markdown and HTML, a source added again replaces itself
printf '# Aftercare\n\nAfter a filling, avoid hot drinks for two hours.\n\nAfter whitening, avoid coffee and red wine for 48 hours.\n' > aftercare.md
wa-agent kb add -w $ws $c aftercare.md > add.txt
grep -qx 'aftercare.md: 1 chunk' add.txt || die "add: $(cat add.txt)"
wa-agent kb add -w $ws $c aftercare.md > /dev/null
[ "$(sqlite3 $ws "select count(*) from kb_chunks c join kb_documents d on d.id = c.document where d.source = 'aftercare.md'")" = 1 ] ||
	die "added twice"
[ "$(sqlite3 $ws "select count(*) from kb_terms where terms like '%en_coffe%'")" = 1 ] ||
	die "index rows twice"
wa-agent kb search -w $ws --json -n 1 $c "can I drink coffee after whitening" > a.json
[ "$(jq -r .source a.json)" = aftercare.md ] || die "file hit: $(cat a.json)"
# a long document in several chunks of about 600 characters
awk 'BEGIN { for (i = 1; i <= 40; i++) printf "Sentence %d of the long leaflet about gum care and flossing. ", i; print "" }' > long.txt
wa-agent kb add -w $ws $c long.txt > add.txt
n=$(sed -n 's/^long.txt: \([0-9]*\) chunks$/\1/p' add.txt)
[ "${n:-0}" -ge 4 ] && [ "$n" -le 6 ] || die "chunks of a 2.4 KB text: $(cat add.txt)"
sqlite3 $ws "select max(length(text)) from kb_chunks c join kb_documents d on d.id = c.document where d.source = 'long.txt'" > max.txt
[ "$(cat max.txt)" -le 700 ] || die "a chunk of $(cat max.txt) characters"
# a page: its main text, its title; loopback only when allowed
expect_exit 69 wa-agent kb add -w $ws $c "$BASE/kbtest.html" 2> err.txt
grep -qi 'allow-private\|private\|refused' err.txt || die "loopback: $(cat err.txt)"
wa-agent kb add -w $ws --allow-private $c "$BASE/kbtest.html" > /dev/null
[ "$(sqlite3 $ws "select title from kb_documents where source = '$BASE/kbtest.html'")" = "Whitening FAQ" ] || die "title"
wa-agent kb search -w $ws --json -n 1 $c "how long does whitening take in the chair" > p.json
[ "$(jq -r .source p.json)" = "$BASE/kbtest.html" ] || die "page hit: $(cat p.json)"
! jq -r .text p.json | grep -q 'Home | About' || die "navigation indexed"

# embeddings: the fake server puts "splitpay" (a word no page, lexicon or
# dictionary links to) and "payment" on one axis, so a question sharing no
# word with the FAQ still finds it
printf '{"splitpay": 0, "payment": 0, "parking": 1, "park": 1}\n' > map.json
/usr/bin/python3 "$HERE/../tools/llmsrv.py" --embed-map map.json --log emb.log --lifetime 120 > emb.port &
EMB_PID=$!
i=0; while [ ! -s emb.port ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
trap 'kill $EMB_PID 2>/dev/null || true; exec 9>&-; kill $WEBSRV_PID 2>/dev/null; wait $WEBSRV_PID 2>/dev/null || true' EXIT
export WA_EMBED_BASE_URL="http://127.0.0.1:$(cat emb.port)/v1" WA_EMBED_MODEL=test-embed
expect_exit 1 env -u WA_EMBED_MODEL wa-agent kb search -w $ws $c "how does splitpay work" > /dev/null
wa-agent kb research -w $ws $c > /dev/null
[ "$(sqlite3 $ws "select count(*) from kb_chunks where client = '$c' and length(embedding) = 64 and document in (select id from kb_documents where source like '%#faq-%')")" = \
	"$(jq '.research.facts.faq | length' ob/dossier.json)" ] || die "16 float32 per chunk"
# indexing the same research again embeds nothing and rewrites nothing
asked=$(wc -l < emb.log)
before=$(sqlite3 $ws "select group_concat(id) from kb_chunks where client = '$c'")
wa-agent kb research -w $ws $c > /dev/null
[ "$(wc -l < emb.log)" = "$asked" ] || die "embedded again"
[ "$(sqlite3 $ws "select group_concat(id) from kb_chunks where client = '$c'")" = "$before" ] ||
	die "rewritten"
wa-agent kb search -w $ws --json $c "how does splitpay work" > e.json
[ "$(jq -s -r '.[0].source' e.json)" = "file://$ROOT/examples/sites/$c/faq.html#faq-2" ] ||
	die "fused: $(cat e.json)"
jq -s -e '.[-1].body.input == ["how does splitpay work"] and .[-1].body.model == "test-embed"' emb.log > /dev/null ||
	die "the query's embedding request"
kill $EMB_PID; wait $EMB_PID 2> /dev/null || true
expect_exit 69 wa-agent kb search -w $ws $c "parking" 2> err.txt
unset WA_EMBED_BASE_URL WA_EMBED_MODEL

# research that lost a FAQ entry: its document goes
jq -c '.research.facts.faq |= .[:1]' ob/dossier.json |
	wa-agent build -q -w $ws --catalog "$ROOT/examples/integrations.yaml" > /dev/null
[ "$(sqlite3 $ws "select count(*) from kb_documents where client = '$c' and source like '%#faq-%'")" = 1 ] ||
	die "stale FAQ documents kept"
[ "$(sqlite3 $ws "select count(*) from kb_terms where client = '$c' and terms like '%en_insur%'")" = \
	"$(sqlite3 $ws "select count(*) from kb_chunks c join kb_documents d on d.id = c.document where d.client = '$c' and c.text like '%insurance%'")" ] ||
	die "index rows left behind"

# bad input
printf 'caf\351\n' > latin1.txt
expect_exit 65 wa-agent kb add -w $ws $c latin1.txt 2> err.txt
grep -q 'latin1.txt: not UTF-8 text' err.txt || die "latin1: $(cat err.txt)"
expect_exit 66 wa-agent kb add -w $ws $c nowhere.md 2> err.txt
expect_exit 66 wa-agent kb research -w $ws no-such-client 2> err.txt
grep -q 'no-such-client: no dossier' err.txt || die "research: $(cat err.txt)"
expect_exit 64 wa-agent kb search -w $ws $c 2> err.txt
# a question a line: one that is not UTF-8 is named by its line, and ends it
printf 'do you sell boots\ndo you sell \377\376 bags\nparking\n' > bad.txt
expect_exit 65 wa-agent kb search -w $ws -n 1 $c - < bad.txt > lines.json 2> err.txt
grep -q 'stdin:2: not UTF-8 text' err.txt || die "a bad line: $(cat err.txt)"
[ "$(wc -l < lines.json)" = 1 ] || die "the lines before it: $(cat lines.json)"
expect_exit 64 wa-agent kb frobnicate 2> err.txt
# words in half the chunks each: the chunks with both (six, long) are
# found, not just the shortest with one of them said three times, that
# FTS5's BM25 of either ranks first
wa-import -q -w common.db < "$ROOT/examples/clients/$c.json" > /dev/null
awk 'BEGIN {
	for (i = 0; i < 1200; i++)
		printf "# Street %d\nParking parking parking.\n\n# List %d\nPrice price price.\n\n", i, i
	for (i = 0; i < 6; i++) {
		printf "# Visit %d\nWhen you come for a visit, the parking behind the building is open", i
		for (k = 0; k < 12; k++)
			printf ", and the rooms are quiet and calm for everyone who waits"
		printf ", and its price is nothing at all.\n\n"
	}
}' > common.md
wa-agent kb add -w common.db $c common.md > /dev/null
wa-agent kb search -w common.db --json -n 1 $c "what is the price of parking" > both.json
jq -e '.coverage == 1 and (.passage | startswith("When you come"))' both.json > /dev/null ||
	die "the chunks with both common words: $(cat both.json)"
