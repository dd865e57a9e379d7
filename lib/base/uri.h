/* uri.h - URI references (RFC 3986): resolution against a base, and
 * the syntax check behind the JSON Schema "uri" format. */
#ifndef WA_URI_H
#define WA_URI_H

/* ref resolved against base (RFC 3986 section 5.2); a new string. */
char *wa_uri_resolve_new(const char *base, const char *ref);
/* 1 when s is an absolute URI: a scheme, then only characters RFC 3986
 * allows, with well-formed percent escapes. */
int wa_uri_valid(const char *s);

#endif
