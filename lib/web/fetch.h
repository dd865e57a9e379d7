/* fetch.h - polite concurrent HTTP(S) and file:// fetching over
 * libcurl's multi interface.
 *
 * Requests wait in a queue and start when the global limit, their
 * host's limit and their host's delay allow.  A 408, 429, 500, 502, 503
 * or 504 answer, or a failure to connect or a timeout, is retried with
 * exponential backoff and full jitter, waiting at least what a
 * Retry-After header asks; a 429 or 503 also holds back the whole host.
 * Connections to private, loopback or link-local addresses are refused
 * unless allowed, at every redirect.  Bodies are capped, compressed
 * transfer is accepted, and every request has connect and total
 * timeouts.
 *
 * Each finished request is handed to the done callback, which may add
 * more requests; wa_fetch_run returns when none are left. */
#ifndef WA_FETCH_H
#define WA_FETCH_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

typedef struct wa_fetch_opts {
	const char *user_agent;
	int concurrency;                /* requests in flight at most (16) */
	int host_concurrency;           /* per scheme://host:port (2) */
	long delay_ms;                  /* between starts on one host (500) */
	long connect_timeout_ms;        /* (10000) */
	long timeout_ms;                /* the whole request (30000) */
	int max_redirects;              /* when a request follows them (5) */
	size_t max_bytes;               /* body cap (8 MiB) */
	int retries;                    /* retries after the first try (3) */
	long backoff_ms;                /* first backoff, doubled each time (500) */
	long max_wait_ms;               /* a longer Retry-After fails the request,
					   retryable, instead of waiting (120000) */
	int allow_private;              /* private, loopback, link-local too */
	int allow_file;                 /* file: URLs too (never by redirect) */
} wa_fetch_opts;

void wa_fetch_opts_init(wa_fetch_opts *o);

/* A piece of a 2xx answer's body as it arrives (the body is collected
 * too): 0 to go on, -1 to stop the transfer. */
typedef int (*wa_fetch_data_fn)(const char *p, size_t n, void *user);

typedef struct wa_fetch_request {
	const char *url;
	const char *method;             /* "PUT", "PATCH", "DELETE"...; NULL: GET, or
					   POST with a post body */
	const char *etag;               /* If-None-Match, or NULL */
	const char *last_modified;      /* If-Modified-Since, or NULL */
	const char *const *headers;     /* "Name: value", NULL-terminated, or NULL */
	const char *post;               /* a POST body, or NULL for GET; JSON
					   unless headers say Content-Type */
	int follow;                     /* follow redirects (else 3xx is returned) */
	int html_only;                  /* stop reading a body that is not HTML */
	wa_fetch_data_fn on_data;       /* streaming: see above; once a piece was
					   handed over, a failure is not retried */
	void *user;                     /* also on_data's */
} wa_fetch_request;

typedef struct wa_fetch_response {
	const wa_fetch_request *req;    /* as added (strings copied) */
	int status;                     /* HTTP status; 0 with error set */
	const char *url;                /* the last URL fetched */
	const char *content_type;       /* or NULL; so are the next three */
	const char *etag;
	const char *last_modified;
	const char *location;           /* of a 3xx, resolved */
	const char *body;               /* NUL-terminated */
	size_t len;
	const char *error;              /* why there is no usable answer, or NULL */
	int retryable;                  /* the failure may pass later */
	int not_html;                   /* html_only, and it was not HTML */
	int attempts;
	long ms;                        /* from the first try to the end */
} wa_fetch_response;

typedef struct wa_fetch wa_fetch;
typedef void (*wa_fetch_done_fn)(wa_fetch *f, const wa_fetch_response *resp, void *user);

wa_fetch *wa_fetch_new(const wa_fetch_opts *opts, wa_fetch_done_fn done, void *user);
void wa_fetch_free(wa_fetch *f);
/* Queue a request (its strings are copied). */
void wa_fetch_add(wa_fetch *f, const wa_fetch_request *req);
/* Make the delay between starts on url's host at least ms (Crawl-delay). */
void wa_fetch_host_delay(wa_fetch *f, const char *url, long ms);
/* A response header's value (the last of that name), or NULL. */
const char *wa_fetch_header(const wa_fetch_response *r, const char *name);
/* Run until no request is left.  Fails only when libcurl itself does. */
int wa_fetch_run(wa_fetch *f, wa_err *err);

/* "scheme://host:port" of url in out, lower case, the port explicit;
 * "file://" for file URLs; 0, or -1 when url is not a URL. */
int wa_fetch_origin(const char *url, char *out, size_t size);
/* 1 when the first bytes of a body are a PDF, an image, an archive or
 * otherwise binary (a NUL in the first 512 bytes): not a page. */
int wa_fetch_looks_binary(const char *p, size_t n);
/* 1 when a numeric address is private, loopback, link-local,
 * unspecified or multicast (IPv4 or IPv6, v4-mapped included). */
int wa_fetch_address_private(const char *numeric);

/* One request, start to end, with the retries of o: what the done
 * callback would see, kept.  Free with wa_fetch_result_free. */
typedef struct wa_fetch_result {
	int status;             /* 0 when no answer came */
	char *error;            /* why there is no usable answer, or NULL */
	int retryable;
	char *content_type;     /* or NULL */
	wa_buf body;
} wa_fetch_result;

/* 0 (look at out->status and out->error), or -1 with err when libcurl
 * itself fails. */
int wa_fetch_one(const wa_fetch_opts *o, const wa_fetch_request *req, wa_fetch_result *out,
	wa_err *err);
void wa_fetch_result_free(wa_fetch_result *r);

#endif
