/* URI references (RFC 3986): a base, a newline, a reference.  Resolving
 * gives a string.  Resolved again against the base it may change once (a
 * base's own dot segments are kept when the reference has no path: see
 * corpus/url/dotted-base), never twice: dot segments, once removed, stay
 * removed.  The syntax check answers 0 or 1 for anything. */
#include "fuzz.h"
#include "base/uri.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text_new(data, size);
	char *nl, *ref;

	FUZZ_ASSERT(text);
	if (strlen(text) != size) {     /* a URI is a C string here */
		free(text);
		return 0;
	}
	nl = strchr(text, '\n');
	ref = nl ? nl + 1 : text;
	if (nl)
		*nl = '\0';
	int v = wa_uri_valid(text);
	FUZZ_ASSERT(v == 0 || v == 1);
	if (v) {
		char *once = wa_uri_resolve_new(text, ref);
		FUZZ_ASSERT(once);
		char *twice = wa_uri_resolve_new(text, once);
		char *thrice = wa_uri_resolve_new(text, twice);
		FUZZ_ASSERT(twice && thrice && !strcmp(twice, thrice));
		free(thrice);
		free(twice);
		free(once);
	}
	free(text);
	return 0;
}
