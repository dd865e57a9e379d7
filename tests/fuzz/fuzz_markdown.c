/* Markdown to PDF: any text (UTF-8 or not) makes a PDF, or an error
 * that says why; inputs past 64 KiB are cut (layout is linear). */
#include "fuzz.h"
#include "doc/pdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wa_buf pdf;
	wa_err e = WA_ERR_INIT;

	if (size > 65536)
		size = 65536;
	wa_buf_init(&pdf);
	if (wa_pdf_from_markdown((const char *)data, size, NULL, &pdf, &e) == 0)
		FUZZ_ASSERT(pdf.len > 5 && !memcmp(pdf.data, "%PDF-", 5));
	else
		FUZZ_ASSERT(e.code && e.msg[0]);
	wa_buf_free(&pdf);
	return 0;
}
