/* nlu.c - see nlu.h.
 *
 * Intents: each utterance and example is a bag of lower-case words
 * without the commonest function words; a word of the utterance matches
 * a word of an example exactly, or with one edit (two for words of 8
 * letters or more) at 0.8 of the weight; words are English stems and
 * weigh log(1 + intents / intents using it), a word no example has half
 * the least.  An example's score is the F1 of the weights
 * matched (precision over the utterance, recall over the example); an
 * intent's score is its best example's. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libstemmer.h>

#include "base/buf.h"
#include "text/intents.h"

static const char *const stop[] = { "a", "an", "the", "i", "me", "my", "to", "you", "your",
	"please", "can", "could", "would", "like", "want", "is", "it", "do", "of", "and", "for",
	"on", "at", "in", "be", "we", "our", "us", "hi", "hello", "hey", "just", "so", "some", NULL };

typedef struct words {
	char **w;
	size_t n;
} words;

static int stopword(const char *w)
{
	for (int i = 0; stop[i]; i++)
		if (!strcmp(stop[i], w))
			return 1;
	return 0;
}

/* The words of text: lower case, without function words or numbers,
 * each reduced to its English stem ("booking" and "book" meet) when st
 * is given. */
static void split_stem(const char *text, words *out, struct sb_stemmer *st);

static void split_stem(const char *text, words *out, struct sb_stemmer *st)
{
	const unsigned char *p = (const unsigned char *)text;

	out->w = NULL;
	out->n = 0;
	while (*p) {
		while (*p && !(isalnum(*p) || *p >= 0x80))
			p++;
		const unsigned char *s = p;
		while (*p && (isalnum(*p) || *p >= 0x80 || *p == '\''))
			p++;
		if (p == s)
			continue;
		char *w = wa_mem_strndup((const char *)s, (size_t)(p - s));
		for (char *c = w; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		/* "what's" is "what" */
		char *q = strchr(w, '\'');
		if (q)
			*q = '\0';
		if (!*w || stopword(w) || strpbrk(w, "0123456789")) {
			free(w);
			continue;
		}
		if (st) {
			const sb_symbol *stem = sb_stemmer_stem(st, (const sb_symbol *)w, (int)strlen(w));
			if (stem && sb_stemmer_length(st) > 0) {
				char *s2 = wa_mem_strndup((const char *)stem, (size_t)sb_stemmer_length(st));
				free(w);
				w = s2;
			}
		}
		out->w = wa_mem_realloc(out->w, (out->n + 1) * sizeof *out->w);
		out->w[out->n++] = w;
	}
}

static void words_free(words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->w[i]);
	free(w->w);
}

/* Damerau-Levenshtein distance, stopping early above limit */
static int edits(const char *a, const char *b, int limit)
{
	size_t la = strlen(a), lb = strlen(b);

	if ((la > lb ? la - lb : lb - la) > (size_t)limit || la > 40 || lb > 40)
		return limit + 1;
	int d[42][42];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int c = a[i - 1] != b[j - 1];
			int v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + c < v)
				v = d[i - 1][j - 1] + c;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

/* 1 for the same word, 0.8 for a near one, 0 otherwise */
static double match(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return 1;
	size_t la = strlen(a), lb = strlen(b);
	size_t lo = la < lb ? la : lb, hi = la < lb ? lb : la;
	int limit = lo >= 7 && hi >= 8 ? 2 : lo >= 3 && hi >= 4 ? 1 : 0;
	return limit && edits(a, b, limit) <= limit ? 0.8 : 0;
}

typedef struct example {
	const char *intent;
	words w;
} example;

struct wa_intents {
	example *ex;
	size_t n;
	json_t *weights;        /* word -> weight */
	json_t *examples;       /* held: the intents' names are its keys */
	struct sb_stemmer *stemmer;
	size_t nintents;
	double min_weight;      /* the commonest word's */
};

