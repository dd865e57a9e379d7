. "$HERE/lib.sh"
# every dossier wa-import prints is valid against schemas/ according to
# python3-jsonschema (Debian), a validator nobody here wrote
for f in "$ROOT"/examples/clients/*.json; do cat "$f"; echo; done > in.json
wa-import -w wa.db in.json > out.json
[ "$(wc -l < out.json)" -ge 3 ] || die "expected the example clients"
/usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" dossier.schema.json out.json
# and the validator does catch a bad one
echo '{"client":{"id":"Not A Slug","name":"x"}}' > bad.json
expect_exit 1 /usr/bin/python3 "$HERE/../tools/validate.py" "$ROOT/schemas" dossier.schema.json bad.json
