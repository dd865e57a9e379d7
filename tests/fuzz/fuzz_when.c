/* Dates and times in what a customer types (lib/text/when*.c): any text
 * reads as nothing or as a real date, time and span inside the text. */
#include "fuzz.h"
#include "text/when.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text_new(data, size);
	wa_when w;

	FUZZ_ASSERT(text);
	if (wa_when_parse(text, 1796828400000LL, "America/Chicago", &w)) {
		FUZZ_ASSERT(w.month >= 1 && w.month <= 12 && w.day >= 1 && w.day <= 31);
		FUZZ_ASSERT(w.hour >= -1 && w.hour <= 23 && w.minute >= -1 && w.minute <= 59);
		FUZZ_ASSERT((w.hour < 0) == (w.minute < 0));
		FUZZ_ASSERT(w.start >= 0 && w.start <= w.end && (size_t)w.end <= strlen(text));
		if (w.kind == WA_WHEN_INTERVAL)
			FUZZ_ASSERT(w.end_month >= 1 && w.end_month <= 12 && w.end_hour >= 0 &&
				w.end_hour <= 23);
	}
	free(text);
	return 0;
}
