# wa-agent build: each example client's dossier becomes an agent config
# that wa-agent check accepts, that PyYAML (not ours) reads as the JSON
# kept beside it, and that answers the client's FAQ and hours and books,
# looks up or captures as its industry needs; versions only on change;
# tools the PRD needs that the catalog lacks are unavailable and become
# GitHub issues once, against a fake API on 127.0.0.1; bad input.
. "$HERE/lib.sh"
websrv
catalog="$ROOT/examples/integrations.yaml"
export SOURCE_DATE_EPOCH=1795478400     # 24 November 2026, 00:00 UTC
for c in bright-smile-dental northwind-outfitters harbour-lane-estates; do
	WA_BIN="$BIN" WA_ONBOARD_OUT="$PWD/ob-$c" "$ROOT/examples/onboard.sh" \
		"$ROOT/examples/clients/$c.json" > "ob-$c.log" 2>&1 || die "onboard $c: $(tail -5 "ob-$c.log")"
	cfg="ob-$c/$c-agent.yaml"
	wa-agent check "$cfg" > /dev/null || die "$c: $(wa-agent check "$cfg")"
	/usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" dossier.schema.json "ob-$c/dossier.json"
	# the YAML, read by PyYAML, is the JSON artifact
	v=$(jq -r .agent.version "ob-$c/dossier.json")
	sqlite3 "ob-$c/wa.db" "select json from client_configs where client = '$c' and version = $v" > cfg.json
	/usr/bin/python3 -c 'import json, sys, yaml
a = yaml.safe_load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
sys.exit(0 if a == b else "%s differs from its JSON" % sys.argv[1])' "$cfg" cfg.json
	[ "$(jq -r .client "cfg.json")" = "$c" ] || die "$c: client"
	# every FAQ research found is answered as the site answers it, from the
	# knowledge base, which names the page (an emergency adds its line)
	jq -r '.research.facts.faq[].value | [.question, .answer] | @tsv' "ob-$c/dossier.json" > faq.tsv
	[ -s faq.tsv ] || die "$c: no FAQ to check"
	while IFS="$(printf '\t')" read -r question answer; do
		printf '%s\n' "$question" | wa-agent chat -w "ob-$c/wa.db" "$cfg" > said.txt
		grep -qF "agent> $answer" said.txt || die "$c: asked \"$question\", said $(cat said.txt)"
	done < faq.tsv
	echo "when are you open" | wa-agent chat -w "ob-$c/wa.db" "$cfg" | grep -q "^agent> We're open " ||
		die "$c: hours"
done
# what each industry's agent does
jq -e '.agent.tools | map(.name) | index("book_appointment") != null' ob-bright-smile-dental/dossier.json > /dev/null || die "clinic books"
jq -e '.agent.tools | map(.name) | index("lookup_order") != null' ob-northwind-outfitters/dossier.json > /dev/null || die "shop orders"
jq -e '.agent.tools | map(.name) | index("capture_lead") != null' ob-harbour-lane-estates/dossier.json > /dev/null || die "agent leads"
# the clinic's calendar is its opening hours, and it books inside them
grep -q 'sat: 09:00-13:00' ob-bright-smile-dental/bright-smile-dental-agent.yaml || die "calendar"
printf 'I would like to book an appointment\nSaturday 28 November at 10am\nAna Ruiz\n+1 312 555 0100\nyes\n' |
	wa-agent chat -w ob-bright-smile-dental/wa.db ob-bright-smile-dental/bright-smile-dental-agent.yaml > book.txt
grep -q 'booked for Saturday 28 November at 10 am' book.txt || die "booking: $(cat book.txt)"
grep -q 'diagnosis' ob-bright-smile-dental/bright-smile-dental-agent.yaml || die "a clinic refuses diagnoses"
# its hours said as a person says them (the site: Mo-Fr 08:00-18:00, Sa 09:00-13:00)
echo "when are you open" | wa-agent chat -w ob-bright-smile-dental/wa.db \
	ob-bright-smile-dental/bright-smile-dental-agent.yaml > hours.txt
grep -qx "agent> We're open Monday to Friday, 8 am to 6 pm, and Saturday, 9 am to 1 pm; closed on Sunday." hours.txt ||
	die "hours in words: $(cat hours.txt)"

