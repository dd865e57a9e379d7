/* template.c - see template.h.  A template is a flat list of tokens;
 * a section token knows where its closing token is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/template.h"

enum { T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_COMMENT, T_PARTIAL };

typedef struct token {
	int type;
	char *text;             /* T_TEXT: the text; tags: the name */
	size_t len;             /* of text */
	int line;
	size_t end;             /* sections: the index of their T_CLOSE */
	char *indent;           /* standalone partials: their line's indentation */
} token;

struct wa_template {
	char *name;
	token *t;
	size_t n, cap;
};

#define MAX_DEPTH 16    /* partials within partials */
#define MAX_OUTPUT (4 << 20)    /* bytes a render may write */
#define MAX_STEPS 10000000      /* and tokens it may run (sections repeat them) */

static token *add(wa_template *tp, int type, const char *s, size_t len, int line)
{
	if (tp->n == tp->cap) {
		tp->cap = tp->cap ? 2 * tp->cap : 32;
		tp->t = wa_mem_realloc(tp->t, tp->cap * sizeof *tp->t);
	}
	token *k = &tp->t[tp->n++];
	memset(k, 0, sizeof *k);
	k->type = type;
	k->text = wa_mem_strndup(s, len);
	k->len = strlen(k->text);
	k->line = line;
	return k;
}

/* blanks: spaces, tabs, and the \r of a "\r\n" line end */
static int blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static int standalone_type(int type)
{
	return type == T_SECTION || type == T_INVERTED || type == T_CLOSE ||
		type == T_COMMENT || type == T_PARTIAL;
}

/* A tag alone on its line (only blanks around it) takes its line with
 * it: the text before it loses its blanks back to the line start, the
 * text after it its blanks and the newline.  Decided on the texts as
 * written, then applied, since one text can lose its head to the tag
 * before it and its tail to the tag after it. */
static void standalone(wa_template *tp)
{
	size_t *head = wa_mem_calloc(tp->n + 1, sizeof *head);     /* drop [0, head) */
	size_t *tail = wa_mem_alloc((tp->n + 1) * sizeof *tail);  /* drop [tail, len) */

	for (size_t i = 0; i < tp->n; i++)
		tail[i] = tp->t[i].len;
	for (size_t i = 0; i < tp->n; i++) {
		token *k = &tp->t[i];
		if (!standalone_type(k->type))
			continue;
		token *prev = i > 0 && tp->t[i - 1].type == T_TEXT ? &tp->t[i - 1] : NULL;
		token *next = i + 1 < tp->n && tp->t[i + 1].type == T_TEXT ? &tp->t[i + 1] : NULL;
		/* before: the line starts here (template start, or text ending
		 * with a newline and blanks) */
		size_t cut = 0;
		if (prev) {
			const char *nl = memrchr(prev->text, '\n', prev->len);
			size_t from = nl ? (size_t)(nl - prev->text) + 1 : 0;
			if (!nl && i - 1 != 0)
				continue;       /* another tag earlier on this line */
			if (!blank(prev->text + from, prev->len - from))
				continue;
			cut = from;
		} else if (i != 0) {
			continue;               /* a tag right before this one */
		}
		/* after: blanks then a newline, or the end */
		size_t skip = 0;
		if (next) {
			const char *nl = memchr(next->text, '\n', next->len);
			size_t upto = nl ? (size_t)(nl - next->text) : next->len;
			if (!blank(next->text, upto))
				continue;
			if (!nl && i + 2 < tp->n)
				continue;       /* another tag later on this line */
			skip = nl ? upto + 1 : upto;
		} else if (i + 1 != tp->n) {
			continue;
		}
		if (k->type == T_PARTIAL && prev)
			k->indent = wa_mem_strndup(prev->text + cut, prev->len - cut);
		if (prev)
			tail[i - 1] = cut;
		if (next)
			head[i + 1] = skip;
	}
	for (size_t i = 0; i < tp->n; i++) {
		token *k = &tp->t[i];
		if (k->type != T_TEXT || (head[i] == 0 && tail[i] == k->len))
			continue;
		size_t end = tail[i] > head[i] ? tail[i] : head[i];
		memmove(k->text, k->text + head[i], end - head[i]);
		k->len = end - head[i];
		k->text[k->len] = '\0';
	}
	free(head);
	free(tail);
}

