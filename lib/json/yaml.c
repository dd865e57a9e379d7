/* yamljson.c - YAML to jansson with positions in errors: see yaml.h. */
#include "json/schema.h"
#include "json/yaml.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/buf.h"
#include "base/fs.h"

#define MAX_DEPTH 256
#define NODE_BUDGET 1000000     /* values made, aliases included */
#define BYTE_BUDGET (64L << 20) /* and the text of their strings and keys */

typedef struct anchor {
	char *name;
	json_t *value;
	long size, bytes;       /* values inside, and their text, for the budgets */
} anchor;

typedef struct loader {
	yaml_parser_t parser;
	const char *name;
	wa_err *err;
	anchor *anchors;
	int nanchors;
	long made, bytes;
	json_t *marks;          /* path -> [line, column], or NULL */
	wa_buf path;            /* the value's path, as schema.h writes it */
} loader;

/* remember where the value at the current path starts */
static void mark(loader *l, yaml_mark_t m)
{
	if (l->marks)
		json_object_set_new(l->marks, l->path.len ? l->path.data : "(root)",
			json_pack("[i, i]", (int)m.line + 1, (int)m.column + 1));
}

static int fail_at(loader *l, yaml_mark_t m, const char *fmt, const char *arg)
{
	char msg[512];

	snprintf(msg, sizeof msg, fmt, arg);
	return wa_err_set(l->err, WA_EX_DATAERR, "%s:%zu:%zu: %s", l->name,
		m.line + 1, m.column + 1, msg);
}

static int parse_error(loader *l)
{
	yaml_parser_t *p = &l->parser;
	yaml_mark_t m = p->problem_mark;

	if (p->error == YAML_MEMORY_ERROR)
		return wa_err_set(l->err, WA_EX_SOFTWARE, "%s: out of memory", l->name);
	/* where it went wrong, and where what it was reading began */
	if (p->context)
		return wa_err_set(l->err, WA_EX_DATAERR, "%s:%zu:%zu: %s %s that starts at line %zu, "
			"column %zu", l->name, m.line + 1, m.column + 1,
			p->problem ? p->problem : "syntax error", p->context,
			p->context_mark.line + 1, p->context_mark.column + 1);
	return wa_err_set(l->err, WA_EX_DATAERR, "%s:%zu:%zu: %s", l->name,
		m.line + 1, m.column + 1, p->problem ? p->problem : "syntax error");
}

/* the values in v, v included, and the bytes of their strings and keys */
static long count_values(json_t *v, long *bytes)
{
	long n = 1;
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_object(v))
		json_object_foreach(v, k, x) {
			*bytes += (long)strlen(k);
			n += count_values(x, bytes);
		}
	else if (json_is_array(v))
		json_array_foreach(v, i, x)
			n += count_values(x, bytes);
	else if (json_is_string(v))
		*bytes += (long)json_string_length(v);
	return n;
}

static int is_int(const char *s, json_int_t *out)
{
	char *end;
	int base = 10;
	const char *p = s;

	if (*p == '-' || *p == '+')
		p++;
	if (p[0] == '0' && p[1] == 'x') {
		base = 16;
		if (p != s)
			return 0;
	} else if (p[0] == '0' && p[1] == 'o') {
		base = 8;
		if (p != s)
			return 0;
		s += 2;
	}
	if (!*p)
		return 0;
	for (const char *q = base == 10 ? p : p + 2; *q; q++)
		if (!((*q >= '0' && *q <= '9') ||
		    (base == 16 && ((*q >= 'a' && *q <= 'f') || (*q >= 'A' && *q <= 'F')))))
			return 0;
	if (base != 10 && !p[2])
		return 0;
	errno = 0;
	*out = strtoll(s, &end, base);
	return errno == 0 && *end == '\0';
}

static int is_float(const char *s, double *out)
{
	const char *p = s;
	int digits = 0;
	char *end;

	if (*p == '-' || *p == '+')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return 0;
	*out = strtod(s, &end);
	return isfinite(*out);
}

/* A scalar event as a JSON value (new reference), or NULL on error. */
static json_t *scalar(loader *l, yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	json_int_t i;
	double d;

	if (tag && strcmp(tag, "tag:yaml.org,2002:str") == 0)
		return json_stringn(s, ev->data.scalar.length);
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || (tag && strcmp(tag, "!") == 0))
		return json_stringn(s, ev->data.scalar.length);
	if (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"))
		return json_null();
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return json_true();
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return json_false();
	if (is_int(s, &i))
		return json_integer(i);
	if (is_float(s, &d))
		return json_real(d);
	if (!strcasecmp(s, ".inf") || !strcasecmp(s, "-.inf") || !strcasecmp(s, "+.inf") ||
	    !strcasecmp(s, ".nan")) {
		fail_at(l, ev->start_mark, "%s cannot be represented in JSON", s);
		return NULL;
	}
	return json_stringn(s, ev->data.scalar.length);
}

