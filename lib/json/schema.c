/* schema.c - JSON Schema draft-07 validation: see schema.h.
 *
 * Keyword semantics follow draft-handrews-json-schema-validation-01 and
 * draft-handrews-json-schema-01 (the draft-07 documents).
 */
#include "json/schema_int.h"

#include <math.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "json/json.h"
#include "base/uri.h"

#define MAX_DEPTH 256

typedef struct ctx {
	wa_schema *s;
	wa_schema_result *res;
	wa_err *err;
	wa_buf path;
	int quiet;              /* > 0 inside anyOf/oneOf/not/if/contains */
	int broken;             /* the schema is at fault */
} ctx;

/* ---- equality and helpers ---- */

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

static int is_integral(const json_t *v)
{
	if (json_is_integer(v))
		return 1;
	if (json_is_real(v)) {
		double d = json_real_value(v);
		return isfinite(d) && d == floor(d);
	}
	return 0;
}

static int type_matches(const char *t, const json_t *v)
{
	if (!strcmp(t, "integer")) return is_integral(v);
	if (!strcmp(t, "number")) return json_is_number(v);
	if (!strcmp(t, "string")) return json_is_string(v);
	if (!strcmp(t, "object")) return json_is_object(v);
	if (!strcmp(t, "array")) return json_is_array(v);
	if (!strcmp(t, "boolean")) return json_is_boolean(v);
	if (!strcmp(t, "null")) return json_is_null(v);
	return 0;
}

static size_t utf8_length(const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count;
}

/* A short rendering of v for messages. */
static void preview(const json_t *v, char *out, size_t size)
{
	char *s = wa_json_compact_new(v);

	if (strlen(s) >= size && size > 4)
		snprintf(out, size, "%.*s...", (int)(size - 4), s);
	else
		snprintf(out, size, "%s", s);
	free(s);
}

static int fail(ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(ctx *c, const char *fmt, ...)
{
	wa_schema_finding *f;
	va_list ap;

	if (c->quiet || !c->res)
		return 0;
	c->res->total++;
	if (c->res->count == WA_SCHEMA_FINDINGS_MAX)
		return 0;
	f = &c->res->findings[c->res->count++];
	snprintf(f->path, sizeof f->path, "%s", c->path.len ? c->path.data : "(root)");
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof f->message, fmt, ap);
	va_end(ap);
	return 0;
}

static int broken(ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int broken(ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->broken) {
		va_start(ap, fmt);
		wa_err_vset(c->err, WA_EX_CONFIG, fmt, ap);
		va_end(ap);
	}
	c->broken = 1;
	return -1;
}

static size_t push_key(ctx *c, const char *key)
{
	size_t old = c->path.len;
	int plain = *key != '\0';

	for (const char *p = key; *p && plain; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '$';
	if (plain) {
		if (c->path.len)
			wa_buf_addc(&c->path, '.');
		wa_buf_adds(&c->path, key);
	} else {
		json_t *k = json_string(key);
		wa_buf_addc(&c->path, '[');
		wa_json_write(&c->path, k, WA_JSON_COMPACT);
		c->path.len--;          /* drop the newline */
		wa_buf_addc(&c->path, ']');
		json_decref(k);
	}
	return old;
}

static size_t push_index(ctx *c, size_t i)
{
	size_t old = c->path.len;

	wa_buf_addf(&c->path, "[%zu]", i);
	return old;
}

static void pop(ctx *c, size_t old)
{
	c->path.len = old;
	c->path.data[old] = '\0';
}

/* ---- formats ---- */

static int format_ok(const char *fmt, const char *s)
{
	int64_t ms;

	if (!strcmp(fmt, "date"))
		return strlen(s) == 10 && wa_clock_parse(s, &ms) == 0;
	if (!strcmp(fmt, "date-time"))
		return strlen(s) > 10 && (s[10] == 'T' || s[10] == 't') &&
			wa_clock_parse(s, &ms) == 0;
	if (!strcmp(fmt, "email")) {
		const char *at = strchr(s, '@');
		return at && at != s && at[1] && !strchr(at + 1, '@') &&
			!strpbrk(s, " \t\r\n<>()[]\\,;:\"");
	}
	if (!strcmp(fmt, "uri"))
		return wa_uri_valid(s);
	return 1;
}

/* ---- validation ---- */

static int validate(ctx *c, json_t *schema, json_t *inst, int depth);

/* Validate without recording findings: 1 valid, 0 invalid, -1 broken. */
static int quietly(ctx *c, json_t *schema, json_t *inst, int depth)
{
	int rc;

	c->quiet++;
	rc = validate(c, schema, inst, depth);
	c->quiet--;
	return rc;
}

#define CHECK(expr) do { int r_ = (expr); if (r_ < 0) return -1; \
	if (!r_) { ok = 0; if (c->quiet) return 0; } } while (0)

