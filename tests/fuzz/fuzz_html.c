/* The page extractor: any bytes (as the charset step leaves them, UTF-8
 * or not) give an object with the page's URL. */
#include "fuzz.h"
#include "web/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wa_extract_opts o = { .country = "US" };
	json_t *p = wa_extract_page_new((const char *)data, size, "https://example.com/p/", &o);

	FUZZ_ASSERT(json_is_object(p));
	json_decref(p);
	return 0;
}
