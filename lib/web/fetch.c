/* fetch.c - see fetch.h.  One curl multi handle; a job per request with
 * its own easy handle, body and header buffers; hosts keyed by origin. */
#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/lazy.h"
#include "base/version.h"
#include "web/fetch.h"

typedef struct host {
	char origin[300];
	int active;
	int64_t next_ms;                /* no start before this */
	long delay_ms;
	struct host *next;
} host;

typedef struct job {
	wa_fetch_response resp;         /* first: wa_fetch_header casts */
	wa_fetch_request req;           /* with owned copies */
	char **headers;                 /* owned copies of req.headers */
	struct wa_fetch *f;
	host *h;
	CURL *easy;
	struct curl_slist *slist;
	wa_buf body, head;              /* head: the last response's header lines */
	char errbuf[CURL_ERROR_SIZE];
	char refused[200];
	char error[300];
	char *content_type, *etag, *last_modified, *location, *url;
	int too_big, checked_type, streamed, stopped;
	int64_t not_before, first_ms;
	struct job *next;
} job;

struct wa_fetch {
	wa_fetch_opts o;
	wa_fetch_done_fn done;
	void *user;
	CURLM *multi;
	host *hosts;
	job *pending, *pending_tail;
	int running;
	unsigned rng;
};

void wa_fetch_opts_init(wa_fetch_opts *o)
{
	memset(o, 0, sizeof *o);
	o->user_agent = "wa/" WA_VERSION;
	o->concurrency = 16;
	o->host_concurrency = 2;
	o->delay_ms = 500;
	o->connect_timeout_ms = 10000;
	o->timeout_ms = 30000;
	o->max_redirects = 5;
	o->max_bytes = 8u << 20;
	o->retries = 3;
	o->backoff_ms = 500;
	o->max_wait_ms = 120000;
}

/* libcurl, loaded when a first fetch needs it (base/lazy.h): the
 * functions this file calls, in the order of their names below */
static union {
	void *syms[23];
	struct {
		CURLcode (*global_init)(long flags);
		CURL *(*easy_init)(void);
		void (*easy_cleanup)(CURL *e);
		void (*easy_reset)(CURL *e);
		CURLcode (*easy_setopt)(CURL *e, CURLoption option, ...);
		CURLcode (*easy_getinfo)(CURL *e, CURLINFO info, ...);
		const char *(*easy_strerror)(CURLcode code);
		struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
		void (*slist_free_all)(struct curl_slist *list);
		CURLM *(*multi_init)(void);
		CURLMcode (*multi_add_handle)(CURLM *m, CURL *e);
		CURLMcode (*multi_remove_handle)(CURLM *m, CURL *e);
		CURLMcode (*multi_perform)(CURLM *m, int *running);
		CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd *fds, unsigned n, int ms,
			int *ready);
		CURLMsg *(*multi_info_read)(CURLM *m, int *left);
		CURLMcode (*multi_cleanup)(CURLM *m);
		const char *(*multi_strerror)(CURLMcode code);
		time_t (*getdate)(const char *s, const time_t *unused);
		CURLU *(*url)(void);
		CURLUcode (*url_set)(CURLU *u, CURLUPart part, const char *s, unsigned flags);
		CURLUcode (*url_get)(CURLU *u, CURLUPart part, char **s, unsigned flags);
		void (*url_cleanup)(CURLU *u);
		void (*free)(void *p);
	} f;
} curl;
static const char *const curl_names[] = {
	"curl_global_init", "curl_easy_init", "curl_easy_cleanup", "curl_easy_reset",
	"curl_easy_setopt", "curl_easy_getinfo", "curl_easy_strerror", "curl_slist_append",
	"curl_slist_free_all", "curl_multi_init", "curl_multi_add_handle",
	"curl_multi_remove_handle", "curl_multi_perform", "curl_multi_poll",
	"curl_multi_info_read", "curl_multi_cleanup", "curl_multi_strerror", "curl_getdate",
	"curl_url", "curl_url_set", "curl_url_get", "curl_url_cleanup", "curl_free", NULL
};
static wa_lazy libcurl = { "libcurl.so.4", curl_names, curl.syms, 0 };
_Static_assert(sizeof curl.syms == sizeof curl.f, "a pointer a function");
_Static_assert(sizeof curl_names / sizeof *curl_names == sizeof curl.syms / sizeof(void *) + 1,
	"a name a function");
