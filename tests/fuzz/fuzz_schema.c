/* The JSON Schema validator, over the dossier schema: any JSON value is
 * valid or invalid with findings, never a fault of the schema. */
#include "fuzz.h"
#include "json/json.h"
#include "json/schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wa_schema *s;
	wa_json_error je;
	wa_err e = WA_ERR_INIT;
	json_t *v;

	if (!s && !(s = wa_schema_builtin("dossier.schema.json", &e)))
		abort();
	if (!(v = wa_json_parse_new((const char *)data, size, &je)))
		return 0;
	wa_schema_result res;
	int rc = wa_schema_validate(s, v, &res, &e);
	FUZZ_ASSERT(rc == 0 || (rc == 1 && res.count > 0));
	json_decref(v);
	return 0;
}
