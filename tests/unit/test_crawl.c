/* The crawler over the fixture site tests/data/sites/clinic, served by
 * the test web server, whose robots.txt (tests/data/sites/robots.txt)
 * disallows /clinic/private/ and asks for a 0.3 s Crawl-delay. */
#include <criterion/criterion.h>
#include <jansson.h>

#include "base/clock.h"
#include "web/crawl.h"
#include "helpers.h"

static websrv srv;
static char logpath[128];

static void up(void)
{
	snprintf(logpath, sizeof logpath, "%s/requests.log", tmpdir_new());
	websrv_start(&srv, logpath);
}

static void down(void)
{
	websrv_stop(&srv);
}

TestSuite(crawl, .init = up, .fini = down, .timeout = 60);

static wa_crawl_opts opts(void)
{
	wa_crawl_opts o;

	wa_crawl_opts_init(&o);
	o.fetch.user_agent = "wa-research/test (+https://wa.invalid/bot)";
	o.fetch.allow_private = 1;
	o.fetch.delay_ms = 0;
	o.extract.country = "US";
	return o;
}

static const wa_crawl_page *find(const wa_crawl_result *r, const char *suffix)
{
	for (size_t i = 0; i < r->npages; i++) {
		size_t a = strlen(r->pages[i].url), b = strlen(suffix);
		if (a >= b && strcmp(r->pages[i].url + a - b, suffix) == 0)
			return &r->pages[i];
	}
	return NULL;
}

static int skipped(const wa_crawl_result *r, const char *suffix, const char *reason)
{
	size_t i;
	json_t *s;

	json_array_foreach(r->skipped, i, s) {
		const char *u = json_string_value(json_object_get(s, "url"));
		size_t a = strlen(u), b = strlen(suffix);
		if (a >= b && strcmp(u + a - b, suffix) == 0 &&
		    strstr(json_string_value(json_object_get(s, "reason")), reason))
			return 1;
	}
	return 0;
}

/* request times (s) in the server's log whose path starts with prefix */
static int times(const char *prefix, double *t, int max)
{
	FILE *f = fopen(logpath, "r");
	char line[4096];
	int n = 0;

	while (f && fgets(line, sizeof line, f) && n < max) {
		json_t *j = json_loads(line, 0, NULL);
		const char *p = json_string_value(json_object_get(j, "path"));
		if (p && strncmp(p, prefix, strlen(prefix)) == 0)
			t[n++] = json_real_value(json_object_get(j, "t"));
		json_decref(j);
	}
	if (f)
		fclose(f);
	return n;
}

/* where path's first request came in the server's log, 0 first; -1 */
static int position(const char *path)
{
	FILE *f = fopen(logpath, "r");
	char line[4096];
	int n = 0, at = -1;

	while (f && at < 0 && fgets(line, sizeof line, f)) {
		json_t *j = json_loads(line, 0, NULL);
		const char *p = json_string_value(json_object_get(j, "path"));
		if (p && !strcmp(p, path))
			at = n;
		n++;
		json_decref(j);
	}
	if (f)
		fclose(f);
	return at;
}

Test(crawl, a_site_within_robots_depth_and_site)
{
	wa_crawl_opts o = opts();
	wa_crawl_result r;
	wa_err err = WA_ERR_INIT;
	char start[128];

	snprintf(start, sizeof start, "%s/clinic/", srv.base);
	cr_assert_eq(wa_crawl_site(start, &o, NULL, &r, &err), 0, "%s", err.msg);
	/* depth 0: index; 1: about, services, prices, faq, contact; 2: team */
	const char *want[] = { "/clinic/", "/clinic/about.html", "/clinic/services/",
		"/clinic/prices.html", "/clinic/faq.html", "/clinic/contact.html",
		"/clinic/team.html" };
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		const wa_crawl_page *p = find(&r, want[i]);
		cr_assert_not_null(p, "%s not crawled", want[i]);
		cr_assert_eq(p->status, 200, "%s: %d", want[i], p->status);
		cr_assert_not_null(p->extract);
	}
	cr_assert_eq(r.npages, 7, "%zu pages", r.npages);
	cr_assert_null(find(&r, "/clinic/deep/level3.html"), "depth 3 was crawled");
	cr_assert(skipped(&r, "/clinic/private/staff.html", "robots.txt disallows it"));
	cr_assert(skipped(&r, "/clinic/brochure.pdf", "not HTML"));
	cr_assert_null(find(&r, "/partner"));
	cr_assert_eq(r.nrobots, 1);
	cr_assert_eq(r.robots[0].status, 200);
	cr_assert_eq(r.fetched, 7);
	/* Crawl-delay: 0.3 between the starts of page requests */
	double t[16];
	int n = times("/clinic/", t, 16);
	cr_assert_eq(n, 7, "%d page requests", n);
	for (int i = 1; i < n; i++)
		/* 300 ms between sends, seen by the server after a varying latency */
		cr_assert_geq(t[i] - t[i - 1], 0.2, "request %d after %.3f s", i, t[i] - t[i - 1]);
	/* the pages that matter were asked for before the team page */
	int team = position("/clinic/team.html");
	cr_assert_geq(team, 0, "the team page was not requested");
	const char *first[] = { "/clinic/about.html", "/clinic/prices.html", "/clinic/faq.html",
		"/clinic/contact.html", "/clinic/services/" };
	for (size_t i = 0; i < sizeof first / sizeof *first; i++) {
		int at = position(first[i]);
		cr_assert(at >= 0 && at < team, "%s at %d, the team page at %d", first[i], at, team);
	}
	wa_crawl_result_free(&r);
}