#define C curl.f

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init(void)
{
	wa_lazy_load(&libcurl);
	C.global_init(CURL_GLOBAL_DEFAULT);
}

/* libcurl loaded, and initialised once */
static void curl_ready(void)
{
	pthread_once(&curl_once, curl_init);
}

int wa_fetch_origin(const char *url, char *out, size_t size)
{
	curl_ready();
	CURLU *u = C.url();
	char *scheme = NULL, *hostname = NULL, *port = NULL;
	int rc = -1;

	if (C.url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    C.url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK) {
		if (strcasecmp(scheme, "file") == 0) {
			snprintf(out, size, "file://");
			rc = 0;
		} else if (C.url_get(u, CURLUPART_HOST, &hostname, 0) == CURLUE_OK &&
		    C.url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
			snprintf(out, size, "%s://%s:%s", scheme, hostname, port);
			for (char *p = out; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			rc = 0;
		}
	}
	C.free(scheme);
	C.free(hostname);
	C.free(port);
	C.url_cleanup(u);
	return rc;
}

static int private4(const unsigned char *a)
{
	return a[0] == 0 || a[0] == 10 || a[0] == 127 ||
		(a[0] == 100 && (a[1] & 0xC0) == 64) ||         /* 100.64/10 */
		(a[0] == 169 && a[1] == 254) ||
		(a[0] == 172 && (a[1] & 0xF0) == 16) ||
		(a[0] == 192 && a[1] == 168) ||
		(a[0] == 192 && a[1] == 0 && a[2] == 0) ||
		(a[0] == 198 && (a[1] & 0xFE) == 18) ||         /* 198.18/15 */
		a[0] >= 224;                                    /* multicast, reserved */
}

static int private6(const unsigned char *a)
{
	static const unsigned char v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char zero[16];

	if (memcmp(a, v4mapped, 12) == 0)
		return private4(a + 12);
	if (memcmp(a, zero, 15) == 0)
		return 1;                       /* :: and ::1 */
	return (a[0] & 0xFE) == 0xFC ||         /* fc00::/7 unique local */
		(a[0] == 0xFE && (a[1] & 0xC0) == 0x80) ||      /* fe80::/10 */
		a[0] == 0xFF;                   /* multicast */
}

int wa_fetch_address_private(const char *numeric)
{
	unsigned char a[16];

	if (inet_pton(AF_INET, numeric, a) == 1)
		return private4(a);
	if (inet_pton(AF_INET6, numeric, a) == 1)
		return private6(a);
	return 0;
}

static host *host_for(wa_fetch *f, const char *url)
{
	char origin[300];

	if (wa_fetch_origin(url, origin, sizeof origin))
		snprintf(origin, sizeof origin, "?");
	for (host *h = f->hosts; h; h = h->next)
		if (strcmp(h->origin, origin) == 0)
			return h;
	host *h = wa_mem_calloc(1, sizeof *h);
	snprintf(h->origin, sizeof h->origin, "%s", origin);
	h->delay_ms = strcmp(origin, "file://") == 0 ? 0 : f->o.delay_ms;
	h->next = f->hosts;
	f->hosts = h;
	return h;
}

void wa_fetch_host_delay(wa_fetch *f, const char *url, long ms)
{
	host *h = host_for(f, url);

	if (ms > h->delay_ms)
		h->delay_ms = ms;
}

wa_fetch *wa_fetch_new(const wa_fetch_opts *opts, wa_fetch_done_fn done, void *user)
{
	wa_fetch *f = wa_mem_calloc(1, sizeof *f);

	curl_ready();
	f->o = *opts;
	f->done = done;
	f->user = user;
	f->multi = C.multi_init();
	f->rng = (unsigned)wa_clock_mono_ms() ^ (unsigned)(uintptr_t)f;
	return f;
}

static char *dup_or_null(const char *s)
{
	return s ? wa_mem_strdup(s) : NULL;
}

static void job_reset_response(job *j)
{
	free(j->content_type);
	free(j->etag);
	free(j->last_modified);
	free(j->location);
	free(j->url);
	j->content_type = j->etag = j->last_modified = j->location = j->url = NULL;
	wa_buf_reset(&j->body);
	wa_buf_reset(&j->head);
	j->errbuf[0] = j->refused[0] = j->error[0] = '\0';
	j->too_big = j->checked_type = j->streamed = j->stopped = 0;
	j->resp.not_html = 0;
}

static void job_free(job *j)
{
	job_reset_response(j);
	wa_buf_free(&j->body);
	wa_buf_free(&j->head);
	free((char *)j->req.url);
	free((char *)j->req.etag);
	free((char *)j->req.last_modified);
	free((char *)j->req.post);
	free((char *)j->req.method);
	if (j->headers)
		for (char **p = j->headers; *p; p++)
			free(*p);
	free(j->headers);
	C.slist_free_all(j->slist);
	if (j->easy)
		C.easy_cleanup(j->easy);
	free(j);
}

static void enqueue(wa_fetch *f, job *j)
{
	j->next = NULL;
	if (f->pending_tail)
		f->pending_tail->next = j;
	else
		f->pending = j;
	f->pending_tail = j;
}

void wa_fetch_add(wa_fetch *f, const wa_fetch_request *req)
{
	job *j = wa_mem_calloc(1, sizeof *j);

	j->f = f;
	j->req = *req;
	j->req.url = wa_mem_strdup(req->url);
	j->req.etag = dup_or_null(req->etag);
	j->req.last_modified = dup_or_null(req->last_modified);
	j->req.post = dup_or_null(req->post);
	j->req.method = dup_or_null(req->method);
	if (req->headers) {
		size_t n = 0;
		while (req->headers[n])
			n++;
		j->headers = wa_mem_calloc(n + 1, sizeof *j->headers);
		for (size_t i = 0; i < n; i++)
			j->headers[i] = wa_mem_strdup(req->headers[i]);
	}
	j->req.headers = (const char *const *)j->headers;
	j->h = host_for(f, req->url);
	wa_buf_init(&j->body);
	wa_buf_init(&j->head);
	enqueue(f, j);
}

int wa_fetch_looks_binary(const char *p, size_t n)
{
	static const char *const magic[] = { "%PDF-", "\x89PNG", "GIF8", "\xFF\xD8\xFF",
		"PK\x03\x04", "\x1F\x8B", "OggS", "ID3" };

	for (size_t i = 0; i < sizeof magic / sizeof *magic; i++) {
		size_t m = strlen(magic[i]);
		if (n >= m && memcmp(p, magic[i], m) == 0)
			return 1;
	}
	return memchr(p, '\0', n < 512 ? n : 512) != NULL;
}

static int html_type(const char *ct)
{
	if (!ct)
		return 1;               /* file:// and servers that say nothing: sniff */
	while (isspace((unsigned char)*ct))
		ct++;
	return strncasecmp(ct, "text/html", 9) == 0 ||
		strncasecmp(ct, "application/xhtml+xml", 21) == 0;
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	job *j = arg;
	size_t len = size * n;

	if (j->req.html_only && !j->checked_type) {
		long code = 0;
		char *ct = NULL;
		j->checked_type = 1;
		C.easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
		C.easy_getinfo(j->easy, CURLINFO_CONTENT_TYPE, &ct);
		if ((code == 0 || (code >= 200 && code < 300)) &&
		    (!html_type(ct) || wa_fetch_looks_binary(p, len))) {
			j->resp.not_html = 1;
			return 0;
		}
	}
	if (j->body.len + len > j->f->o.max_bytes) {
		j->too_big = 1;
		return 0;
	}
	wa_buf_add(&j->body, p, len);
	if (j->req.on_data) {
		long code = 0;
		C.easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
		if (code >= 200 && code < 300) {
			j->streamed = 1;
			if (j->req.on_data(p, len, j->req.user)) {
				j->stopped = 1;
				return 0;
			}
		}
	}
	return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	job *j = arg;
	size_t len = size * n;

	/* a new response (a redirect followed, 100 Continue): start over */
	if (len > 5 && strncmp(p, "HTTP/", 5) == 0)
		wa_buf_reset(&j->head);
	wa_buf_add(&j->head, p, len);
	return len;
}

static curl_socket_t on_open_socket(void *arg, curlsocktype purpose,
	struct curl_sockaddr *a)
{
	job *j = arg;
	char numeric[INET6_ADDRSTRLEN] = "";

	(void)purpose;
	if (a->family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&a->addr)->sin_addr, numeric,
			sizeof numeric);
	else if (a->family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&a->addr)->sin6_addr, numeric,
			sizeof numeric);
	if (!j->f->o.allow_private && wa_fetch_address_private(numeric)) {
		snprintf(j->refused, sizeof j->refused,
			"refused to connect to %s, a private or local address", numeric);
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

const char *wa_fetch_header(const wa_fetch_response *r, const char *name)
{
	const job *j = (const job *)r;
	static __thread char value[1024];
	const char *p = j->head.data, *found = NULL;
	size_t nlen = strlen(name), flen = 0;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len > nlen && strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
			found = p + nlen + 1;
			flen = len - nlen - 1;
		}
		p += len + (eol ? 1 : 0);
	}
	if (!found)
		return NULL;
	while (flen && isspace((unsigned char)*found))
		found++, flen--;
	while (flen && isspace((unsigned char)found[flen - 1]))
		flen--;
	if (flen >= sizeof value)
		flen = sizeof value - 1;
	memcpy(value, found, flen);
	value[flen] = '\0';
	return value;
}