wa_intents *wa_intents_new(json_t *examples)
{
	wa_intents *m = wa_mem_calloc(1, sizeof *m);
	json_t *df = json_object(), *list;
	const char *intent;

	m->weights = json_object();
	m->examples = json_incref(examples);
	m->stemmer = sb_stemmer_new("english", "UTF_8");
	json_object_foreach(examples, intent, list) {
		json_t *seen = json_object(), *e;
		size_t i;
		m->nintents++;
		json_array_foreach(list, i, e) {
			if (!json_is_string(e))
				continue;
			m->ex = wa_mem_realloc(m->ex, (m->n + 1) * sizeof *m->ex);
			example *x = &m->ex[m->n++];
			x->intent = intent;
			split_stem(json_string_value(e), &x->w, m->stemmer);
			for (size_t k = 0; k < x->w.n; k++)
				json_object_set_new(seen, x->w.w[k], json_true());
		}
		const char *w;
		json_t *v;
		json_object_foreach(seen, w, v)
			json_object_set_new(df, w, json_integer(json_integer_value(
				json_object_get(df, w)) + 1));
		json_decref(seen);
	}
	const char *w;
	json_t *v;
	m->min_weight = log(1 + (double)m->nintents);
	json_object_foreach(df, w, v) {
		double wt = log(1 + (double)m->nintents / (double)json_integer_value(v));
		json_object_set_new(m->weights, w, json_real(wt));
		if (wt < m->min_weight)
			m->min_weight = wt;
	}
	json_decref(df);
	return m;
}

void wa_intents_free(wa_intents *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		words_free(&m->ex[i].w);
	free(m->ex);
	json_decref(m->weights);
	json_decref(m->examples);
	if (m->stemmer)
		sb_stemmer_delete(m->stemmer);
	free(m);
}

static double weight(const wa_intents *m, const char *w)
{
	json_t *v = json_object_get(m->weights, w);

	/* a word no example has (a name, a place) says little about the
	 * intent: it weighs half the commonest */
	return v ? json_real_value(v) : m->min_weight / 2;
}

const char *wa_intents_classify(const wa_intents *m, const char *text, double threshold,
	double *confidence, double *runner_up)
{
	words u;
	const char *best = NULL;
	double top = 0, second = 0;

	split_stem(text, &u, m->stemmer);
	double total_u = 0;
	for (size_t i = 0; i < u.n; i++)
		total_u += weight(m, u.w[i]);
	/* scores by intent: the best example of each */
	json_t *scores = json_object();
	for (size_t e = 0; e < m->n; e++) {
		const example *x = &m->ex[e];
		double total_x = 0, got = 0;
		for (size_t j = 0; j < x->w.n; j++) {
			double wj = weight(m, x->w.w[j]), best_match = 0;
			total_x += wj;
			for (size_t i = 0; i < u.n; i++) {
				double s = match(u.w[i], x->w.w[j]);
				if (s > best_match)
					best_match = s;
			}
			got += best_match * wj;
		}
		if (!total_x || !total_u)
			continue;
		double p = got / total_u, r = got / total_x;
		if (p > 1)
			p = 1;
		double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
		if (f > json_real_value(json_object_get(scores, x->intent)))
			json_object_set_new(scores, x->intent, json_real(f));
	}
	const char *k;
	json_t *v;
	json_object_foreach(scores, k, v) {
		double f = json_real_value(v);
		if (f > top) {
			second = top;
			top = f;
			best = k;
		} else if (f > second) {
			second = f;
		}
	}
	/* the name as the examples object holds it, which outlives scores */
	for (size_t e = 0; best && e < m->n; e++)
		if (!strcmp(m->ex[e].intent, best)) {
			best = m->ex[e].intent;
			break;
		}
	json_decref(scores);
	words_free(&u);
	if (confidence)
		*confidence = top;
	if (runner_up)
		*runner_up = second;
	return best && top >= threshold ? best : NULL;
}

/* ---- dates and times ---- */

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

/* now in tz: the local date and time */
static void local_now(int64_t now_ms, const char *tz, struct tm *tm)
{
	time_t t = (time_t)(now_ms / 1000);

	pthread_mutex_lock(&tz_lock);
	char *old = getenv("TZ") ? wa_mem_strdup(getenv("TZ")) : NULL;
	setenv("TZ", tz && *tz ? tz : "UTC", 1);
	tzset();
	localtime_r(&t, tm);
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	pthread_mutex_unlock(&tz_lock);
}

