/* The fetcher against the test web server on 127.0.0.1.  Times are only
 * checked from below (a wait asked for was waited), never from above. */
#include <criterion/criterion.h>
#include <jansson.h>

#include "base/buf.h"
#include "base/clock.h"
#include "web/fetch.h"
#include "helpers.h"

typedef struct result {
	int status, attempts, retryable, not_html;
	char error[300], url[300], location[300], ctype[100], etag[64];
	wa_buf body;
	long ms;
} result;

static websrv srv;
static char logpath[128];

static void up(void)
{
	const char *dir = tmpdir_new();
	snprintf(logpath, sizeof logpath, "%s/requests.log", dir);
	websrv_start(&srv, logpath);
}

static void down(void)
{
	websrv_stop(&srv);
}

static void on_done(wa_fetch *f, const wa_fetch_response *r, void *user)
{
	result *res = (result *)r->req->user;

	(void)f;
	(void)user;
	res->status = r->status;
	res->attempts = r->attempts;
	res->retryable = r->retryable;
	res->not_html = r->not_html;
	res->ms = r->ms;
	snprintf(res->error, sizeof res->error, "%s", r->error ? r->error : "");
	snprintf(res->url, sizeof res->url, "%s", r->url ? r->url : "");
	snprintf(res->location, sizeof res->location, "%s", r->location ? r->location : "");
	snprintf(res->ctype, sizeof res->ctype, "%s", r->content_type ? r->content_type : "");
	snprintf(res->etag, sizeof res->etag, "%s", r->etag ? r->etag : "");
	wa_buf_init(&res->body);
	wa_buf_add(&res->body, r->body, r->len);
}

static wa_fetch_opts opts(void)
{
	wa_fetch_opts o;

	wa_fetch_opts_init(&o);
	o.user_agent = "wa-research-test/1.0 (+https://wa.invalid/bot)";
	o.allow_private = 1;
	o.delay_ms = 0;
	o.backoff_ms = 50;
	return o;
}

/* Fetch one path (or URL) with o, into res. */
static void fetch1(wa_fetch_opts o, const char *path, int follow, int html_only,
	const char *etag, result *res)
{
	char url[512];
	wa_err err = WA_ERR_INIT;

	if (strstr(path, "://"))
		snprintf(url, sizeof url, "%s", path);
	else
		snprintf(url, sizeof url, "%s%s", srv.base, path);
	memset(res, 0, sizeof *res);
	wa_fetch *f = wa_fetch_new(&o, on_done, NULL);
	wa_fetch_request req = { .url = url, .follow = follow, .html_only = html_only,
		.etag = etag, .user = res };
	wa_fetch_add(f, &req);
	cr_assert_eq(wa_fetch_run(f, &err), 0, "%s", err.msg);
	wa_fetch_free(f);
}

/* the times (s) at which the server saw path, in order; returns how many */
static int seen(const char *path, double *times, int max)
{
	FILE *f = fopen(logpath, "r");
	char line[2048];
	int n = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof line, f) && n < max) {
		json_t *j = json_loads(line, 0, NULL);
		if (j && strcmp(json_string_value(json_object_get(j, "path")), path) == 0)
			times[n++] = json_real_value(json_object_get(j, "t"));
		json_decref(j);
	}
	fclose(f);
	return n;
}

TestSuite(fetch, .init = up, .fini = down, .timeout = 60);

Test(fetch, a_page_with_our_user_agent)
{
	result r;

	fetch1(opts(), "/status/200", 0, 1, NULL, &r);
	cr_assert_eq(r.status, 200);
	cr_assert_str_eq(r.error, "");
	cr_assert(strstr(r.body.data, "<title>status 200</title>"));
	cr_assert_str_eq(r.ctype, "text/html; charset=utf-8");
	cr_assert_eq(r.attempts, 1);
	FILE *f = fopen(logpath, "r");
	char line[2048];
	cr_assert(fgets(line, sizeof line, f));
	fclose(f);
	cr_assert(strstr(line, "wa-research-test/1.0 (+https://wa.invalid/bot)"), "%s", line);
	wa_buf_free(&r.body);
}

Test(fetch, retry_after_seconds_is_waited)
{
	result r;
	double t[4];

	fetch1(opts(), "/retry-after/1/a", 0, 1, NULL, &r);
	cr_assert_eq(r.status, 200);
	cr_assert_eq(r.attempts, 2);
	cr_assert_eq(seen("/retry-after/1/a", t, 4), 2);
	cr_assert_geq(t[1] - t[0], 0.95, "retried after %.3f s", t[1] - t[0]);
	wa_buf_free(&r.body);
}

Test(fetch, retry_after_http_date_is_waited)
{
	result r;
	double t[4];

	fetch1(opts(), "/retry-date/b", 0, 1, NULL, &r);
	cr_assert_eq(r.status, 200);
	cr_assert_eq(seen("/retry-date/b", t, 4), 2);
	/* two seconds ahead, to the second: at least one second later */
	cr_assert_geq(t[1] - t[0], 0.95, "retried after %.3f s", t[1] - t[0]);
	wa_buf_free(&r.body);
}

