. "$HERE/lib.sh"
# Hostile sizes get a clear error and the documented exit code, quickly
# and in bounded memory: fields longer than the schema allows, a YAML
# alias bomb, templates that expand exponentially.

# a 300,000-character legal name (38 s of layout, then 70, before)
python3 -c 'import json; print(json.dumps({"client": {"name": "Long Co", "legal_name": "L" * 300000}}))' > long.json
expect_exit 65 wa-import -w wa.db long.json 2> err.txt
grep -q 'record 1 (long-co): client.legal_name: must be at most 300 characters long' err.txt ||
	die "legal_name: $(cat err.txt)"

# YAML aliases: ten of the level below a level, 10 KB at the bottom;
# level 8 would be 10^8 copies.  The text is capped, at its alias.
python3 - <<'PY'
lines = ['a0: &a0 "%s"' % ('x' * 10000)]
for k in range(1, 9):
    lines.append('a%d: &a%d [%s]' % (k, k, ', '.join(['*a%d' % (k - 1)] * 10)))
open('bomb.yaml', 'w').write('\n'.join(lines) + '\n')
PY
expect_exit 78 wa-price -w wa.db --ratecard bomb.yaml < /dev/null 2> err.txt
grep -q 'bomb.yaml:5:35: aliases expand to more than 64 MiB of text' err.txt || die "bomb: $(cat err.txt)"

# templates: 23 clauses of 40 bytes, each including the next twice,
# made a 16 MB NDA; ten times a level is stopped at 4 MiB
agency="$ROOT/examples/agency.yaml"
mkdir -p tpl/clauses
for n in 1 2 3 4 5 6 7 8; do
	: > tpl/clauses/x$n.md
	for i in 1 2 3 4 5 6 7 8 9 10; do printf '{{> clauses/x%d}}' $((n + 1)) >> tpl/clauses/x$n.md; done
done
printf 'Forty bytes of clause text, more or less.\n' > tpl/clauses/x9.md
cp tpl/clauses/x1.md tpl/clauses/term.md
wa-import -q -w wa.db "$ROOT/examples/clients/bright-smile-dental.json" > in.json
expect_exit 65 wa-nda -w wa.db --agency "$agency" --templates tpl in.json > out.json 2> err.txt
grep -q 'the document grows past 4 MiB' err.txt || die "expansion: $(cat err.txt)"
[ ! -s out.json ] || die "a dossier printed"
[ "$(q "select count(*) from sqlar where name like 'nda/%'")" = 0 ] || die "an artifact was stored"
[ "$(q "select count(*) from envelopes")" = 0 ] || die "an envelope was made"
