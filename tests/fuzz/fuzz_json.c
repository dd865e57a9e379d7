/* The dossier parser: any input is a value or an error with an offset
 * inside it; a value written out reads back the same, and is written
 * the same again (numbers keep their literals); no literal outlives its
 * value. */
#include "fuzz.h"
#include "json/json_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wa_json_error e;
	json_t *v = wa_json_parse_new((const char *)data, size, &e);

	if (!v) {
		FUZZ_ASSERT(e.message && e.offset <= size);
		return 0;
	}
	wa_buf b;
	wa_buf_init(&b);
	wa_json_write(&b, v, WA_JSON_COMPACT);
	json_t *again = wa_json_parse_new(b.data, b.len, &e);
	FUZZ_ASSERT(again && json_equal(v, again));
	wa_buf b2;
	wa_buf_init(&b2);
	wa_json_write(&b2, again, WA_JSON_COMPACT);
	FUZZ_ASSERT(b2.len == b.len && !memcmp(b2.data, b.data, b.len));
	json_decref(again);
	json_decref(v);
	wa_buf_free(&b);
	wa_buf_free(&b2);
	FUZZ_ASSERT(wa_json_literal_count() == 0);
	return 0;
}