Test(fetch, server_errors_are_retried_with_growing_backoff)
{
	result r;
	double t[5];
	wa_fetch_opts o = opts();

	o.backoff_ms = 200;
	fetch1(o, "/flaky/2/c", 0, 1, NULL, &r);
	cr_assert_eq(r.status, 200);
	cr_assert_eq(r.attempts, 3);
	cr_assert_eq(seen("/flaky/2/c", t, 5), 3);
	/* equal jitter: at least half of 200 ms, then half of 400 ms */
	cr_assert_geq(t[1] - t[0], 0.095);
	cr_assert_geq(t[2] - t[1], 0.195);
	wa_buf_free(&r.body);
}

Test(fetch, retries_run_out)
{
	result r;
	wa_fetch_opts o = opts();

	o.retries = 2;
	fetch1(o, "/always/503", 0, 1, NULL, &r);
	cr_assert_eq(r.status, 503);
	cr_assert_eq(r.attempts, 3);
	cr_assert(r.retryable);
	cr_assert(strstr(r.error, "after 3 attempts"), "%s", r.error);
	wa_buf_free(&r.body);

	fetch1(o, "/always/404", 0, 1, NULL, &r);
	cr_assert_eq(r.status, 404);
	cr_assert_eq(r.attempts, 1);
	cr_assert_not(r.retryable);
	cr_assert_str_eq(r.error, "");
	wa_buf_free(&r.body);
}

Test(fetch, a_retry_after_too_long_is_not_waited)
{
	result r;
	wa_fetch_opts o = opts();

	o.max_wait_ms = 5000;
	fetch1(o, "/retry-after/3600/d", 0, 1, NULL, &r);
	cr_assert_eq(r.status, 429);
	cr_assert_eq(r.attempts, 1);
	cr_assert(r.retryable);
	cr_assert(strstr(r.error, "retry after 3600 s"), "%s", r.error);
	wa_buf_free(&r.body);
}

Test(fetch, redirects)
{
	result r;

	fetch1(opts(), "/loop/a", 1, 1, NULL, &r);
	cr_assert_neq(r.error[0], '\0');
	cr_assert_not(r.retryable);
	wa_buf_free(&r.body);

	fetch1(opts(), "/loop/a", 0, 1, NULL, &r);
	cr_assert_eq(r.status, 302);
	char want[128];
	snprintf(want, sizeof want, "%s/loop/b", srv.base);
	cr_assert_str_eq(r.location, want);
	wa_buf_free(&r.body);

	fetch1(opts(), "/chain/5", 1, 1, NULL, &r);
	cr_assert_eq(r.status, 200);
	snprintf(want, sizeof want, "%s/chain/0", srv.base);
	cr_assert_str_eq(r.url, want);
	wa_buf_free(&r.body);
}

Test(fetch, a_slow_drip_times_out)
{
	result r;
	wa_fetch_opts o = opts();

	o.timeout_ms = 1500;
	o.retries = 0;
	fetch1(o, "/slow", 0, 1, NULL, &r);
	cr_assert_neq(r.error[0], '\0');
	cr_assert(r.retryable);
	wa_buf_free(&r.body);
}

Test(fetch, bodies_are_capped)
{
	result r;
	wa_fetch_opts o = opts();

	o.max_bytes = 1 << 20;
	fetch1(o, "/huge", 0, 1, NULL, &r);
	cr_assert(strstr(r.error, "larger than 1048576 bytes"), "%s", r.error);
	cr_assert_not(r.retryable);
	cr_assert_leq(r.body.len, 1 << 20);
	wa_buf_free(&r.body);
	fetch1(o, "/huge-chunked", 0, 1, NULL, &r);
	cr_assert(strstr(r.error, "larger than"), "%s", r.error);
	wa_buf_free(&r.body);
}

Test(fetch, not_html_is_not_read)
{
	result r;

	fetch1(opts(), "/pdf-as-html", 0, 1, NULL, &r);
	cr_assert(r.not_html);
	cr_assert_str_eq(r.error, "");
	cr_assert_eq(r.body.len, 0);
	wa_buf_free(&r.body);
	fetch1(opts(), "/binary.png", 0, 1, NULL, &r);
	cr_assert(r.not_html);
	wa_buf_free(&r.body);
	/* without html_only, any body comes */
	fetch1(opts(), "/binary.png", 0, 0, NULL, &r);
	cr_assert_not(r.not_html);
	cr_assert_eq(r.body.len, 72);
	wa_buf_free(&r.body);
}

