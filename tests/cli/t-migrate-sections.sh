# A workspace of schema 11, made here with the sqlite3 shell from the
# migrations as they were (0001 to 0011) and holding two pricing models,
# opened by wa: migration 0012 moves the models to section_versions as
# they were, and the pricing_models view still shows them.
. "$HERE/lib.sh"
for m in "$ROOT"/schemas/migrations/00*.sql; do
	n=$(basename "$m" | cut -c1-4)
	[ "$n" -le 0011 ] && cat "$m"
done > old.sql
appid=$((0x77614442))            # "waDB", as wa-workspace(5) gives it
sqlite3 wa.db < old.sql
sqlite3 wa.db "PRAGMA application_id=$appid; PRAGMA user_version=11;
	INSERT INTO clients (id, name, created_at, updated_at) VALUES
		('acme', 'Acme', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
	INSERT INTO pricing_models VALUES ('acme', 1, 'aaa', '{\"v\":1}', '2026-01-01T00:00:00Z');
	INSERT INTO pricing_models VALUES ('acme', 2, 'bbb', '{\"v\":2}', '2026-02-01T00:00:00Z');"
wa -w wa.db init > init.json
[ "$(jq .schema_version init.json)" -ge 12 ] || die "not migrated: $(cat init.json)"
[ "$(q "select group_concat(client || '|' || section || '|' || version || '|' || inputs_sha256 || '|' || body || '|' || created_at, ';') from section_versions order by version")" = \
  'acme|pricing|1|aaa|{"v":1}|2026-01-01T00:00:00Z;acme|pricing|2|bbb|{"v":2}|2026-02-01T00:00:00Z' ] ||
	die "moved: $(q 'select * from section_versions')"
[ "$(q "select group_concat(version || model, ',') from pricing_models")" = '1{"v":1},2{"v":2}' ] ||
	die "the view: $(q 'select * from pricing_models')"
[ "$(q "select type from sqlite_master where name = 'pricing_models'")" = view ] || die "no view"
# wa-price goes on from the stored versions: version 3 for new inputs
printf '{"client":{"id":"acme","name":"Acme","industry":"dental clinic"}}\n' |
	wa-price -w wa.db > priced.json
[ "$(jq .pricing.version priced.json)" = 3 ] || die "version $(jq .pricing.version priced.json)"
[ "$(q "select count(*) from section_versions where client = 'acme'")" = 3 ] || die "stored"