# the same dossier again: the same version, no new row or event
d=ob-bright-smile-dental
wa-agent build -q -w "$d/wa.db" --catalog "$catalog" "$d/dossier.json" > again.json
[ "$(jv again.json .agent.version)" = 1 ] || die "a version for nothing"
[ "$(sqlite3 "$d/wa.db" "select count(*) from client_configs")" = 1 ] || die "rows"
[ "$(sqlite3 "$d/wa.db" "select count(*) from events where type = 'agent.built'")" = 1 ] || die "events"

# a PRD that needs what the catalog lacks: unavailable tools, issues
jq -c '.prd = {"integrations": [{"capability": "patient_records", "name": "pms_lookup",
	"description": "read patient records from the practice management system"},
	{"capability": "booking"}, {"capability": "payments"}]}' again.json > prd.json
wa-agent build -q -w "$d/wa.db" --catalog "$catalog" -o . prd.json > built.json
[ "$(jv built.json .agent.version)" = 2 ] || die "a new version"
[ "$(jv built.json '[.agent.tools[] | select(.available == false) | .name] | join(",")')" = "pms_lookup,payments" ] ||
	die "unavailable: $(jv built.json .agent.tools)"
[ "$(jv built.json '.agent.missing_tools | length')" = 2 ] || die "missing tools"
jv built.json '.agent.missing_tools[0].issue.body' | grep -q '<!-- wa-missing-tool: bright-smile-dental/pms_lookup -->' ||
	die "marker"
[ "$(jv built.json '.agent.missing_tools[0].opened // "none"')" = none ] || die "opened without a token"
wa-agent check bright-smile-dental-agent.yaml > /dev/null || die "with unavailable tools: $(wa-agent check bright-smile-dental-agent.yaml)"
# with a token: one issue each, then none on a second run
WA_GITHUB_API="$BASE/gh" WA_GITHUB_TOKEN=ghp_test123 wa-agent build -q -w "$d/wa.db" \
	--catalog "$catalog" --github-repo acme/agents prd.json > gh1.json
[ "$(jv gh1.json '[.agent.missing_tools[] | select(.opened)] | length')" = 2 ] || die "opened: $(jv gh1.json .agent.missing_tools)"
[ "$(jv gh1.json '.agent.missing_tools[1].url')" = "https://github.example/acme/agents/issues/2" ] || die "url"
WA_GITHUB_API="$BASE/gh" WA_GITHUB_TOKEN=ghp_test123 wa-agent build -q -w "$d/wa.db" \
	--catalog "$catalog" --github-repo acme/agents prd.json > gh2.json
[ "$(jv gh2.json '[.agent.missing_tools[] | select(.opened)] | length')" = 0 ] || die "opened twice"
[ "$(jv gh2.json '.agent.missing_tools[0].number')" = 1 ] || die "found again"
[ "$(grep '"/gh/repos/acme/agents/issues"' websrv.log | wc -l)" = 2 ] || die "POSTs: $(grep gh/ websrv.log)"
! grep -a -q ghp_test123 gh1.json gh2.json "$d/wa.db" 2> /dev/null || die "the token was stored"
# a refused token: 77
expect_exit 77 env WA_GITHUB_API="$BASE/gh" WA_GITHUB_TOKEN=wrong wa-agent build -q -w "$d/wa.db" \
	--catalog "$catalog" --github-repo acme/agents prd.json > /dev/null 2> err.txt
grep -q 'GitHub refused the token' err.txt || die "401: $(cat err.txt)"

# bad input
expect_exit 64 wa-agent build --github-repo nonsense < /dev/null 2> err.txt
expect_exit 66 wa-agent build -w x.db --catalog nowhere.yaml < /dev/null 2> err.txt
grep -q 'nowhere.yaml' err.txt || die "catalog: $(cat err.txt)"
printf 'capabilities: [\n' > bad.yaml
expect_exit 78 wa-agent build -w x.db --catalog bad.yaml < /dev/null 2> err.txt
grep -q 'bad.yaml:' err.txt || die "bad catalog: $(cat err.txt)"
printf '{"client":{"name":"No Research Ltd"}}\n' | wa-agent build -q -w x.db --catalog "$catalog" > min.json
[ "$(jv min.json '.agent.intents | join(",")')" = human ] || die "minimal: $(jv min.json .agent)"