/* The kind of the tag whose text starts at *q (after "{{"), *q past
 * its sigil and *close what ends it; -1 for a kind not supported. */
static int tag_type(const char **q, const char **close)
{
	static const char sigils[] = "{&#^/!>=";
	static const int types[] = { T_RAW, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_COMMENT,
		T_PARTIAL, -1 };
	const char *s = **q ? strchr(sigils, **q) : NULL;

	*close = **q == '{' ? "}}}" : "}}";
	if (!s)
		return T_VAR;
	(*q)++;
	return types[s - sigils];
}

/* the tag's name [a, b) is one: 0, or -1 with err */
static int check_name(const wa_template *tp, int type, const char *a, const char *b, int line,
	wa_err *err)
{
	if (type == T_COMMENT)
		return 0;
	if (a == b)
		return wa_err_set(err, WA_EX_DATAERR, "%s line %d: a tag without a name", tp->name,
			line);
	for (const char *c = a; c < b; c++)
		if (*c == ' ' || *c == '{' || *c == '}')
			return wa_err_set(err, WA_EX_DATAERR, "%s line %d: \"%.*s\" is not a name",
				tp->name, line, (int)(b - a), a);
	return 0;
}

/* Sections: the tag just added opens one (onto stack) or closes the
 * innermost, which must be of its name.  0, or -1 with err. */
static int nest(wa_template *tp, size_t *stack, int *sp, int max, wa_err *err)
{
	token *k = &tp->t[tp->n - 1];

	if (k->type == T_SECTION || k->type == T_INVERTED) {
		if (*sp == max)
			return wa_err_set(err, WA_EX_DATAERR, "%s line %d: sections nested too deeply",
				tp->name, k->line);
		stack[(*sp)++] = tp->n - 1;
	} else if (k->type == T_CLOSE) {
		if (!*sp)
			return wa_err_set(err, WA_EX_DATAERR, "%s line %d: {{/%s}} closes no section",
				tp->name, k->line, k->text);
		token *open = &tp->t[stack[*sp - 1]];
		if (strcmp(open->text, k->text))
			return wa_err_set(err, WA_EX_DATAERR, "%s line %d: {{/%s}} closes {{#%s}} of "
				"line %d", tp->name, k->line, k->text, open->text, open->line);
		tp->t[stack[--*sp]].end = tp->n - 1;
	}
	return 0;
}

/* The tag at open ("{{"), on line *line: added, *line and *next moved
 * past it.  0, or -1 with err. */
static int parse_tag(wa_template *tp, const char *open, int *line, const char **next,
	size_t *stack, int *sp, int max, wa_err *err)
{
	int tagline = *line;
	const char *q = open + 2, *close;
	int type = tag_type(&q, &close);

	if (type < 0)
		return wa_err_set(err, WA_EX_DATAERR, "%s line %d: set-delimiter tags are not "
			"supported", tp->name, tagline);
	const char *end = strstr(q, close);
	if (!end)
		return wa_err_set(err, WA_EX_DATAERR, "%s line %d: \"{{\" is never closed",
			tp->name, tagline);
	for (const char *c = open; c < end; c++)
		*line += *c == '\n';
	/* the name, without the blanks around it */
	const char *a = q, *b = end;
	while (a < b && (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r'))
		a++;
	while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\n' || b[-1] == '\r'))
		b--;
	if (check_name(tp, type, a, b, tagline, err))
		return -1;
	add(tp, type, a, (size_t)(b - a), tagline);
	*next = end + strlen(close);
	return nest(tp, stack, sp, max, err);
}

int wa_template_parse(const char *name, const char *text, wa_template **out, wa_err *err)
{
	wa_template *tp = wa_mem_calloc(1, sizeof *tp);
	const char *p = text;
	int line = 1, sp = 0;
	size_t stack[MAX_DEPTH * 4];

	tp->name = wa_mem_strdup(name ? name : "template");
	*out = NULL;
	while (*p) {
		const char *open = strstr(p, "{{");
		size_t textlen = open ? (size_t)(open - p) : strlen(p);
		if (textlen)
			add(tp, T_TEXT, p, textlen, line);
		for (size_t i = 0; i < textlen; i++)
			line += p[i] == '\n';
		if (!open)
			break;
		if (parse_tag(tp, open, &line, &p, stack, &sp, (int)(sizeof stack / sizeof *stack),
		    err))
			goto fail;
	}
	if (sp) {
		token *k = &tp->t[stack[sp - 1]];
		wa_err_set(err, WA_EX_DATAERR, "%s line %d: {{%c%s}} is never closed", tp->name,
			k->line, k->type == T_SECTION ? '#' : '^', k->text);
		goto fail;
	}
	standalone(tp);
	*out = tp;
	return 0;
fail:
	wa_template_free(tp);
	return -1;
}

void wa_template_free(wa_template *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->t[i].text);
		free(t->t[i].indent);
	}
	free(t->t);
	free(t->name);
	free(t);
}