static void add_days(struct tm *tm, int days)
{
	struct tm t = *tm;

	t.tm_mday += days;
	t.tm_hour = 12;         /* away from any daylight-saving edge */
	t.tm_isdst = -1;
	time_t s = timegm(&t);
	gmtime_r(&s, &t);
	tm->tm_year = t.tm_year, tm->tm_mon = t.tm_mon, tm->tm_mday = t.tm_mday;
	tm->tm_wday = t.tm_wday;
}

static const char *const weekdays[7] = { "sunday", "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday" };
static const char *const months[12] = { "january", "february", "march", "april", "may",
	"june", "july", "august", "september", "october", "november", "december" };

static int weekday_of(const char *w)
{
	static const char *const short_names[] = { "tues", "weds", "thur", "thurs", NULL };
	static const int short_days[] = { 2, 3, 4, 4 };

	for (int i = 0; i < 7; i++)
		if (!strcmp(w, weekdays[i]) || (strlen(w) == 3 && !strncmp(w, weekdays[i], 3)))
			return i;
	for (int i = 0; short_names[i]; i++)
		if (!strcmp(w, short_names[i]))
			return short_days[i];
	return -1;
}

static int month_of(const char *w)
{
	for (int i = 0; i < 12; i++)
		if (!strcmp(w, months[i]) || (strlen(w) == 3 && !strncmp(w, months[i], 3)) ||
		    (!strcmp(w, "sept") && i == 8))
			return i;
	return -1;
}

typedef struct tok {
	char w[32];
	int start, end;
} tok;

static size_t tokens(const char *text, tok *t, size_t max)
{
	size_t n = 0;
	const char *p = text;

	while (*p && n < max) {
		while (*p && !isalnum((unsigned char)*p) && *p != ':')
			p++;
		const char *s = p;
		while (*p && (isalnum((unsigned char)*p) || *p == ':' || (*p == '-' && p > s &&
		    isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1]))))
			p++;
		if (p == s) {
			if (*p)
				p++;
			continue;
		}
		size_t len = (size_t)(p - s) < sizeof t[n].w - 1 ? (size_t)(p - s) : sizeof t[n].w - 1;
		for (size_t i = 0; i < len; i++)
			t[n].w[i] = (char)tolower((unsigned char)s[i]);
		t[n].w[len] = '\0';
		t[n].start = (int)(s - text);
		t[n].end = (int)(p - text);
		n++;
	}
	return n;
}

static int number(const char *w, int *v)
{
	char *end;
	long n = strtol(w, &end, 10);

	if (end == w)
		return 0;
	/* 1st, 2nd, 3rd, 21st */
	if (*end && strcmp(end, "st") && strcmp(end, "nd") && strcmp(end, "rd") && strcmp(end, "th"))
		return 0;
	*v = (int)n;
	return 1;
}

/* "3pm", "3:30pm", "15:00", "15h": hour and minute, or 0 */
static int clock_word(const char *w, const char *next, int *h, int *m, int *used_next)
{
	int hh = -1, mm = 0;
	char suffix[8] = "";

	*used_next = 0;
	if (sscanf(w, "%d:%d%7s", &hh, &mm, suffix) >= 2 || sscanf(w, "%d%7s", &hh, suffix) >= 1) {
		if (!strchr(w, ':') && !suffix[0] && !(next && (!strcmp(next, "pm") ||
		    !strcmp(next, "am"))))
			return 0;       /* a bare number is no time */
		if (!suffix[0] && next && (!strcmp(next, "pm") || !strcmp(next, "am"))) {
			snprintf(suffix, sizeof suffix, "%s", next);
			*used_next = 1;
		}
		if (suffix[0] && strcmp(suffix, "pm") && strcmp(suffix, "am") && strcmp(suffix, "h"))
			return 0;
		if (!strcmp(suffix, "pm") && hh >= 1 && hh <= 11)
			hh += 12;
		if (!strcmp(suffix, "am") && hh == 12)
			hh = 0;
		if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
			return 0;
		*h = hh, *m = mm;
		return 1;
	}
	return 0;
}