static int next(loader *l, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&l->parser, ev))
		return parse_error(l);
	return 0;
}

static json_t *node(loader *l, yaml_event_t *ev, int depth);

static void remember(loader *l, const yaml_char_t *name, json_t *v)
{
	if (!name)
		return;
	l->anchors = wa_mem_realloc(l->anchors, (size_t)(l->nanchors + 1) * sizeof *l->anchors);
	l->anchors[l->nanchors].name = wa_mem_strdup((const char *)name);
	l->anchors[l->nanchors].value = json_incref(v);
	l->anchors[l->nanchors].bytes = 0;
	l->anchors[l->nanchors].size = count_values(v, &l->anchors[l->nanchors].bytes);
	l->nanchors++;
}

/* a scalar key as JSON needs it: its text (200, true and null too) */
static json_t *key_text_new(json_t *key)
{
	char tmp[64];

	if (json_is_string(key))
		return json_incref(key);
	if (json_is_null(key) || json_is_true(key) || json_is_false(key))
		return json_string(json_is_null(key) ? "null" : json_is_true(key) ? "true" : "false");
	if (json_is_integer(key))
		snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(key));
	else
		snprintf(tmp, sizeof tmp, "%.17g", json_real_value(key));
	return json_string(tmp);
}

/* A mapping's key (its event ev, deleted here): a scalar not in out
 * yet, as a JSON string; then *ev the value's event.  NULL with the
 * failure said. */
static json_t *map_key(loader *l, yaml_event_t *ev, json_t *out, int depth)
{
	yaml_mark_t key_mark = ev->start_mark;
	json_t *key, *text;

	if (ev->type != YAML_SCALAR_EVENT && ev->type != YAML_ALIAS_EVENT) {
		fail_at(l, key_mark, "a mapping key must be a scalar%s", "");
		yaml_event_delete(ev);
		return NULL;
	}
	key = node(l, ev, depth + 1);
	yaml_event_delete(ev);
	if (!key)
		return NULL;
	if (json_is_object(key) || json_is_array(key)) {
		json_decref(key);
		fail_at(l, key_mark, "a mapping key must be a scalar%s", "");
		return NULL;
	}
	text = key_text_new(key);
	json_decref(key);
	if (json_object_get(out, json_string_value(text))) {
		fail_at(l, key_mark, "duplicate key \"%s\"", json_string_value(text));
		json_decref(text);
		return NULL;
	}
	if (next(l, ev)) {
		json_decref(text);
		return NULL;
	}
	return text;
}

/* the value of ev, with its path ("a.b[2]") and position recorded when
 * marks are kept; ev deleted */
static json_t *member(loader *l, yaml_event_t *ev, json_t *key, json_t *out, int depth)
{
	size_t saved = l->path.len;
	json_t *v;

	if (l->marks) {
		if (key)
			wa_buf_addf(&l->path, "%s%s", saved ? "." : "", json_string_value(key));
		else
			wa_buf_addf(&l->path, "[%zu]", json_array_size(out));
		mark(l, ev->start_mark);
	}
	v = node(l, ev, depth + 1);
	yaml_event_delete(ev);
	if (l->marks) {
		l->path.len = saved;
		l->path.data[saved] = '\0';
	}
	return v;
}