static void start(wa_fetch *f, job *j, int64_t now)
{
	CURL *e = j->easy ? j->easy : C.easy_init();

	j->easy = e;
	C.easy_reset(e);
	job_reset_response(j);
	C.slist_free_all(j->slist);
	j->slist = NULL;
	if (!j->first_ms)
		j->first_ms = now;
	j->resp.attempts++;
	C.easy_setopt(e, CURLOPT_URL, j->req.url);
	C.easy_setopt(e, CURLOPT_PRIVATE, j);
	C.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	C.easy_setopt(e, CURLOPT_USERAGENT, f->o.user_agent);  /* a header may replace it */
	C.easy_setopt(e, CURLOPT_PROTOCOLS_STR, j->f->o.allow_file ? "http,https,file" : "http,https");
	C.easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	C.easy_setopt(e, CURLOPT_FOLLOWLOCATION, j->req.follow ? 1L : 0L);
	C.easy_setopt(e, CURLOPT_MAXREDIRS, (long)f->o.max_redirects);
	C.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, f->o.connect_timeout_ms);
	C.easy_setopt(e, CURLOPT_TIMEOUT_MS, f->o.timeout_ms);
	C.easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	C.easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->o.max_bytes);
	C.easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	C.easy_setopt(e, CURLOPT_WRITEDATA, j);
	C.easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	C.easy_setopt(e, CURLOPT_HEADERDATA, j);
	C.easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	C.easy_setopt(e, CURLOPT_OPENSOCKETDATA, j);
	C.easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
	if (j->req.html_only)
		j->slist = C.slist_append(j->slist,
			"Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.1");
	if (j->req.etag) {
		char h[1100];
		snprintf(h, sizeof h, "If-None-Match: %s", j->req.etag);
		j->slist = C.slist_append(j->slist, h);
	}
	if (j->req.last_modified) {
		char h[300];
		snprintf(h, sizeof h, "If-Modified-Since: %s", j->req.last_modified);
		j->slist = C.slist_append(j->slist, h);
	}
	if (j->req.post) {
		int typed = 0;
		for (size_t i = 0; j->headers && j->headers[i]; i++)
			typed |= strncasecmp(j->headers[i], "Content-Type:", 13) == 0;
		C.easy_setopt(e, CURLOPT_POSTFIELDS, j->req.post);
		if (!typed)
			j->slist = C.slist_append(j->slist, "Content-Type: application/json");
	}
	if (j->req.method)
		C.easy_setopt(e, CURLOPT_CUSTOMREQUEST, j->req.method);
	for (size_t i = 0; j->headers && j->headers[i]; i++)
		j->slist = C.slist_append(j->slist, j->headers[i]);
	C.easy_setopt(e, CURLOPT_HTTPHEADER, j->slist);
	j->h->active++;
	j->h->next_ms = now + j->h->delay_ms;
	f->running++;
	C.multi_add_handle(f->multi, e);
}

