/* Phone numbers in text: whatever is found is E.164. */
#include "fuzz.h"
#include "web/contacts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text_new(data, size);
	json_t *out = json_array(), *p;
	size_t i;

	wa_contacts_phones(text, "US", out);
	json_array_foreach(out, i, p) {
		const char *s = json_is_string(p) ? json_string_value(p) :
			json_string_value(json_object_get(p, "e164"));
		FUZZ_ASSERT(!s || (s[0] == '+' && strlen(s) >= 4 && strlen(s) <= 16 &&
			strspn(s + 1, "0123456789") == strlen(s) - 1));
	}
	json_decref(out);
	free(text);
	return 0;
}
