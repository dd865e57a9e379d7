/* ratecard.c - the agency's rate card: see ratecard.h. */
#include "price/ratecard.h"

#include "base/buf.h"
#include "base/embedded.h"
#include "base/fs.h"
#include "json/yaml.h"
#include "price/money.h"

json_t *wa_ratecard_load_new(const char *path, char sha[WA_SHA256_HEX], wa_err *err)
{
	const wa_embedded_file *builtin = path ? NULL : wa_embedded_find("defaults/ratecard.yaml");
	const char *name = path ? path : "(built in)";
	json_t *rc = NULL;
	wa_buf text;

	wa_buf_init(&text);
	if (builtin)
		wa_buf_add(&text, builtin->data, builtin->len);
	else if (!path)
		wa_err_set(err, WA_EX_SOFTWARE, "no built-in rate card");
	if ((builtin || (path && wa_fs_read(path, &text, 4u << 20, err) == 0)) &&
	    (rc = wa_yaml_config_parse_new(text.data ? text.data : "", text.len, name,
	    "ratecard.schema.json", "rate card", err)) &&
	    wa_money_minor_units(json_string_value(json_object_get(rc, "currency"))) < 0) {
		wa_err_set(err, WA_EX_CONFIG, "rate card %s: currency: %s is not an ISO 4217 code",
			name, json_string_value(json_object_get(rc, "currency")));
		json_decref(rc);
		rc = NULL;
	}
	if (rc && sha)
		wa_hash_sha256_hex(text.data ? text.data : "", text.len, sha);
	wa_buf_free(&text);
	return rc;
}
