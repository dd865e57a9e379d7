/* YAML configs: a value, or an error that is bad input (65), named. */
#include "fuzz.h"
#include "json/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wa_err e = WA_ERR_INIT;
	json_t *v = wa_yaml_parse_new((const char *)data, size, "f.yaml", &e);

	FUZZ_ASSERT(v || (e.code == WA_EX_DATAERR && !strncmp(e.msg, "f.yaml", 6)));
	json_decref(v);
	return 0;
}