static json_t *collection(loader *l, yaml_event_t *start, int depth)
{
	int is_map = start->type == YAML_MAPPING_START_EVENT;
	yaml_event_type_t end = is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
	json_t *out = is_map ? json_object() : json_array();
	yaml_event_t ev;

	if (depth > MAX_DEPTH) {
		fail_at(l, start->start_mark, "nested deeper than %s levels", "256");
		goto fail;
	}
	for (;;) {
		json_t *key = NULL, *v;
		if (next(l, &ev))
			goto fail;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			break;
		}
		if (is_map && !(key = map_key(l, &ev, out, depth)))
			goto fail;
		if (!(v = member(l, &ev, key, out, depth))) {
			json_decref(key);
			goto fail;
		}
		if (is_map) {
			json_object_set_new(out, json_string_value(key), v);
			json_decref(key);
		} else {
			json_array_append_new(out, v);
		}
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

static json_t *node(loader *l, yaml_event_t *ev, int depth)
{
	json_t *v = NULL;

	if (++l->made > NODE_BUDGET) {
		fail_at(l, ev->start_mark, "more than %s values", "1000000");
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		v = scalar(l, ev);
		if (v)
			remember(l, ev->data.scalar.anchor, v);
		return v;
	case YAML_ALIAS_EVENT:
		for (int i = l->nanchors - 1; i >= 0; i--) {
			if (strcmp(l->anchors[i].name, (const char *)ev->data.alias.anchor) == 0) {
				json_t *copy;
				l->made += l->anchors[i].size;
				l->bytes += l->anchors[i].bytes;
				if (l->made > NODE_BUDGET) {
					fail_at(l, ev->start_mark, "aliases expand to more than %s values",
						"1000000");
					return NULL;
				}
				if (l->bytes > BYTE_BUDGET) {
					fail_at(l, ev->start_mark, "aliases expand to more than %s of text",
						"64 MiB");
					return NULL;
				}
				if (!(copy = json_deep_copy(l->anchors[i].value)))
					fail_at(l, ev->start_mark, "out of memory expanding *%s",
						(const char *)ev->data.alias.anchor);
				return copy;
			}
		}
		fail_at(l, ev->start_mark, "unknown alias *%s", (const char *)ev->data.alias.anchor);
		return NULL;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		const yaml_char_t *a = ev->type == YAML_MAPPING_START_EVENT ?
			ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
		/* ev, and so its anchor, lives until the caller deletes it */
		v = collection(l, ev, depth);
		if (v)
			remember(l, a, v);
		return v;
	}
	default:
		fail_at(l, ev->start_mark, "unexpected YAML event%s", "");
		return NULL;
	}
}

json_t *wa_yaml_parse_new(const char *data, size_t len, const char *name, wa_err *err)
{
	return wa_yaml_parse_marks_new(data, len, name, NULL, err);
}

json_t *wa_yaml_parse_marks_new(const char *data, size_t len, const char *name, json_t **marks,
	wa_err *err)
{
	loader l = { .name = name, .err = err, .marks = marks ? json_object() : NULL };

	wa_buf_init(&l.path);
	yaml_event_t ev;
	json_t *doc = NULL;
	int docs = 0;

	yaml_parser_initialize(&l.parser);
	yaml_parser_set_input_string(&l.parser, (const unsigned char *)data, len);
	for (;;) {
		if (next(&l, &ev))
			goto fail;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			fail_at(&l, ev.start_mark, "more than one YAML document%s", "");
			yaml_event_delete(&ev);
			goto fail;
		}
		if (ev.type == YAML_SCALAR_EVENT || ev.type == YAML_SEQUENCE_START_EVENT ||
		    ev.type == YAML_MAPPING_START_EVENT || ev.type == YAML_ALIAS_EVENT) {
			mark(&l, ev.start_mark);
			doc = node(&l, &ev, 0);
			yaml_event_delete(&ev);
			if (!doc)
				goto fail;
			continue;
		}
		yaml_event_delete(&ev);
	}
	if (!doc)
		doc = json_null();
	goto out;
fail:
	json_decref(doc);
	doc = NULL;
	/* a value that could not be made without a word said: memory */
	if (l.err && !l.err->code)
		wa_err_set(l.err, WA_EX_SOFTWARE, "%s: out of memory", l.name);
out:
	for (int i = 0; i < l.nanchors; i++) {
		free(l.anchors[i].name);
		json_decref(l.anchors[i].value);
	}
	free(l.anchors);
	yaml_parser_delete(&l.parser);
	wa_buf_free(&l.path);
	if (marks && doc)
		*marks = l.marks;
	else
		json_decref(l.marks);
	return doc;
}

json_t *wa_yaml_load_new(const char *path, wa_err *err)
{
	return wa_yaml_load_marks_new(path, NULL, err);
}

json_t *wa_yaml_load_marks_new(const char *path, json_t **marks, wa_err *err)
{
	wa_buf b;
	json_t *v;

	wa_buf_init(&b);
	if (wa_fs_read(path, &b, 64 << 20, err)) {
		wa_buf_free(&b);
		return NULL;
	}
	v = wa_yaml_parse_marks_new(b.data ? b.data : "", b.len, strcmp(path, "-") ? path :
		"stdin", marks, err);
	wa_buf_free(&b);
	return v;
}