/* Start what may start; the time until something else may, in ms. */
static long start_eligible(wa_fetch *f)
{
	int64_t now = wa_clock_mono_ms();
	long wait = 1000;
	job *prev = NULL, *j = f->pending;

	while (j && f->running < f->o.concurrency) {
		job *next = j->next;
		int64_t at = j->not_before > j->h->next_ms ? j->not_before : j->h->next_ms;
		if (j->h->active < f->o.host_concurrency && at <= now) {
			if (prev)
				prev->next = next;
			else
				f->pending = next;
			if (f->pending_tail == j)
				f->pending_tail = prev;
			start(f, j, now);
		} else {
			if (j->h->active < f->o.host_concurrency && at - now < wait)
				wait = (long)(at - now);
			prev = j;
		}
		j = next;
	}
	return wait < 0 ? 0 : wait;
}

/* Seconds or an HTTP-date (RFC 9110 section 10.2.3), in ms; -1 if none. */
static long retry_after_ms(const wa_fetch_response *r)
{
	const char *v = wa_fetch_header(r, "Retry-After");
	char *end;

	if (!v || !*v)
		return -1;
	long s = strtol(v, &end, 10);
	if (end != v && *end == '\0')
		return s < 0 ? 0 : (s > 86400 ? 86400000L : s * 1000);
	time_t at = C.getdate(v, NULL);
	if (at < 0)
		return -1;
	time_t now = time(NULL);
	return at <= now ? 0 : (long)((at - now) > 86400 ? 86400000L : (at - now) * 1000);
}

