/* Dates and times in what a customer types (lib/text/when*.c): any text
 * reads as nothing or as a real date, time and spans inside the text;
 * and the other slot values the same text may give (text/slot.h: names,
 * places, numbers, phones) are made without a fault or a leak. */
#include "fuzz.h"
#include "text/slot.h"
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
		FUZZ_ASSERT(w.nspans >= 1 && w.nspans <= WA_WHEN_SPANS);
		for (int i = 0; i < w.nspans; i++)
			FUZZ_ASSERT(w.spans[i][0] >= w.start && w.spans[i][0] < w.spans[i][1] &&
				w.spans[i][1] <= w.end);
		if (w.kind == WA_WHEN_INTERVAL)
			FUZZ_ASSERT(w.end_month >= 1 && w.end_month <= 12 && w.end_hour >= 0 &&
				w.end_hour <= 23);
	}
	static const char *const types[] = { "name", "place", "number", "phone", "email", NULL };
	for (int i = 0; types[i]; i++)
		for (int asked = 0; asked < 2; asked++)
			json_decref(wa_slot_value_new(types[i], NULL, text, 1796828400000LL,
				"America/Chicago", asked));
	free(text);
	return 0;
}
