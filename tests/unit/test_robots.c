/* Expected verdicts come from RFC 9309's text and its examples
 * (sections 2.2.2, 2.2.3, 2.3.1, 5.1, 5.2). */
#include <criterion/criterion.h>
#include <string.h>

#include "web/robots.h"

static wa_robots *parse(const char *text)
{
	return wa_robots_parse_new(text, strlen(text), "ExampleBot");
}

Test(robots, rfc_example_groups_choose_by_product_token)
{
	/* section 5.1, shortened: the groups for ExampleBot merge, others
	 * are ignored, and the "*" group is used only when none names us */
	const char *text =
		"User-Agent: *\n"
		"Disallow: *.gif$\n"
		"Disallow: /example/\n"
		"Allow: /publications/\n"
		"\n"
		"User-Agent: foobot\n"
		"Disallow:/\n"
		"Allow:/example/page.html\n"
		"Allow:/example/allowed.gif\n"
		"\n"
		"User-Agent: barbot\n"
		"User-Agent: examplebot\n"
		"Disallow: /example/page.html\n"
		"Disallow: /x/\n";
	wa_robots *r = parse(text);

	cr_assert_not(wa_robots_allowed(r, "/example/page.html"));
	cr_assert_not(wa_robots_allowed(r, "/x/y"));
	/* the "*" group does not apply to us */
	cr_assert(wa_robots_allowed(r, "/example/other.html"));
	cr_assert(wa_robots_allowed(r, "/a.gif"));
	wa_robots_free(r);

	r = wa_robots_parse_new(text, strlen(text), "otherbot");
	cr_assert_not(wa_robots_allowed(r, "/a.gif"));
	cr_assert(wa_robots_allowed(r, "/a.gifx"));
	cr_assert_not(wa_robots_allowed(r, "/example/x"));
	cr_assert(wa_robots_allowed(r, "/publications/x"));
	wa_robots_free(r);

	r = wa_robots_parse_new(text, strlen(text), "FOOBOT");
	cr_assert_not(wa_robots_allowed(r, "/"));
	cr_assert(wa_robots_allowed(r, "/example/page.html"));
	wa_robots_free(r);
}

Test(robots, longest_match_wins_and_allow_wins_a_tie)
{
	/* section 5.2 */
	wa_robots *r = parse("User-agent: *\nAllow: /example/page/\n"
		"Disallow: /example/page/disallowed.gif\n");

	cr_assert(wa_robots_allowed(r, "/example/page/"));
	cr_assert(wa_robots_allowed(r, "/example/page/other"));
	cr_assert_not(wa_robots_allowed(r, "/example/page/disallowed.gif"));
	wa_robots_free(r);

	r = parse("User-agent: *\nDisallow: /folder\nAllow: /folder\n");
	cr_assert(wa_robots_allowed(r, "/folder/x"));
	wa_robots_free(r);
	/* the tie in the other order: Allow still wins, whichever comes first */
	r = parse("User-agent: *\nAllow: /folder\nDisallow: /folder\n");
	cr_assert(wa_robots_allowed(r, "/folder/x"));
	wa_robots_free(r);
	r = parse("User-agent: *\nAllow: /a/*.pdf\nDisallow: /a/*.pdf\nDisallow: /a/\n");
	cr_assert(wa_robots_allowed(r, "/a/x.pdf"));
	cr_assert_not(wa_robots_allowed(r, "/a/x.html"));
	wa_robots_free(r);
	r = parse("User-agent: *\nAllow: /page\nDisallow: /*.html\n");
	/* the star pattern (7 octets) is longer than "/page" (5) */
	cr_assert_not(wa_robots_allowed(r, "/page.html"));
	cr_assert(wa_robots_allowed(r, "/page"));
	wa_robots_free(r);
}

Test(robots, wildcards_and_end_anchor)
{
	wa_robots *r = parse("user-agent: *\n"
		"disallow: /*.php$\n"
		"disallow: /private*/secret\n"
		"disallow: /fish$\n");

	cr_assert_not(wa_robots_allowed(r, "/index.php"));
	cr_assert_not(wa_robots_allowed(r, "/a/b/c.php"));
	cr_assert(wa_robots_allowed(r, "/index.php?x=1"));
	cr_assert(wa_robots_allowed(r, "/index.php5"));
	cr_assert_not(wa_robots_allowed(r, "/private-area/secret/x"));
	cr_assert_not(wa_robots_allowed(r, "/private/a/b/secret"));
	cr_assert(wa_robots_allowed(r, "/private/secre"));
	cr_assert_not(wa_robots_allowed(r, "/fish"));
	cr_assert(wa_robots_allowed(r, "/fish/"));
	cr_assert(wa_robots_allowed(r, "/fishheads"));
	wa_robots_free(r);
}