static int retry_status(int s)
{
	return s == 408 || s == 429 || s == 500 || s == 502 || s == 503 || s == 504;
}

static int retry_curl(CURLcode c)
{
	return c == CURLE_COULDNT_CONNECT || c == CURLE_OPERATION_TIMEDOUT ||
		c == CURLE_COULDNT_RESOLVE_HOST || c == CURLE_RECV_ERROR ||
		c == CURLE_SEND_ERROR || c == CURLE_GOT_NOTHING || c == CURLE_PARTIAL_FILE ||
		c == CURLE_HTTP2 || c == CURLE_HTTP2_STREAM || c == CURLE_SSL_CONNECT_ERROR;
}

static char *info_dup(CURL *e, CURLINFO what)
{
	char *s = NULL;

	C.easy_getinfo(e, what, &s);
	return s ? wa_mem_strdup(s) : NULL;
}

static char *header_dup(const wa_fetch_response *r, const char *name)
{
	const char *v = wa_fetch_header(r, name);

	return v ? wa_mem_strdup(v) : NULL;
}

/* What the transfer came to: the error said in j->error (none for a
 * valid answer), whether it is worth trying again, and how long the
 * server asked to wait (*wait, -1: it did not say). */
static int outcome(wa_fetch *f, job *j, CURLcode cc, long *wait)
{
	wa_fetch_response *r = &j->resp;
	int retry = 0;

	*wait = -1;
	if (j->refused[0]) {
		snprintf(j->error, sizeof j->error, "%s (--allow-private allows it)", j->refused);
	} else if (j->too_big || cc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(j->error, sizeof j->error, "response larger than %zu bytes",
			f->o.max_bytes);
	} else if (r->not_html) {
		;                               /* a valid answer: not a page */
	} else if (j->stopped) {
		snprintf(j->error, sizeof j->error, "stopped by its reader");
	} else if (cc == CURLE_FILE_COULDNT_READ_FILE) {
		r->status = 404;
	} else if (cc != CURLE_OK) {
		snprintf(j->error, sizeof j->error, "%s", j->errbuf[0] ? j->errbuf :
			C.easy_strerror(cc));
		retry = r->retryable = retry_curl(cc);
	} else if (retry_status(r->status)) {
		retry = r->retryable = 1;
		*wait = retry_after_ms(r);
		snprintf(j->error, sizeof j->error, "HTTP %d", r->status);
	} else if (r->status == 0 && strncmp(j->req.url, "file:", 5) == 0) {
		r->status = 200;
	}
	if (retry && j->streamed) {
		/* part of the answer was handed over: trying again would repeat it */
		retry = r->retryable = 0;
	}
	return retry;
}

/* Try j again after the backoff (or the wait the server asked for, when
 * it is not too long), while attempts remain: 1 when it is queued again,
 * 0 with why not added to j->error. */