const char *wa_template_name(const wa_template *t)
{
	return t->name;
}

/* ---- rendering ---- */

typedef struct render {
	const wa_template_opts *o;
	json_t **ctx;           /* the context stack, innermost last */
	size_t nctx, capctx;
	json_t *missing;        /* [{"name", "template", "line"}] */
	wa_err *err;
	int depth;
	size_t start;           /* out's length before the render */
	long steps;
} render;

static void push(render *r, json_t *v)
{
	if (r->nctx == r->capctx) {
		r->capctx = r->capctx ? 2 * r->capctx : 16;
		r->ctx = wa_mem_realloc(r->ctx, r->capctx * sizeof *r->ctx);
	}
	r->ctx[r->nctx++] = v;
}

/* The value of a (dotted) name, or NULL when it is not set: the first
 * part is looked up from the innermost context out, the rest within. */
static json_t *lookup(render *r, const char *name)
{
	if (strcmp(name, ".") == 0)
		return r->nctx ? r->ctx[r->nctx - 1] : NULL;
	const char *dot = strchr(name, '.');
	size_t first = dot ? (size_t)(dot - name) : strlen(name);
	json_t *v = NULL;
	for (size_t i = r->nctx; i-- > 0;) {
		if (json_is_object(r->ctx[i]) &&
		    (v = json_object_getn(r->ctx[i], name, first)))
			break;
	}
	while (v && dot) {
		const char *part = dot + 1;
		dot = strchr(part, '.');
		size_t len = dot ? (size_t)(dot - part) : strlen(part);
		v = json_is_object(v) ? json_object_getn(v, part, len) : NULL;
	}
	return v;
}

static void note_use(render *r, const token *k, const wa_template *t, json_t *v)
{
	if (json_is_array(r->o->used)) {
		int seen = 0;
		size_t i;
		json_t *x;
		json_array_foreach(r->o->used, i, x)
			seen |= strcmp(json_string_value(x), k->text) == 0;
		if (!seen && strcmp(k->text, ".") != 0)
			json_array_append_new(r->o->used, json_string(k->text));
	}
	if (!v) {
		/* once per name and line, however often the line repeats it */
		size_t i;
		json_t *m;
		json_array_foreach(r->missing, i, m)
			if (json_integer_value(json_object_get(m, "line")) == k->line &&
			    strcmp(json_string_value(json_object_get(m, "name")), k->text) == 0 &&
			    strcmp(json_string_value(json_object_get(m, "template")), t->name) == 0)
				return;
		json_array_append_new(r->missing, json_pack("{s:s, s:s, s:i}", "name", k->text,
			"template", t->name, "line", k->line));
	}
}

