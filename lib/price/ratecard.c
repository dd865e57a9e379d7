/* ratecard.c - the agency's rate card: see ratecard.h. */
#include "price/ratecard.h"

#include "base/err.h"
#include "json/yaml.h"
#include "price/money.h"

json_t *wa_ratecard_load_new(const char *path, wa_err *err)
{
	json_t *rc = wa_yaml_config_load_new(path, "ratecard.schema.json", "rate card", err);

	if (rc && wa_money_minor_units(json_string_value(json_object_get(rc, "currency"))) < 0) {
		wa_err_set(err, WA_EX_CONFIG, "rate card %s: currency: %s is not an ISO 4217 code",
			path, json_string_value(json_object_get(rc, "currency")));
		json_decref(rc);
		return NULL;
	}
	return rc;
}