static int again(wa_fetch *f, job *j, long wait, int64_t now)
{
	wa_fetch_response *r = &j->resp;
	long backoff = f->o.backoff_ms << (r->attempts - 1 < 20 ? r->attempts - 1 : 20);
	size_t len = strlen(j->error);

	f->rng = f->rng * 1103515245u + 12345u;
	/* "equal jitter": half fixed, half random */
	backoff = backoff / 2 + (long)((f->rng >> 8) % (unsigned)(backoff / 2 + 1));
	if (wait > f->o.max_wait_ms) {
		snprintf(j->error + len, sizeof j->error - len, ", asked to retry after %ld s",
			wait / 1000);
		return 0;
	}
	if (r->attempts > f->o.retries) {
		snprintf(j->error + len, sizeof j->error - len, " after %d attempts", r->attempts);
		return 0;
	}
	if (wait < backoff)
		wait = backoff;
	j->not_before = now + wait;
	if ((r->status == 429 || r->status == 503) && j->h->next_ms < now + wait)
		j->h->next_ms = now + wait;
	C.multi_remove_handle(f->multi, j->easy);
	enqueue(f, j);
	return 1;
}

static void finish(wa_fetch *f, job *j, CURLcode cc)
{
	long code = 0, wait;
	int64_t now = wa_clock_mono_ms();
	wa_fetch_response *r = &j->resp;

	C.easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
	j->h->active--;
	f->running--;
	r->status = (int)code;
	r->url = j->url = info_dup(j->easy, CURLINFO_EFFECTIVE_URL);
	r->content_type = j->content_type = info_dup(j->easy, CURLINFO_CONTENT_TYPE);
	r->location = j->location = info_dup(j->easy, CURLINFO_REDIRECT_URL);
	r->etag = j->etag = header_dup(r, "ETag");
	r->last_modified = j->last_modified = header_dup(r, "Last-Modified");
	r->error = NULL;
	r->retryable = 0;
	if (outcome(f, j, cc, &wait) && again(f, j, wait, now))
		return;
	r->error = j->error[0] ? j->error : NULL;
	r->body = j->body.data;
	r->len = j->body.len;
	r->req = &j->req;
	r->ms = (long)(now - j->first_ms);
	C.multi_remove_handle(f->multi, j->easy);
	f->done(f, r, f->user);
	job_free(j);
}

int wa_fetch_run(wa_fetch *f, wa_err *err)
{
	while (f->pending || f->running) {
		long wait = start_eligible(f);
		int still;
		CURLMcode mc = C.multi_perform(f->multi, &still);
		if (mc != CURLM_OK)
			return wa_err_set(err, WA_EX_SOFTWARE, "curl: %s", C.multi_strerror(mc));
		CURLMsg *m;
		int left;
		while ((m = C.multi_info_read(f->multi, &left))) {
			if (m->msg != CURLMSG_DONE)
				continue;
			job *j;
			C.easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			finish(f, j, m->data.result);
		}
		if (!f->pending && !f->running)
			break;
		/* new work from callbacks may be due now */
		if (f->pending && f->running < f->o.concurrency) {
			long w = start_eligible(f);
			if (w < wait)
				wait = w;
		}
		mc = C.multi_poll(f->multi, NULL, 0, (int)(wait > 0 ? wait : 1), NULL);
		if (mc != CURLM_OK)
			return wa_err_set(err, WA_EX_SOFTWARE, "curl: %s", C.multi_strerror(mc));
	}
	return 0;
}

void wa_fetch_free(wa_fetch *f)
{
	if (!f)
		return;
	for (job *j = f->pending, *next; j; j = next) {
		next = j->next;
		job_free(j);
	}
	for (host *h = f->hosts, *next; h; h = next) {
		next = h->next;
		free(h);
	}
	C.multi_cleanup(f->multi);
	free(f);
}

static void keep(wa_fetch *f, const wa_fetch_response *r, void *user)
{
	wa_fetch_result *out = user;

	(void)f;
	out->status = r->status;
	out->error = r->error ? wa_mem_strdup(r->error) : NULL;
	out->retryable = r->retryable;
	out->content_type = r->content_type ? wa_mem_strdup(r->content_type) : NULL;
	wa_buf_add(&out->body, r->body ? r->body : "", r->len);
}

int wa_fetch_one(const wa_fetch_opts *o, const wa_fetch_request *req, wa_fetch_result *out,
	wa_err *err)
{
	memset(out, 0, sizeof *out);
	wa_buf_init(&out->body);
	wa_fetch *f = wa_fetch_new(o, keep, out);
	wa_fetch_add(f, req);
	int rc = wa_fetch_run(f, err);
	wa_fetch_free(f);
	return rc;
}

void wa_fetch_result_free(wa_fetch_result *r)
{
	free(r->error);
	free(r->content_type);
	wa_buf_free(&r->body);
	memset(r, 0, sizeof *r);
}