Test(fetch, private_addresses_are_refused)
{
	result r;
	wa_fetch_opts o = opts();

	o.allow_private = 0;
	fetch1(o, "/status/200", 0, 1, NULL, &r);
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.error, "refused to connect to 127.0.0.1"), "%s", r.error);
	cr_assert_not(r.retryable);
	cr_assert_eq(r.attempts, 1);
	wa_buf_free(&r.body);
}

Test(fetch, conditional_requests_and_compression)
{
	result r;

	fetch1(opts(), "/etag", 0, 1, NULL, &r);
	cr_assert_eq(r.status, 200);
	cr_assert_str_eq(r.etag, "\"v1\"");
	wa_buf_free(&r.body);
	fetch1(opts(), "/etag", 0, 1, "\"v1\"", &r);
	cr_assert_eq(r.status, 304);
	wa_buf_free(&r.body);
	fetch1(opts(), "/gzip", 0, 1, NULL, &r);
	cr_assert_eq(r.status, 200);
	cr_assert(strstr(r.body.data, "squeezed squeezed"));
	wa_buf_free(&r.body);
}

Test(fetch, file_urls)
{
	result r;
	char url[600], cwd[400];
	const char *dir = tmpdir_new();

	snprintf(url, sizeof url, "%s/p.html", dir);
	write_text(url, "<html><title>local</title></html>");
	snprintf(url, sizeof url, "file://%s/p.html", dir);
	wa_fetch_opts o = opts();
	/* not unless allowed: the URL may have come from anywhere */
	fetch1(o, url, 0, 1, NULL, &r);
	cr_assert_eq(r.status, 0);
	cr_assert(r.error[0], "a refusal is an error");
	cr_assert(!r.body.len || !strstr(r.body.data, "local"), "the file was read");
	wa_buf_free(&r.body);
	o.allow_file = 1;
	fetch1(o, url, 0, 1, NULL, &r);
	cr_assert_eq(r.status, 200);
	cr_assert(strstr(r.body.data, "local"));
	wa_buf_free(&r.body);
	snprintf(url, sizeof url, "file://%s/missing.html", dir);
	fetch1(o, url, 0, 1, NULL, &r);
	cr_assert_eq(r.status, 404);
	wa_buf_free(&r.body);
	(void)cwd;
}

Test(fetch, one_host_is_spaced_by_its_delay)
{
	wa_fetch_opts o = opts();
	result r[3];
	char url[3][128];
	double t[3];
	wa_err err = WA_ERR_INIT;

	o.delay_ms = 300;
	wa_fetch *f = wa_fetch_new(&o, on_done, NULL);
	for (int i = 0; i < 3; i++) {
		snprintf(url[i], sizeof url[i], "%s/flaky/0/spaced", srv.base);
		wa_fetch_request req = { .url = url[i], .user = &r[i] };
		wa_fetch_add(f, &req);
	}
	cr_assert_eq(wa_fetch_run(f, &err), 0);
	wa_fetch_free(f);
	cr_assert_eq(seen("/flaky/0/spaced", t, 3), 3);
	/* the client spaces its sends by 300 ms; the server's clock sees them
	 * after a latency that varies on a loaded machine, hence the margin
	 * (without the delay they would be a few milliseconds apart) */
	cr_assert_geq(t[1] - t[0], 0.2);
	cr_assert_geq(t[2] - t[1], 0.2);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(r[i].status, 200);
		wa_buf_free(&r[i].body);
	}
}

Test(fetch, origins_and_private_addresses, .init = NULL, .fini = NULL)
{
	char o[300];

	cr_assert_eq(wa_fetch_origin("HTTPS://Example.COM/a?b", o, sizeof o), 0);
	cr_assert_str_eq(o, "https://example.com:443");
	cr_assert_eq(wa_fetch_origin("http://x.test:8080", o, sizeof o), 0);
	cr_assert_str_eq(o, "http://x.test:8080");
	cr_assert_eq(wa_fetch_origin("file:///tmp/a.html", o, sizeof o), 0);
	cr_assert_str_eq(o, "file://");
	cr_assert_eq(wa_fetch_origin("not a url", o, sizeof o), -1);
	cr_assert(wa_fetch_address_private("127.0.0.1"));
	cr_assert(wa_fetch_address_private("10.1.2.3"));
	cr_assert(wa_fetch_address_private("172.31.0.1"));
	cr_assert_not(wa_fetch_address_private("172.32.0.1"));
	cr_assert(wa_fetch_address_private("192.168.0.1"));
	cr_assert(wa_fetch_address_private("169.254.169.254"));
	cr_assert(wa_fetch_address_private("0.0.0.0"));
	cr_assert(wa_fetch_address_private("::1"));
	cr_assert(wa_fetch_address_private("fe80::1"));
	cr_assert(wa_fetch_address_private("fd00::1"));
	cr_assert(wa_fetch_address_private("::ffff:192.168.1.1"));
	cr_assert_not(wa_fetch_address_private("93.184.216.34"));
	cr_assert_not(wa_fetch_address_private("2606:2800:220:1::1"));
}