static int check_numbers(ctx *c, json_t *const *kw, json_t *inst)
{
	double x = json_number_value(inst);
	json_t *k;
	int ok = 1;

	if ((k = kw[K_MULTIPLE_OF]) && json_is_number(k)) {
		int good;
		if (json_is_integer(k) && json_is_integer(inst) && json_integer_value(k))
			good = json_integer_value(inst) % json_integer_value(k) == 0;
		else {
			double q = x / json_number_value(k);
			good = isfinite(q) && fabs(q - nearbyint(q)) <= 1e-9 * fmax(1.0, fabs(q));
		}
		if (!good)
			CHECK(fail(c, "must be a multiple of %g", json_number_value(k)));
	}
	if ((k = kw[K_MAXIMUM]) && json_is_number(k) &&
	    x > json_number_value(k))
		CHECK(fail(c, "must be at most %g", json_number_value(k)));
	if ((k = kw[K_EXCLUSIVE_MAXIMUM]) && json_is_number(k) &&
	    x >= json_number_value(k))
		CHECK(fail(c, "must be less than %g", json_number_value(k)));
	if ((k = kw[K_MINIMUM]) && json_is_number(k) &&
	    x < json_number_value(k))
		CHECK(fail(c, "must be at least %g", json_number_value(k)));
	if ((k = kw[K_EXCLUSIVE_MINIMUM]) && json_is_number(k) &&
	    x <= json_number_value(k))
		CHECK(fail(c, "must be greater than %g", json_number_value(k)));
	return ok;
}

static pcre2_code *regex(ctx *c, const void *key, const char *pattern)
{
	node_info *ni = wa_schema_info(c->s, key, 1);
	int errcode;
	PCRE2_SIZE erroff;

	if (ni->re)
		return ni->re;
	ni->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
		&errcode, &erroff, NULL);
	if (ni->re)
		pcre2_jit_compile(ni->re, PCRE2_JIT_COMPLETE);  /* optional: falls back */
	if (!ni->re) {
		PCRE2_UCHAR msg[128];
		pcre2_get_error_message(errcode, msg, sizeof msg);
		broken(c, "schema: pattern \"%s\" at offset %zu: %s", pattern,
			(size_t)erroff, (char *)msg);
	}
	return ni->re;
}

static int regex_match(ctx *c, pcre2_code *re, const char *s, size_t len)
{
	return pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, c->s->md, NULL) >= 0;
}