int wa_when_parse(const char *text, int64_t now_ms, const char *tz, wa_when *out)
{
	tok t[64];
	size_t n = tokens(text, t, 64);
	struct tm now, day;
	int have_date = 0, hour = -1, minute = 0, start = -1, end = -1;

	memset(out, 0, sizeof *out);
	out->hour = out->minute = -1;
	local_now(now_ms, tz, &now);
	day = now;
#define SPAN(i, j) do { if (start < 0 || t[i].start < start) start = t[i].start; \
	if (t[j].end > end) end = t[j].end; } while (0)
	for (size_t i = 0; i < n; i++) {
		const char *w = t[i].w, *next = i + 1 < n ? t[i + 1].w : NULL;
		int v, wd, mo, used;
		if (!have_date) {
			if (!strcmp(w, "today") || !strcmp(w, "tonight")) {
				have_date = 1;
				if (!strcmp(w, "tonight") && hour < 0)
					hour = 19;
				SPAN(i, i);
				continue;
			}
			if (!strcmp(w, "tomorrow")) {
				int after = i >= 2 && !strcmp(t[i - 1].w, "after") &&
					!strcmp(t[i - 2].w, "day");
				add_days(&day, after ? 2 : 1);
				have_date = 1;
				SPAN(after ? i - 2 : i, i);
				continue;
			}
			if ((wd = weekday_of(w)) >= 0) {
				int this = i > 0 && !strcmp(t[i - 1].w, "this");
				int ahead = (wd - now.tm_wday + 7) % 7;
				if (ahead == 0 && !this)
					ahead = 7;
				add_days(&day, ahead);
				have_date = 1;
				SPAN(i > 0 && (this || !strcmp(t[i - 1].w, "next")) ? i - 1 : i, i);
				continue;
			}
			if (!strcmp(w, "next") && next && !strcmp(next, "week")) {
				add_days(&day, (8 - now.tm_wday) % 7 ? (8 - now.tm_wday) % 7 : 7);
				have_date = 1;
				SPAN(i, i + 1);
				i++;
				continue;
			}
			if (!strcmp(w, "in") && next && i + 2 < n && (number(next, &v) ||
			    (!strcmp(next, "a") && (v = 1))) &&
			    (!strncmp(t[i + 2].w, "day", 3) || !strncmp(t[i + 2].w, "week", 4))) {
				add_days(&day, v * (strncmp(t[i + 2].w, "week", 4) ? 1 : 7));
				have_date = 1;
				SPAN(i, i + 2);
				i += 2;
				continue;
			}
			int y, mth, d;
			if (sscanf(w, "%4d-%2d-%2d", &y, &mth, &d) == 3 && mth >= 1 && mth <= 12 &&
			    d >= 1 && d <= 31) {
				day.tm_year = y - 1900, day.tm_mon = mth - 1, day.tm_mday = d;
				have_date = 1;
				SPAN(i, i);
				continue;
			}
			/* "1 December [2026]" and "December 1st [2026]" */
			if (number(w, &v) && next && (mo = month_of(next)) >= 0 && v >= 1 && v <= 31) {
				day.tm_mon = mo, day.tm_mday = v;
				SPAN(i, i + 1);
				i++;
				goto year;
			}
			if ((mo = month_of(w)) >= 0 && next && number(next, &v) && v >= 1 && v <= 31) {
				day.tm_mon = mo, day.tm_mday = v;
				SPAN(i, i + 1);
				i++;
				goto year;
			}
		}
		if (hour < 0) {
			int h, m;
			if (clock_word(w, next, &h, &m, &used)) {
				hour = h, minute = m;
				SPAN(i > 0 && !strcmp(t[i - 1].w, "at") ? i - 1 : i, used ? i + 1 : i);
				i += (size_t)used;
				continue;
			}
			if (!strcmp(w, "at") && next && number(next, &v) && v >= 0 && v <= 23 &&
			    !strchr(next, ':') && !(i + 2 < n && (!strcmp(t[i + 2].w, "pm") ||
			    !strcmp(t[i + 2].w, "am")))) {
				hour = v, minute = 0;
				SPAN(i, i + 1);
				i++;
				continue;
			}
			static const struct { const char *w; int h; } named[] = { { "noon", 12 },
				{ "midday", 12 }, { "midnight", 0 }, { "morning", 9 },
				{ "afternoon", 14 }, { "evening", 18 } };
			for (size_t k = 0; k < sizeof named / sizeof *named; k++)
				if (!strcmp(w, named[k].w)) {
					hour = named[k].h, minute = 0;
					SPAN(i, i);
				}
		}
		continue;
year:
		{
			int y;
			if (i + 1 < n && number(t[i + 1].w, &y) && y >= 1900 && y <= 2999) {
				day.tm_year = y - 1900;
				SPAN(i + 1, i + 1);
				i++;
			} else {
				/* the next such date from today */
				day.tm_year = now.tm_year;
				if (day.tm_mon < now.tm_mon || (day.tm_mon == now.tm_mon &&
				    day.tm_mday < now.tm_mday))
					day.tm_year++;
			}
			have_date = 1;
		}
	}
