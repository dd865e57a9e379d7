. "$HERE/lib.sh"
# Dossiers of 1, 4 and 16 MiB saved, then saved again: a record whose
# change journals more than SQLite's unix VFS takes in one write (128
# KiB; the statement journal spills to a file in 1 MiB chunks) was
# refused with 74 "database or disk is full" (lib/ws/vfs.c).
big() {   # big MIB LETTER: a dossier with an extension section of MIB MiB
	python3 -c 'import json, sys
n = int(sys.argv[1]) << 20
print(json.dumps({"client": {"name": "Big Co", "website": "https://big.example"},
    "x_notes": {"text": sys.argv[2] * n}}))' "$1" "$2"
}
for mib in 1 4 16; do
	rm -f wa.db*
	big $mib a > v1.json
	big $mib b > v2.json
	wa-import -q -w wa.db v1.json > /dev/null || die "$mib MiB: first save"
	wa-import -q -w wa.db v2.json > out.json || die "$mib MiB: second save, over the first"
	# the stored dossier is the second, whole
	[ "$(q "select length(json_extract(body, '\$.x_notes.text')) from dossiers")" = $((mib << 20)) ] ||
		die "$mib MiB: stored length"
	[ "$(q "select substr(json_extract(body, '\$.x_notes.text'), 1, 3) from dossiers")" = bbb ] ||
		die "$mib MiB: the second version was not stored"
	[ "$(q 'pragma integrity_check')" = ok ] || die "$mib MiB: integrity"
	cmp -s out.json v2.json || [ "$(jq -r '.x_notes.text | length' out.json)" = $((mib << 20)) ] ||
		die "$mib MiB: printed dossier"
done
# an engine re-saving a big dossier: wa-price twice over the 16 MiB one
wa-price -q -w wa.db out.json > p1.json || die "wa-price over a 16 MiB dossier"
wa-price -q -w wa.db p1.json > p2.json || die "wa-price again, over its own output"
[ "$(jq -r '.x_notes.text | length' p2.json)" = $((16 << 20)) ] || die "wa-price lost the section"
[ "$(q "select count(*) from events where type = 'client.imported'")" = 2 ] || die "events"