static int check_string(ctx *c, json_t *const *kw, json_t *inst)
{
	const char *s = json_string_value(inst);
	size_t n = utf8_length(s, json_string_length(inst));
	json_t *k;
	int ok = 1;
	char pv[64];

	if ((k = kw[K_MAX_LENGTH]) && json_is_number(k) &&
	    (double)n > json_number_value(k))
		CHECK(fail(c, "must be at most %g characters long", json_number_value(k)));
	if ((k = kw[K_MIN_LENGTH]) && json_is_number(k) &&
	    (double)n < json_number_value(k))
		CHECK(fail(c, "must be at least %g characters long", json_number_value(k)));
	if ((k = kw[K_PATTERN]) && json_is_string(k)) {
		pcre2_code *re = regex(c, k, json_string_value(k));
		if (!re)
			return -1;
		if (!regex_match(c, re, s, json_string_length(inst))) {
			preview(inst, pv, sizeof pv);
			CHECK(fail(c, "%s does not match %s", pv, json_string_value(k)));
		}
	}
	if ((k = kw[K_FORMAT]) && json_is_string(k) &&
	    !format_ok(json_string_value(k), s)) {
		preview(inst, pv, sizeof pv);
		CHECK(fail(c, "%s is not a valid %s", pv, json_string_value(k)));
	}
	return ok;
}

