#include <criterion/criterion.h>
#include <stdlib.h>

#include "base/uri.h"

/* RFC 3986 section 5.4: reference resolution examples */
static void resolves(const char *ref, const char *want)
{
	char *got = wa_uri_resolve_new("http://a/b/c/d;p?q", ref);

	cr_assert_str_eq(got, want, "resolving %s", ref);
	free(got);
}

Test(uri, rfc3986_normal_examples)
{
	resolves("g:h", "g:h");
	resolves("g", "http://a/b/c/g");
	resolves("./g", "http://a/b/c/g");
	resolves("g/", "http://a/b/c/g/");
	resolves("/g", "http://a/g");
	resolves("//g", "http://g");
	resolves("?y", "http://a/b/c/d;p?y");
	resolves("g?y", "http://a/b/c/g?y");
	resolves("#s", "http://a/b/c/d;p?q#s");
	resolves("g#s", "http://a/b/c/g#s");
	resolves(";x", "http://a/b/c/;x");
	resolves("", "http://a/b/c/d;p?q");
	resolves(".", "http://a/b/c/");
	resolves("./", "http://a/b/c/");
	resolves("..", "http://a/b/");
	resolves("../", "http://a/b/");
	resolves("../g", "http://a/b/g");
	resolves("../..", "http://a/");
	resolves("../../g", "http://a/g");
}

Test(uri, rfc3986_abnormal_examples)
{
	resolves("../../../g", "http://a/g");
	resolves("/./g", "http://a/g");
	resolves("/../g", "http://a/g");
	resolves("g.", "http://a/b/c/g.");
	resolves("..g", "http://a/b/c/..g");
	resolves("./../g", "http://a/b/g");
	resolves("g/./h", "http://a/b/c/g/h");
	resolves("g/../h", "http://a/b/c/h");
}

Test(uri, validity)
{
	cr_assert(wa_uri_valid("https://example.com/a?b=c#d"));
	cr_assert(wa_uri_valid("urn:isbn:0451450523"));
	cr_assert(wa_uri_valid("file:///srv/site/index.html"));
	cr_assert_not(wa_uri_valid("example.com"));
	cr_assert_not(wa_uri_valid("http://exa mple.com"));
	cr_assert_not(wa_uri_valid("http://x/%zz"));
	cr_assert_not(wa_uri_valid("http://x/#a#b"));
}
