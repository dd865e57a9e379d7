/* robots.txt: any text parses to rules that answer for any path. */
#include "fuzz.h"
#include "web/robots.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wa_robots *r = wa_robots_parse_new((const char *)data, size, "wa-research");
	static const char *const paths[] = { "/", "/a/b.html", "/x?y=1", "/%41" };

	FUZZ_ASSERT(r);
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		int a = wa_robots_allowed(r, paths[i]);
		FUZZ_ASSERT(a == 0 || a == 1);
	}
	wa_robots_free(r);
	return 0;
}