static int check_array(ctx *c, json_t *const *kw, json_t *inst, int depth)
{
	size_t n = json_array_size(inst), i, from = 0, old;
	json_t *k, *items = kw[K_ITEMS];
	int ok = 1;

	if (json_is_array(items)) {
		json_t *more = kw[K_ADDITIONAL_ITEMS];
		for (i = 0; i < n && i < json_array_size(items); i++) {
			old = push_index(c, i);
			int r = validate(c, json_array_get(items, i), json_array_get(inst, i), depth);
			pop(c, old);
			CHECK(r);
		}
		from = json_array_size(items);
		items = more;
	}
	if (items) {
		for (i = from; i < n; i++) {
			old = push_index(c, i);
			int r = validate(c, items, json_array_get(inst, i), depth);
			pop(c, old);
			CHECK(r);
		}
	}
	if ((k = kw[K_MAX_ITEMS]) && json_is_number(k) &&
	    (double)n > json_number_value(k))
		CHECK(fail(c, "must have at most %g items", json_number_value(k)));
	if ((k = kw[K_MIN_ITEMS]) && json_is_number(k) &&
	    (double)n < json_number_value(k))
		CHECK(fail(c, "must have at least %g items", json_number_value(k)));
	if (json_is_true(kw[K_UNIQUE_ITEMS])) {
		for (i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				if (wa_json_equal(json_array_get(inst, i), json_array_get(inst, j))) {
					CHECK(fail(c, "items %zu and %zu are equal", i, j));
					i = j = n;
				}
	}
	if ((k = kw[K_CONTAINS])) {
		int found = 0;
		for (i = 0; i < n && !found; i++) {
			int r = quietly(c, k, json_array_get(inst, i), depth);
			if (r < 0)
				return -1;
			found = r;
		}
		if (!found)
			CHECK(fail(c, "has no item that matches \"contains\""));
	}
	return ok;
}

/* names, each required of inst ("is required", with why when given) */
static int check_required(ctx *c, json_t *names, json_t *inst, const char *because)
{
	json_t *v;
	size_t i;
	int ok = 1;

	json_array_foreach(names, i, v) {
		if (!json_is_string(v) || json_object_get(inst, json_string_value(v)))
			continue;
		size_t old = push_key(c, json_string_value(v));
		int r = because ? fail(c, "is required when \"%s\" is present", because) :
			fail(c, "is required");
		pop(c, old);
		CHECK(r);
	}
	return ok;
}

/* a property (key, value v) against properties, patternProperties and
 * additionalProperties (for those neither names), with key on the path */
static int check_property(ctx *c, json_t *const *kw, const char *key, json_t *v, int depth)
{
	json_t *props = kw[K_PROPERTIES], *pats = kw[K_PATTERN_PROPERTIES];
	json_t *extra = kw[K_ADDITIONAL_PROPERTIES], *sub;
	const char *pk;
	int matched = 0, ok = 1;

	if (json_is_object(props) && (sub = json_object_get(props, key))) {
		matched = 1;
		CHECK(validate(c, sub, v, depth));
	}
	if (json_is_object(pats))
		json_object_foreach(pats, pk, sub) {
			pcre2_code *re = regex(c, pk, pk);
			if (!re)
				return -1;
			if (regex_match(c, re, key, strlen(key))) {
				matched = 1;
				CHECK(validate(c, sub, v, depth));
			}
		}
	if (!matched && extra)
		CHECK(json_is_false(extra) ? fail(c, "is not allowed") :
			validate(c, extra, v, depth));
	return ok;
}

static int check_object(ctx *c, json_t *const *kw, json_t *inst, int depth)
{
	json_t *k, *v, *sub;
	const char *key;
	size_t old, n = json_object_size(inst);
	int ok = 1;

	if ((k = kw[K_REQUIRED]) && json_is_array(k))
		CHECK(check_required(c, k, inst, NULL));
	json_object_foreach(inst, key, v) {
		old = push_key(c, key);
		int r = check_property(c, kw, key, v, depth);
		pop(c, old);
		CHECK(r);
	}
	if ((k = kw[K_DEPENDENCIES]) && json_is_object(k))
		json_object_foreach(k, key, sub) {
			if (!json_object_get(inst, key))
				continue;
			CHECK(json_is_array(sub) ? check_required(c, sub, inst, key) :
				validate(c, sub, inst, depth));
		}
	if ((k = kw[K_PROPERTY_NAMES]))
		json_object_foreach(inst, key, v) {
			json_t *name = json_string(key);
			old = push_key(c, key);
			int r = validate(c, k, name, depth);
			pop(c, old);
			json_decref(name);
			CHECK(r);
		}
	if ((k = kw[K_MAX_PROPERTIES]) && json_is_number(k) && (double)n > json_number_value(k))
		CHECK(fail(c, "must have at most %g properties", json_number_value(k)));
	if ((k = kw[K_MIN_PROPERTIES]) && json_is_number(k) && (double)n < json_number_value(k))
		CHECK(fail(c, "must have at least %g properties", json_number_value(k)));
	return ok;
}

static int check_combinators(ctx *c, json_t *const *kw, json_t *inst, int depth)
{
	json_t *k, *sub;
	size_t i;
	int ok = 1;

	if ((k = kw[K_ALL_OF]) && json_is_array(k))
		json_array_foreach(k, i, sub)
			CHECK(validate(c, sub, inst, depth));
	if ((k = kw[K_ANY_OF]) && json_is_array(k)) {
		int any = 0;
		json_array_foreach(k, i, sub) {
			int r = quietly(c, sub, inst, depth);
			if (r < 0)
				return -1;
			if (r) {
				any = 1;
				break;
			}
		}
		if (!any)
			CHECK(fail(c, "matches none of the schemas in \"anyOf\""));
	}
	if ((k = kw[K_ONE_OF]) && json_is_array(k)) {
		int count = 0;
		json_array_foreach(k, i, sub) {
			int r = quietly(c, sub, inst, depth);
			if (r < 0)
				return -1;
			count += r;
		}
		if (count != 1)
			CHECK(fail(c, "matches %d of the schemas in \"oneOf\", not exactly one", count));
	}
	if ((k = kw[K_NOT])) {
		int r = quietly(c, k, inst, depth);
		if (r < 0)
			return -1;
		if (r)
			CHECK(fail(c, "must not match the schema in \"not\""));
	}
	if ((k = kw[K_IF])) {
		int r = quietly(c, k, inst, depth);
		if (r < 0)
			return -1;
		sub = r ? kw[K_THEN] : kw[K_ELSE];
		if (sub)
			CHECK(validate(c, sub, inst, depth));
	}
	return ok;
}

static int validate(ctx *c, json_t *schema, json_t *inst, int depth)
{
	json_t *k, *t;
	const char *ref;
	size_t i;
	int ok = 1;
	char pv[64];

	if (++depth > MAX_DEPTH)
		return broken(c, "schema: $ref recursion deeper than %d", MAX_DEPTH);
	if (json_is_true(schema))
		return 1;
	if (json_is_false(schema))
		return fail(c, "is not allowed");
	if (!json_is_object(schema))
		return broken(c, "schema: a schema must be an object or a boolean");
	node_info *ni = wa_schema_info(c->s, schema, 1);
	if (!ni->scanned)
		wa_schema_scan(ni, schema);
	/* a copy: the map may grow (and move) while we validate */
	json_t *kw[K_COUNT];
	memcpy(kw, ni->kw, sizeof kw);
	if ((ref = json_string_value(kw[K_REF]))) {
		json_t *target = wa_schema_ref_target(c->s, schema, ref);
		if (!target)
			return broken(c, "schema: cannot resolve $ref \"%s\"", ref);
		return validate(c, target, inst, depth);
	}
	unsigned groups = ni->groups;
	if ((groups & G_TYPE) && (k = kw[K_TYPE])) {
		int match = 0;
		if (json_is_string(k))
			match = type_matches(json_string_value(k), inst);
		else if (json_is_array(k))
			json_array_foreach(k, i, t)
				match |= json_is_string(t) && type_matches(json_string_value(t), inst);
		if (!match) {
			char *want = json_is_string(k) ? wa_mem_strdup(json_string_value(k))
				: wa_json_compact_new(k);
			int r = fail(c, "must be %s%s, not %s", json_is_string(k) ? "of type " : "one of ",
				want, type_name(inst));
			free(want);
			CHECK(r);
		}
	}
	if ((groups & G_ENUM) && (k = kw[K_ENUM]) && json_is_array(k)) {
		int found = 0;
		json_array_foreach(k, i, t)
			if (wa_json_equal(t, inst)) {
				found = 1;
				break;
			}
		if (!found) {
			char list[160];
			preview(k, list, sizeof list);
			preview(inst, pv, sizeof pv);
			CHECK(fail(c, "%s is not one of %s", pv, list));
		}
	}
	if ((groups & G_CONST) && (k = kw[K_CONST]) &&
	    !wa_json_equal(k, inst)) {
		char want[96];
		preview(k, want, sizeof want);
		CHECK(fail(c, "must be %s", want));
	}
	if (json_is_number(inst) && (groups & G_NUMBER))
		CHECK(check_numbers(c, kw, inst));
	else if (json_is_string(inst) && (groups & G_STRING))
		CHECK(check_string(c, kw, inst));
	else if (json_is_array(inst) && (groups & G_ARRAY))
		CHECK(check_array(c, kw, inst, depth));
	else if (json_is_object(inst) && (groups & G_OBJECT))
		CHECK(check_object(c, kw, inst, depth));
	if (groups & G_COMBINE)
		CHECK(check_combinators(c, kw, inst, depth));
	return ok;
}

int wa_schema_validate(wa_schema *s, json_t *instance, wa_schema_result *res, wa_err *err)
{
	ctx c = { .s = s, .res = res, .err = err };
	int rc;

	if (res)
		res->count = res->total = 0;
	wa_buf_init(&c.path);
	rc = validate(&c, s->root, instance, 0);
	wa_buf_free(&c.path);
	if (c.broken || rc < 0)
		return -1;
	return rc ? 0 : 1;
}

int wa_schema_check(wa_schema *s, json_t *instance, wa_err *err)
{
	wa_schema_result res;
	int rc = wa_schema_validate(s, instance, &res, err);

	if (rc <= 0)
		return rc;
	if (res.count == 0)
		return wa_err_set(err, WA_EX_DATAERR, "does not match the schema");
	if (res.total > 1)
		return wa_err_set(err, WA_EX_DATAERR, "%s: %s (and %d more)",
			res.findings[0].path, res.findings[0].message, res.total - 1);
	return wa_err_set(err, WA_EX_DATAERR, "%s: %s",
		res.findings[0].path, res.findings[0].message);
}