#undef SPAN
	if (!have_date && hour < 0)
		return 0;
	if (!have_date && (hour < now.tm_hour || (hour == now.tm_hour && minute <= now.tm_min)))
		add_days(&day, 1);      /* a time that has passed today is tomorrow's */
	out->found = 1;
	out->year = day.tm_year + 1900;
	out->month = day.tm_mon + 1;
	out->day = day.tm_mday;
	out->hour = hour;
	out->minute = hour >= 0 ? minute : -1;
	out->start = start;
	out->end = end;
	return 1;
}

/* ---- slots ---- */

static json_t *phone_in(const char *text)
{
	for (const char *p = text; *p; p++) {
		if (!(isdigit((unsigned char)*p) || (*p == '+' && isdigit((unsigned char)p[1]))))
			continue;
		char out[32];
		size_t n = 0, digits = 0;
		const char *q = p;
		if (*q == '+')
			out[n++] = *q++;
		for (; *q && (isdigit((unsigned char)*q) || strchr(" -.()", *q)) && n < sizeof out - 1;
		    q++)
			if (isdigit((unsigned char)*q)) {
				out[n++] = *q;
				digits++;
			}
		out[n] = '\0';
		if (digits >= 7 && digits <= 15)
			return json_string(out);
		p = q > p ? q - 1 : p;
	}
	return NULL;
}