json_t *wa_yaml_config_parse_new(const char *data, size_t len, const char *name,
	const char *schema_name, const char *what, wa_err *err)
{
	json_t *v = wa_yaml_parse_new(data, len, name, err);
	wa_schema *schema;

	if (!v) {
		err->code = WA_EX_CONFIG;
		return NULL;
	}
	if (!(schema = wa_schema_builtin(schema_name, err))) {
		json_decref(v);
		return NULL;
	}
	if (wa_schema_check(schema, v, err)) {
		err->code = WA_EX_CONFIG;
		wa_err_prefix(err, "%s %s", what, name);
		json_decref(v);
		v = NULL;
	}
	wa_schema_free(schema);
	return v;
}

json_t *wa_yaml_config_load_new(const char *path, const char *schema_name, const char *what,
	wa_err *err)
{
	wa_buf b;
	json_t *v = NULL;

	wa_buf_init(&b);
	if (wa_fs_read(path, &b, 64 << 20, err) == 0)
		v = wa_yaml_config_parse_new(b.data ? b.data : "", b.len, strcmp(path, "-") ?
			path : "stdin", schema_name, what, err);
	wa_buf_free(&b);
	return v;
}

/* ---- writing ---- */

static int to_buf(void *data, unsigned char *p, size_t n)
{
	wa_buf_add(data, (const char *)p, n);
	return 1;
}

/* whether a plain scalar s would read back as something else than a
 * string (core schema: null, booleans, numbers) */
static int needs_quotes(const char *s)
{
	static const char *const words[] = { "", "~", "null", "Null", "NULL", "true", "True",
		"TRUE", "false", "False", "FALSE", ".inf", ".Inf", ".INF", "-.inf", "+.inf", ".nan",
		".NaN", ".NAN", NULL };
	char *end;

	for (int i = 0; words[i]; i++)
		if (!strcmp(s, words[i]))
			return 1;
	strtod(s, &end);
	if (end != s && *end == '\0')
		return 1;
	strtoll(s, &end, 0);
	return end != s && *end == '\0';
}

static int emit(yaml_emitter_t *em, json_t *v)
{
	yaml_event_t ev;
	char num[64];
	const char *key;
	json_t *x;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_ANY_MAPPING_STYLE);
		if (!yaml_emitter_emit(em, &ev))
			return -1;
		json_object_foreach(v, key, x) {
			yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)key, -1, 1, 1,
				needs_quotes(key) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
			if (!yaml_emitter_emit(em, &ev) || emit(em, x))
				return -1;
		}
		yaml_mapping_end_event_initialize(&ev);
		break;
	case JSON_ARRAY:
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_ANY_SEQUENCE_STYLE);
		if (!yaml_emitter_emit(em, &ev))
			return -1;
		json_array_foreach(v, i, x)
			if (emit(em, x))
				return -1;
		yaml_sequence_end_event_initialize(&ev);
		break;
	case JSON_STRING: {
		const char *s = json_string_value(v);
		yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
			(int)json_string_length(v), 1, 1, needs_quotes(s) ?
			YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
		break;
	}
	default:
		if (json_is_integer(v))
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		else if (json_is_real(v)) {
			snprintf(num, sizeof num, "%.17g", json_real_value(v));
			if (!strpbrk(num, ".eEn"))      /* 2.0, not the integer 2 */
				strcat(num, ".0");
		} else
			snprintf(num, sizeof num, "%s", json_is_true(v) ? "true" :
				json_is_false(v) ? "false" : "null");
		yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)num, -1, 1, 1,
			YAML_PLAIN_SCALAR_STYLE);
	}
	return yaml_emitter_emit(em, &ev) ? 0 : -1;
}

int wa_yaml_dump(json_t *v, wa_buf *out, wa_err *err)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	int ok;

	if (!yaml_emitter_initialize(&em))
		return wa_err_set(err, WA_EX_SOFTWARE, "libyaml: cannot start an emitter");
	yaml_emitter_set_output(&em, to_buf, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, 100);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	ok = yaml_emitter_emit(&em, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	ok = ok && yaml_emitter_emit(&em, &ev) && emit(&em, v) == 0;
	yaml_document_end_event_initialize(&ev, 1);
	ok = ok && yaml_emitter_emit(&em, &ev);
	yaml_stream_end_event_initialize(&ev);
	ok = ok && yaml_emitter_emit(&em, &ev) && yaml_emitter_flush(&em);
	if (!ok)
		wa_err_set(err, WA_EX_SOFTWARE, "libyaml: %s", em.problem ? em.problem :
			"cannot write YAML");
	yaml_emitter_delete(&em);
	return ok ? 0 : -1;
}