Test(robots, percent_encoding_is_normalised)
{
	/* section 2.2.2's table */
	wa_robots *r = parse("User-agent: *\n"
		"Disallow: /foo/bar?baz=quz\n"
		"Disallow: /foo/bar/\xE3\x83\x84\n"
		"Disallow: /a/%62%61%7A\n"
		"Disallow: /b/%2F\n");

	cr_assert_not(wa_robots_allowed(r, "/foo/bar?baz=quz"));
	cr_assert_not(wa_robots_allowed(r, "/foo/bar/%E3%83%84"));
	cr_assert_not(wa_robots_allowed(r, "/foo/bar/%e3%83%84"));
	cr_assert_not(wa_robots_allowed(r, "/a/baz"));
	/* an escaped "/" is not a "/" */
	cr_assert_not(wa_robots_allowed(r, "/b/%2f"));
	cr_assert(wa_robots_allowed(r, "/b//"));
	wa_robots_free(r);
}

Test(robots, status_codes_and_robots_txt_itself)
{
	wa_robots *r = wa_robots_for_status_new(404, NULL, 0, "ExampleBot");
	cr_assert(wa_robots_allowed(r, "/anything"));
	cr_assert_not(wa_robots_disallows_all(r));
	wa_robots_free(r);

	r = wa_robots_for_status_new(503, "User-agent: *\nAllow: /\n", 23, "ExampleBot");
	cr_assert_not(wa_robots_allowed(r, "/"));
	cr_assert(wa_robots_disallows_all(r));
	cr_assert(wa_robots_allowed(r, "/robots.txt"));
	wa_robots_free(r);

	r = wa_robots_for_status_new(0, NULL, 0, "ExampleBot");
	cr_assert_not(wa_robots_allowed(r, "/x"));
	wa_robots_free(r);

	const char *t = "User-agent: *\nDisallow: /\n";
	r = wa_robots_for_status_new(200, t, strlen(t), "ExampleBot");
	cr_assert(wa_robots_disallows_all(r));
	cr_assert(wa_robots_allowed(r, "/robots.txt"));
	wa_robots_free(r);
}

Test(robots, crawl_delay_sitemaps_comments_and_oddities)
{
	const char *text =
		"\xEF\xBB\xBF# a comment\n"
		"Disallow: /before-any-agent\r\n"
		"Sitemap: https://example.com/sitemap.xml\r\n"
		"USER-AGENT: ExampleBot/2.1 # us\r"
		"Crawl-delay: 2.5\r"
		"Disallow: /tmp # no trailing text\r"
		"Disallow:\n"
		"nonsense line without colon\n"
		"User-agent: *\n"
		"Crawl-delay: 10\n"
		"Sitemap: https://example.com/other.xml\n";
	wa_robots *r = parse(text);

	cr_assert_float_eq(wa_robots_crawl_delay(r), 2.5, 1e-9);
	cr_assert_not(wa_robots_allowed(r, "/tmp/x"));
	cr_assert(wa_robots_allowed(r, "/before-any-agent"));
	cr_assert(wa_robots_allowed(r, "/"));
	cr_assert_str_eq(wa_robots_sitemap(r, 0), "https://example.com/sitemap.xml");
	cr_assert_str_eq(wa_robots_sitemap(r, 1), "https://example.com/other.xml");
	cr_assert_null(wa_robots_sitemap(r, 2));
	wa_robots_free(r);

	r = parse("");
	cr_assert(wa_robots_allowed(r, "/x"));
	cr_assert_float_eq(wa_robots_crawl_delay(r), -1, 1e-9);
	wa_robots_free(r);
}

Test(robots, a_group_naming_us_without_rules_allows_everything)
{
	wa_robots *r = parse("User-agent: *\nDisallow: /\n\nUser-agent: examplebot\n");

	cr_assert(wa_robots_allowed(r, "/x"));
	wa_robots_free(r);
}

Test(robots, star_patterns_cannot_blow_up)
{
	/* a pattern of many stars against a long path must stay fast */
	char text[4096], path[8192];
	strcpy(text, "User-agent: *\nDisallow: /");
	for (int i = 0; i < 500; i++)
		strcat(text, "a*");
	strcat(text, "b$\n");
	memset(path, 'a', sizeof path - 1);
	path[0] = '/';
	path[sizeof path - 1] = '\0';
	wa_robots *r = parse(text);
	cr_assert(wa_robots_allowed(r, path));
	wa_robots_free(r);
}