static json_t *email_in(const char *text)
{
	for (const char *at = strchr(text, '@'); at; at = strchr(at + 1, '@')) {
		const char *s = at, *e = at + 1;
		while (s > text && (isalnum((unsigned char)s[-1]) || strchr("._%+-", s[-1])))
			s--;
		while (*e && (isalnum((unsigned char)*e) || strchr(".-", *e)))
			e++;
		while (e > at + 1 && e[-1] == '.')
			e--;
		const char *dot = memchr(at + 1, '.', (size_t)(e - at - 1));
		if (s < at && dot && dot + 1 < e) {
			char *v = wa_mem_strndup(s, (size_t)(e - s));
			for (char *c = v; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			json_t *j = json_string(v);
			free(v);
			return j;
		}
	}
	return NULL;
}

/* "my name is Maya Okafor", "I'm Maya", "for Maya Okafor", or the whole
 * short reply when asked */
static json_t *name_in(const char *text, int asked)
{
	static const char *const lead[] = { "my name is ", "name is ", "i'm ", "i am ",
		"this is ", "it's for ", "for ", "it's ", NULL };
	const char *from = NULL;

	for (int i = 0; lead[i] && !from; i++) {
		const char *p = strcasestr(text, lead[i]);
		if (p && (p == text || !isalpha((unsigned char)p[-1])))
			from = p + strlen(lead[i]);
	}
	if (!from && asked)
		from = text;
	if (!from)
		return NULL;
	wa_buf b;
	int words = 0;
	wa_buf_init(&b);
	const unsigned char *p = (const unsigned char *)from;
	while (*p && words < 4) {
		while (*p == ' ')
			p++;
		const unsigned char *s = p;
		while (*p && (isalpha(*p) || *p >= 0x80 || *p == '-' || *p == '\'' || *p == '.'))
			p++;
		if (p == s)
			break;
		/* a name's words are capitalised, unless the whole reply is the name */
		if (!asked && !(isupper(*s) || *s >= 0x80))
			break;
		if (b.len)
			wa_buf_addc(&b, ' ');
		wa_buf_add(&b, s, (size_t)(p - s));
		words++;
	}
	json_t *v = b.len ? json_string(b.data) : NULL;
	wa_buf_free(&b);
	return v;
}

json_t *wa_slot_value_new(const char *type, json_t *choices, const char *text, int64_t now_ms,
	const char *tz, int asked)
{
	char buf[64];
	wa_when w;

	if (!strcmp(type, "phone"))
		return phone_in(text);
	if (!strcmp(type, "email"))
		return email_in(text);
	if (!strcmp(type, "name"))
		return name_in(text, asked);
	if (!strcmp(type, "date") || !strcmp(type, "time") || !strcmp(type, "datetime")) {
		if (!wa_when_parse(text, now_ms, tz, &w))
			return NULL;
		if (!strcmp(type, "date"))
			snprintf(buf, sizeof buf, "%04d-%02d-%02d", w.year, w.month, w.day);
		else if (w.hour < 0)
			return NULL;
		else if (!strcmp(type, "time"))
			snprintf(buf, sizeof buf, "%02d:%02d", w.hour, w.minute);
		else
			snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", w.year, w.month, w.day,
				w.hour, w.minute);
		return json_string(buf);
	}
	if (!strcmp(type, "number")) {
		for (const char *p = text; *p; p++)
			if (isdigit((unsigned char)*p)) {
				long long v = 0;
				for (; isdigit((unsigned char)*p) || (*p == ',' &&
				    isdigit((unsigned char)p[1])); p++)
					if (*p != ',')
						v = v * 10 + (*p - '0');
				/* "10k" is ten thousand */
				if (*p == 'k' || *p == 'K')
					v *= 1000;
				return json_integer(v);
			}
		return NULL;
	}
	if (!strcmp(type, "choice")) {
		size_t i;
		json_t *c, *best = NULL;
		double top = 0;
		json_array_foreach(choices, i, c) {
			json_t *ex = json_pack("{s:[O]}", "x", c);
			wa_intents *m = wa_intents_new(ex);
			double conf = 0;
			wa_intents_classify(m, text, 0, &conf, NULL);
			if (strcasestr(text, json_string_value(c)))
				conf = 1;
			if (conf > top)
				top = conf, best = c;
			wa_intents_free(m);
			json_decref(ex);
		}
		return top >= 0.5 ? json_incref(best) : NULL;
	}
	/* text: the reply itself, when it answers */
	if (!asked)
		return NULL;
	while (*text == ' ')
		text++;
	return *text ? json_string(text) : NULL;
}

const char *wa_intents_topic(json_t *topics, const char *text)
{
	struct sb_stemmer *st = sb_stemmer_new("english", "UTF_8");
	const char *found = NULL;
	words said;
	size_t i;
	json_t *t;

	split_stem(text, &said, st);
	json_array_foreach(topics, i, t) {
		words need;
		int all;
		if (!json_is_string(t))
			continue;
		split_stem(json_string_value(t), &need, st);
		all = need.n > 0;
		for (size_t k = 0; k < need.n && all; k++) {
			int in = 0;
			for (size_t j = 0; j < said.n && !in; j++)
				in = !strcmp(need.w[k], said.w[j]);
			all = in;
		}
		words_free(&need);
		if (all) {
			found = json_string_value(t);
			break;
		}
	}
	words_free(&said);
	sb_stemmer_delete(st);
	return found;
}
