/* Templates: parsed or refused (65); a parsed one renders within its
 * caps, over data with a list and an object to loop on. */
#include "fuzz.h"
#include "text/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text_new(data, size);
	wa_template *t = NULL;
	wa_err e = WA_ERR_INIT;

	if (wa_template_parse("t.md", text, &t, &e) == 0) {
		json_t *d = json_pack("{s:s, s:[i,i,i], s:{s:b}}", "a", "x", "list", 1, 2, 3, "o", "b", 1);
		wa_template_opts o = { .allow_missing = 1 };
		wa_buf out;
		wa_buf_init(&out);
		e = (wa_err)WA_ERR_INIT;
		if (wa_template_render(t, d, &o, &out, &e))
			FUZZ_ASSERT(e.code == WA_EX_DATAERR);
		wa_buf_free(&out);
		json_decref(d);
		wa_template_free(t);
	} else {
		FUZZ_ASSERT(e.code == WA_EX_DATAERR);
	}
	free(text);
	return 0;
}
