/* The PDF object reader behind verify: a list of signatures, or 65. */
#include "fuzz.h"
#include "doc/pdfsign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wa_err e = WA_ERR_INIT;
	json_t *sigs = wa_pdfsign_verify_new("f.pdf", (const char *)data, size, NULL, &e);

	FUZZ_ASSERT(sigs ? json_is_array(sigs) : e.code == WA_EX_DATAERR);
	json_decref(sigs);
	return 0;
}