static void value_text(json_t *v, wa_buf *out)
{
	if (json_is_string(v)) {
		wa_buf_add(out, json_string_value(v), json_string_length(v));
	} else if (json_is_integer(v)) {
		wa_buf_addf(out, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		char *s = json_dumps(v, JSON_ENCODE_ANY);
		wa_buf_adds(out, s);
		free(s);
	} else if (json_is_true(v)) {
		wa_buf_adds(out, "true");
	} else if (json_is_false(v)) {
		wa_buf_adds(out, "false");
	} else if (json_is_object(v) || json_is_array(v)) {
		char *s = json_dumps(v, JSON_COMPACT);
		wa_buf_adds(out, s);
		free(s);
	}
}

/* false, null, "" and [] hide a section (as mustache.js and pystache
 * have it); numbers, even 0, show it */
static int truthy(json_t *v)
{
	return v && !json_is_false(v) && !json_is_null(v) &&
		!(json_is_array(v) && json_array_size(v) == 0) &&
		!(json_is_string(v) && json_string_length(v) == 0);
}

static int run(render *r, const wa_template *t, size_t from, size_t to, wa_buf *out,
	const char *indent);

/* text, with indent after each newline that is followed by more */
static void add_indented(wa_buf *out, const char *s, size_t len, const char *indent,
	int *at_line_start)
{
	for (size_t i = 0; i < len; i++) {
		if (indent && *at_line_start)
			wa_buf_adds(out, indent);
		*at_line_start = 0;
		wa_buf_addc(out, s[i]);
		if (s[i] == '\n')
			*at_line_start = 1;
	}
}

/* a variable's value, escaped unless raw */
static void put_var(render *r, const wa_template *t, const token *k, wa_buf *out,
	const char *indent, int *at_line_start)
{
	json_t *v = lookup(r, k->text);
	wa_buf value, esc;

	note_use(r, k, t, v);
	wa_buf_init(&value);
	wa_buf_init(&esc);
	value_text(v, &value);
	if (k->type == T_VAR && r->o->escape)
		r->o->escape(&esc, value.data, value.len);
	else
		wa_buf_add(&esc, value.data, value.len);
	add_indented(out, esc.data, esc.len, indent, at_line_start);
	wa_buf_free(&esc);
	wa_buf_free(&value);
}

/* the section that token i opens: once an item of a list, once for
 * another value that shows it */
static int run_section(render *r, const wa_template *t, size_t i, wa_buf *out,
	const char *indent)
{
	const token *k = &t->t[i];
	json_t *v = lookup(r, k->text), *item;
	size_t n;
	int rc = 0;

	note_use(r, k, t, v ? v : json_false());
	if (json_is_array(v)) {
		json_array_foreach(v, n, item) {
			push(r, item);
			rc = run(r, t, i + 1, k->end, out, indent);
			r->nctx--;
			if (rc)
				return -1;
		}
	} else if (truthy(v)) {
		push(r, v);
		rc = run(r, t, i + 1, k->end, out, indent);
		r->nctx--;
	}
	return rc ? -1 : 0;
}

/* the partial token k names, its lines indented as its tag */
static int run_partial(render *r, const wa_template *t, const token *k, wa_buf *out,
	const char *indent)
{
	const wa_template *pt = r->o->partial ? r->o->partial(k->text, r->o->user) : NULL;

	if (!pt)
		return wa_err_set(r->err, WA_EX_DATAERR, "%s line %d: no partial \"%s\"", t->name,
			k->line, k->text);
	if (r->depth >= MAX_DEPTH)
		return wa_err_set(r->err, WA_EX_DATAERR, "%s line %d: partials nested more than %d "
			"deep (does \"%s\" include itself?)", t->name, k->line, MAX_DEPTH, k->text);
	wa_buf ind;
	wa_buf_init(&ind);
	if (indent)
		wa_buf_adds(&ind, indent);
	if (k->indent)
		wa_buf_adds(&ind, k->indent);
	r->depth++;
	int rc = run(r, pt, 0, pt->n, out, ind.len ? ind.data : NULL);
	r->depth--;
	wa_buf_free(&ind);
	return rc ? -1 : 0;
}

static int run(render *r, const wa_template *t, size_t from, size_t to, wa_buf *out,
	const char *indent)
{
	int at_line_start = 1;

	for (size_t i = from; i < to; i++) {
		const token *k = &t->t[i];
		if (out->len - r->start > MAX_OUTPUT || ++r->steps > MAX_STEPS)
			return wa_err_set(r->err, WA_EX_DATAERR, "%s line %d: the document grows "
				"past %s (do partials or sections repeat each other?)", t->name,
				k->line, r->steps > MAX_STEPS ? "10 million steps" : "4 MiB");
		switch (k->type) {
		case T_TEXT:
			add_indented(out, k->text, k->len, indent, &at_line_start);
			break;
		case T_VAR:
		case T_RAW:
			put_var(r, t, k, out, indent, &at_line_start);
			break;
		case T_SECTION:
			if (run_section(r, t, i, out, indent))
				return -1;
			i = k->end;
			break;
		case T_INVERTED: {
			json_t *v = lookup(r, k->text);
			note_use(r, k, t, v ? v : json_false());
			if (!truthy(v) && run(r, t, i + 1, k->end, out, indent))
				return -1;
			i = k->end;
			break;
		}
		case T_PARTIAL:
			if (run_partial(r, t, k, out, indent))
				return -1;
			break;
		default:
			break;
		}
	}
	return 0;
}

int wa_template_render(const wa_template *t, json_t *data, const wa_template_opts *o,
	wa_buf *out, wa_err *err)
{
	static const wa_template_opts defaults;
	render r = { .o = o ? o : &defaults, .err = err, .start = out->len };
	size_t start = out->len;
	int rc;

	r.missing = json_array();
	push(&r, data);
	rc = run(&r, t, 0, t->n, out, NULL);
	free(r.ctx);
	/* only variables are recorded: a section over an unset name hides */
	size_t i;
	json_t *m;
	json_t *vars = r.missing;
	if (rc == 0 && json_array_size(vars) && !r.o->allow_missing) {
		wa_buf msg;
		wa_buf_init(&msg);
		json_array_foreach(vars, i, m) {
			if (i)
				wa_buf_adds(&msg, "; ");
			wa_buf_addf(&msg, "%s line %lld: \"%s\" is not set",
				json_string_value(json_object_get(m, "template")),
				(long long)json_integer_value(json_object_get(m, "line")),
				json_string_value(json_object_get(m, "name")));
		}
		wa_err_set(err, WA_EX_DATAERR, "%s", msg.data);
		wa_buf_free(&msg);
		rc = -1;
	}
	if (json_is_array(r.o->missing))
		json_array_extend(r.o->missing, vars);
	json_decref(r.missing);
	if (rc) {
		out->len = start;
		out->data[start] = '\0';
	}
	return rc;
}

/* ---- escaping ---- */

void wa_template_escape_html(wa_buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': wa_buf_adds(out, "&amp;"); break;
		case '<': wa_buf_adds(out, "&lt;"); break;
		case '>': wa_buf_adds(out, "&gt;"); break;
		case '"': wa_buf_adds(out, "&quot;"); break;
		case '\'': wa_buf_adds(out, "&#39;"); break;
		default: wa_buf_addc(out, s[i]);
		}
	}
}