Test(crawl, max_pages_and_priorities)
{
	wa_crawl_opts o = opts();
	wa_crawl_result r;
	wa_err err = WA_ERR_INIT;
	char start[128];

	o.max_pages = 3;
	snprintf(start, sizeof start, "%s/clinic/", srv.base);
	cr_assert_eq(wa_crawl_site(start, &o, NULL, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r.npages, 3);
	/* after the start page: contact (7: "contact") or prices (7: "price")
	 * or faq (7), never the team page or the robots-forbidden one */
	for (size_t i = 1; i < r.npages; i++) {
		const char *u = r.pages[i].url;
		cr_assert(strstr(u, "contact") || strstr(u, "prices") || strstr(u, "faq"), "%s", u);
	}
	cr_assert(skipped(&r, "/clinic/team.html", "max-pages") ||
		skipped(&r, "/clinic/about.html", "max-pages"));
	wa_crawl_result_free(&r);
}

/* a cache in memory: the pages of the first crawl */
typedef struct memo {
	wa_crawl_result *first;
	int asked;
} memo;

static int cached_page(void *user, const char *url, wa_crawl_page *out)
{
	memo *m = user;

	m->asked++;
	for (size_t i = 0; i < m->first->npages; i++) {
		const wa_crawl_page *p = &m->first->pages[i];
		if (strcmp(p->url, url) != 0 || p->status != 200)
			continue;
		memset(out, 0, sizeof *out);
		out->url = wa_mem_strdup(p->url);
		out->status = 200;
		out->fetched_at = wa_mem_strdup(p->fetched_at);
		out->etag = wa_mem_strdup("\"v1\"");
		wa_buf_init(&out->html);
		wa_buf_add(&out->html, p->html.data, p->html.len);
		return 1;
	}
	return 0;
}

Test(crawl, fresh_cached_pages_are_not_asked_for)
{
	wa_crawl_opts o = opts();
	wa_crawl_result first, second;
	wa_err err = WA_ERR_INIT;
	char start[128];

	o.depth = 1;
	snprintf(start, sizeof start, "%s/clinic/", srv.base);
	cr_assert_eq(wa_crawl_site(start, &o, NULL, &first, &err), 0);
	double t[32];
	int before = times("/clinic/", t, 32);
	memo m = { &first, 0 };
	wa_crawl_cache cache = { .page = cached_page, .user = &m };
	o.max_age_s = 3600;
	cr_assert_eq(wa_crawl_site(start, &o, &cache, &second, &err), 0);
	cr_assert_eq(second.npages, first.npages);
	cr_assert_eq(second.cached, (int)first.npages);
	cr_assert_eq(second.fetched, 0);
	cr_assert_eq(times("/clinic/", t, 32), before, "pages were fetched again");
	for (size_t i = 0; i < second.npages; i++)
		cr_assert(second.pages[i].from_cache);
	wa_crawl_result_free(&first);
	wa_crawl_result_free(&second);
}

Test(crawl, a_file_site)
{
	wa_crawl_opts o = opts();
	wa_crawl_result r;
	wa_err err = WA_ERR_INIT;
	char start[4200], cwd[4096];

	cr_assert_not_null(getcwd(cwd, sizeof cwd));
	/* file links are resolved against the file's own URL: the absolute
	 * links of this fixture lead outside its directory and are not
	 * followed; the crawl stays in the start's directory */
	snprintf(start, sizeof start, "file://%s/sites/clinic/index.html", cwd);
	/* only when allowed */
	cr_assert_eq(wa_crawl_site(start, &o, NULL, &r, &err), -1);
	cr_assert_eq(err.code, WA_EX_DATAERR);
	cr_assert(strstr(err.msg, "index.html: a local file, read only with --allow-file"), "%s", err.msg);
	wa_crawl_result_free(&r);
	o.fetch.allow_file = 1;
	cr_assert_eq(wa_crawl_site(start, &o, NULL, &r, &err), 0, "%s", err.msg);
	cr_assert_geq(r.npages, 1);
	cr_assert_eq(r.pages[0].status, 200);
	cr_assert_eq(r.nrobots, 0);
	wa_crawl_result_free(&r);
}

Test(crawl, robots_unreachable_means_nothing_is_fetched)
{
	wa_crawl_opts o = opts();
	wa_crawl_result r;
	wa_err err = WA_ERR_INIT;

	o.fetch.retries = 0;
	o.fetch.connect_timeout_ms = 2000;
	/* nothing listens on port 9 of the loopback */
	cr_assert_eq(wa_crawl_site("http://127.0.0.1:9/", &o, NULL, &r, &err), 0);
	cr_assert_eq(r.npages, 0);
	cr_assert(r.start_disallowed);
	cr_assert(skipped(&r, "127.0.0.1:9/", "could not be fetched"));
	cr_assert_eq(r.nrobots, 1);
	cr_assert_eq(r.robots[0].status, 0);
	wa_crawl_result_free(&r);
}

Test(crawl, bad_start_urls, .init = NULL, .fini = NULL)
{
	wa_crawl_opts o = opts();
	wa_crawl_result r;
	wa_err err = WA_ERR_INIT;

	cr_assert_eq(wa_crawl_site("ftp://example.com/", &o, NULL, &r, &err), -1);
	cr_assert_eq(err.code, 65);
	cr_assert(strstr(err.msg, "ftp://example.com/"));
	wa_crawl_result_free(&r);
}

Test(crawl, link_priorities, .init = NULL, .fini = NULL)
{
	cr_assert_gt(wa_crawl_link_priority("https://x.test/contact-us", "Contact"), 0);
	cr_assert_gt(wa_crawl_link_priority("https://x.test/p/12", "Our prices"),
		wa_crawl_link_priority("https://x.test/blog/2019/x", "A story"));
	cr_assert_lt(wa_crawl_link_priority("https://x.test/privacy-policy", "Privacy"), 0);
}