void wa_template_escape_markdown(wa_buf *out, const char *s, size_t len)
{
	/* characters that make markup anywhere (CommonMark 2.4 lets any ASCII
	 * punctuation be escaped; commas, periods and the like are left alone
	 * so the Markdown stays readable) */
	static const char anywhere[] = "\\`*_[]<>|~&";
	size_t i = 0;

	/* at the start of the value: a heading, list, quote, rule or number */
	while (i < len && s[i] == ' ')
		wa_buf_addc(out, s[i++]);
	if (i < len && strchr("#+-=>", s[i]) && s[i]) {
		wa_buf_addc(out, '\\');
		wa_buf_addc(out, s[i++]);
	} else {
		size_t d = i;
		while (d < len && s[d] >= '0' && s[d] <= '9')
			d++;
		if (d > i && d < len && (s[d] == '.' || s[d] == ')')) {
			wa_buf_add(out, s + i, d - i);
			wa_buf_addc(out, '\\');
			wa_buf_addc(out, s[d]);
			i = d + 1;
		}
	}
	for (; i < len; i++) {
		char c = s[i];
		if (c == '\n' || c == '\r') {
			wa_buf_addc(out, ' ');
		} else if (c && strchr(anywhere, c)) {
			wa_buf_addc(out, '\\');
			wa_buf_addc(out, c);
		} else {
			wa_buf_addc(out, c);
		}
	}
}
