/* wordnet.c - words related by WordNet: see wordnet.h.  The index files
 * are sorted by lemma, so a lemma is found by bisection in the mapped
 * file; a synset is read at the byte offset the index gives. */
#include "text/wordnet.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "text/text.h"

#define WN_DIR "/usr/share/wordnet"
#define WORD_MAX 64
#define SEEN_MAX 256
/* a noun or an adjective SemCor uses this often says too little to tell
 * one thing from another ("several", "other", "new") */
#define DESCRIBES_MAX 150

enum { NOUN, VERB, ADJ, POS };

typedef struct map {
	const char *p;
	size_t len;
} map;

static const char *const pos_names[POS] = { "noun", "verb", "adj" };
static map idx[POS], dat[POS], exc[POS], counts;
static map adv;
static int wn_ok;
static pthread_once_t wn_once = PTHREAD_ONCE_INIT;

static int map_file(const char *dir, const char *kind, const char *pos, map *m)
{
	char path[4096];
	struct stat sb;

	snprintf(path, sizeof path, "%s/%s.%s", dir, kind, pos);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) || sb.st_size == 0) {
		close(fd);
		return -1;
	}
	void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	m->p = p;
	m->len = (size_t)sb.st_size;
	return 0;
}

static void wn_open(void)
{
	const char *dir = getenv("WA_WORDNET_DIR");
	int ok = 1;

	if (!dir || !*dir)
		dir = WN_DIR;
	for (int i = 0; i < POS; i++) {
		ok &= !map_file(dir, "index", pos_names[i], &idx[i]) &&
			!map_file(dir, "data", pos_names[i], &dat[i]);
		if (map_file(dir, pos_names[i], "exc", &exc[i]))
			exc[i].len = 0;         /* an exception list is optional */
	}
	if (map_file(dir, "cntlist", "rev", &counts))
		counts.len = 0;
	if (map_file(dir, "index", "adv", &adv))
		adv.len = 0;
	wn_ok = ok;
}

/* the start of the line holding byte i of m */
static size_t line_start(const map *m, size_t i)
{
	while (i > 0 && m->p[i - 1] != '\n')
		i--;
	return i;
}

/* the line of m (sorted by its first field) whose first field is key, or
 * NULL; the licence's lines at the top begin with spaces and sort first */
static const char *find_line(const map *m, const char *key)
{
	size_t lo = 0, hi = m->len, kl = strlen(key);

	while (lo < hi) {
		size_t mid = line_start(m, lo + (hi - lo) / 2);
		if (mid < lo)
			mid = lo;
		const char *l = m->p + mid;
		const char *end = memchr(l, '\n', m->len - mid);
		size_t ll = end ? (size_t)(end - l) : m->len - mid;
		size_t fl = 0;
		while (fl < ll && l[fl] != ' ')
			fl++;
		int c = memcmp(l, key, fl < kl ? fl : kl);
		if (!c)
			c = fl < kl ? -1 : fl > kl;
		if (!c)
			return l;
		if (c < 0)
			lo = mid + ll + 1;
		else
			hi = mid;
	}
	return NULL;
}

typedef struct seen {
	char w[SEEN_MAX][WORD_MAX];
	int n;
	void (*cb)(const char *, int, void *);
	void *user;
} seen;

/* give w (WordNet's form: underscores for spaces) once; phrases are not
 * words */
static void give(seen *s, const char *w, size_t len, int how)
{
	char buf[WORD_MAX];

	if (len == 0 || len >= WORD_MAX || memchr(w, '_', len) || s->n >= SEEN_MAX)
		return;
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
	buf[len] = '\0';
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->w[i], buf))
			return;
	strcpy(s->w[s->n++], buf);
	s->cb(buf, how, s->user);
}

/* the synset at offset of part of speech p: with derived, all its words
 * given as how, and the words its derivation pointers name from word
 * number only (0: from any); without, its word number only (0: all) */
static void synset(seen *s, int p, long offset, int only, int how, int derived)
{
	char key[16];
	const char *l, *q;

	snprintf(key, sizeof key, "%08ld", offset);
	if (offset < 0 || (size_t)offset >= dat[p].len || strncmp(dat[p].p + offset, key, 8))
		return;
	l = dat[p].p + offset;
	/* offset lex_filenum ss_type w_cnt (hex) [word lex_id]... p_cnt */
	int field = 0;
	for (q = l; *q != '\n' && field < 3; q++)
		field += *q == ' ';
	char *e;
	long words = strtol(q, &e, 16);
	q = e;
	for (long i = 1; i <= words; i++) {
		while (*q == ' ')
			q++;
		const char *w = q;
		while (*q != ' ' && *q != '\n')
			q++;
		if (!only || derived || only == i)
			give(s, w, (size_t)(q - w), how);
		strtol(q, &e, 16);       /* lex_id */
		q = e;
	}
	long ptrs = strtol(q, &e, 10);
	q = e;
	for (long i = 0; i < ptrs && derived; i++) {
		/* pointer_symbol synset_offset pos source/target, read field by
		 * field (the map has no NUL for sscanf to stop at) */
		char sym[4] = "";
		while (*q == ' ')
			q++;
		size_t sl = strcspn(q, " \n");
		if (!sl || sl > 3)
			return;
		memcpy(sym, q, sl);
		char *end;
		long to = strtol(q + sl, &end, 10);
		while (*end == ' ')
			end++;
		char tpos = *end;
		unsigned st = (unsigned)strtoul(end + 1, NULL, 16);
		for (int k = 0; k < 4; k++) {   /* past the four fields */
			while (*q == ' ')
				q++;
			while (*q != ' ' && *q != '\n')
				q++;
		}
		int tp = tpos == 'n' ? NOUN : tpos == 'v' ? VERB : tpos == 'a' || tpos == 's' ?
			ADJ : -1;
		if (strcmp(sym, "+") || tp < 0 || (only && (int)(st >> 8) != only && st >> 8))
			continue;
		synset(s, tp, to, (int)(st & 0xff), WA_WN_DERIVED, 0);
	}
}

/* the number (from 1) of lemma among the words of the synset at offset
 * of part of speech p, or 0 */
static int word_number(int p, long offset, const char *lemma)
{
	if (offset < 0 || (size_t)offset + 20 >= dat[p].len)
		return 0;
	const char *q = dat[p].p + offset;
	for (int f = 0; f < 3 && *q != '\n'; q++)
		f += *q == ' ';
	char *e;
	long words = strtol(q, &e, 16);
	size_t ll = strlen(lemma);
	for (long i = 1; i <= words; i++) {
		while (*e == ' ')
			e++;
		size_t n = strcspn(e, " \n");
		if (n == ll && !strncasecmp(e, lemma, n))
			return (int)i;
		strtol(e + n, &e, 16);  /* lex_id */
	}
	return 0;
}

/* lemma's commonest senses in part of speech p */
static void senses_of(seen *s, int p, const char *lemma, int senses)
{
	const char *l = find_line(&idx[p], lemma);

	if (!l)
		return;
	/* lemma pos synset_cnt p_cnt [ptr_symbol]... sense_cnt tagsense_cnt offsets */
	const char *q = l + strlen(lemma);
	char *e;
	strtol(q + 3, &e, 10);          /* past " x " : synset_cnt */
	long pc = strtol(e, &e, 10);
	q = e;
	for (long i = 0; i < pc; i++) {
		while (*q == ' ')
			q++;
		while (*q != ' ' && *q != '\n')
			q++;
	}
	long count = strtol(q, &e, 10);
	strtol(e, &e, 10);
	for (long i = 0; i < count && i < senses; i++) {
		long off = strtol(e, &e, 10);
		synset(s, p, off, word_number(p, off, lemma), WA_WN_SYNONYM, 1);
	}
}

/* WordNet's base forms of word in part of speech p: the exception
 * list's, else the suffix rules' that are in the index */
static int bases(int p, const char *word, char out[4][WORD_MAX])
{
	static const char *const rules[POS][9][2] = {
		{ { "s", "" }, { "ses", "s" }, { "xes", "x" }, { "zes", "z" }, { "ches", "ch" },
		  { "shes", "sh" }, { "men", "man" }, { "ies", "y" }, { NULL, NULL } },
		{ { "s", "" }, { "ies", "y" }, { "es", "e" }, { "es", "" }, { "ed", "e" },
		  { "ed", "" }, { "ing", "e" }, { "ing", "" }, { NULL, NULL } },
		{ { "er", "" }, { "est", "" }, { "er", "e" }, { "est", "e" }, { NULL, NULL } },
	};
	size_t wl = strlen(word);
	int n = 0;

	if (exc[p].len) {
		const char *l = find_line(&exc[p], word);
		if (l) {
			const char *b = l + wl + 1;
			size_t bl = strcspn(b, " \n");
			if (bl < WORD_MAX) {
				memcpy(out[n], b, bl);
				out[n++][bl] = '\0';
			}
		}
	}
	if (find_line(&idx[p], word))
		strcpy(out[n++], word);
	for (int r = 0; rules[p][r][0] && n < 4; r++) {
		size_t sl = strlen(rules[p][r][0]), rl = strlen(rules[p][r][1]);
		if (wl <= sl + 1 || strcmp(word + wl - sl, rules[p][r][0]) ||
		    wl - sl + rl >= WORD_MAX)
			continue;
		memcpy(out[n], word, wl - sl);
		strcpy(out[n] + wl - sl, rules[p][r][1]);
		int dup = 0;
		for (int k = 0; k < n; k++)
			dup |= !strcmp(out[k], out[n]);
		if (!dup && find_line(&idx[p], out[n]))
			n++;
	}
	return n;
}

/* WordNet's files mapped, once: 1 when word can be looked up, 0 when it
 * cannot (none, empty, too long), -1 when WordNet is not installed */
static int lookup_ready(const char *word)
{
	pthread_once(&wn_once, wn_open);
	if (!wn_ok)
		return -1;
	return word && *word && strlen(word) < WORD_MAX;
}

int wa_wordnet_related(const char *word, int senses,
	void (*cb)(const char *related, int how, void *user), void *user)
{
	seen *s;
	char b[4][WORD_MAX];
	int ready = lookup_ready(word);

	if (ready <= 0 || strchr(word, ' '))
		return ready < 0 ? -1 : 0;
	s = wa_mem_calloc(1, sizeof *s);
	s->cb = cb;
	s->user = user;
	/* the word asked about, a phrase ("zip_code") too, is never given */
	for (size_t i = 0; word[i]; i++)
		s->w[0][i] = (char)(word[i] >= 'A' && word[i] <= 'Z' ? word[i] + 32 : word[i]);
	s->n = 1;
	for (int p = 0; p < POS; p++) {
		int n = bases(p, word, b);
		for (int i = 0; i < n; i++)
			give(s, b[i], strlen(b[i]), WA_WN_BASE);
		for (int i = 0; i < n; i++)
			senses_of(s, p, b[i], senses);
	}
	int given = s->n - 1;
	free(s);
	return given;
}

/* the first line of m (sorted) not before key */
static size_t lower_bound(const map *m, const char *key)
{
	size_t lo = 0, hi = m->len, kl = strlen(key);

	while (lo < hi) {
		size_t mid = line_start(m, lo + (hi - lo) / 2);
		if (mid < lo)
			mid = lo;
		const char *end = memchr(m->p + mid, '\n', m->len - mid);
		size_t ll = end ? (size_t)(end - (m->p + mid)) : m->len - mid;
		size_t n = ll < kl ? ll : kl;
		int c = memcmp(m->p + mid, key, n);
		if (c < 0 || (!c && ll < kl))
			lo = mid + ll + 1;
		else
			hi = mid;
	}
	return lo;
}

/* the sense counts of lemma in cntlist.rev, nouns in *noun, the rest in
 * *other */
/* how often SemCor uses lemma, by the sense key's type (1 noun, 2 verb,
 * 3 adjective, 4 adverb, 5 adjective satellite) into by[] */
static void count_uses(const char *lemma, int by[6])
{
	char key[WORD_MAX + 2];

	snprintf(key, sizeof key, "%s%%", lemma);
	size_t kl = strlen(key);
	for (size_t at = lower_bound(&counts, key); at + kl < counts.len &&
	    !memcmp(counts.p + at, key, kl);) {
		const char *l = counts.p + at, *e = memchr(l, '\n', counts.len - at);
		int type = l[kl] - '0';
		const char *sp = memchr(l, ' ', (size_t)((e ? e : counts.p + counts.len) - l));
		/* sense_key sense_number tag_cnt (no sscanf: the map has no NUL
		 * for it to stop at) */
		char *end;
		if (sp && type >= 1 && type <= 5) {
			strtol(sp, &end, 10);
			by[type] += (int)strtol(end, NULL, 10);
		}
		if (!e)
			break;
		at = (size_t)(e + 1 - counts.p);
	}
}

int wa_wordnet_uses(const char *word, int *noun, int *other, int *is_noun)
{
	char b[4][WORD_MAX];
	int known = 0, ready = lookup_ready(word);

	*noun = *other = *is_noun = 0;
	if (ready <= 0)
		return ready;
	for (int p = 0; p < POS; p++) {
		int n = bases(p, word, b);
		for (int i = 0; i < n; i++) {
			int by[6] = { 0 };
			count_uses(b[i], by);
			if (p == NOUN)
				*noun += by[1];
			else
				*other += by[2] + by[3] + by[4] + by[5];
		}
		known |= n > 0;
		*is_noun |= p == NOUN && n > 0;
	}
	if (adv.len && find_line(&adv, word)) {
		int by[6] = { 0 };
		count_uses(word, by);
		*other += by[2] + by[3] + by[4] + by[5];
		known = 1;
	}
	return known;
}

int wa_wordnet_describes(const char *word)
{
	char b[POS][4][WORD_MAX];
	int n[POS], by[6] = { 0 }, exact = 0, ready = lookup_ready(word);

	if (ready <= 0)
		return ready;
	for (int p = 0; p < POS; p++) {
		n[p] = bases(p, word, b[p]);
		for (int i = 0; i < n[p]; i++)
			exact |= p != VERB && !strcmp(b[p][i], word);
	}
	if (!n[NOUN] && !n[ADJ])
		return 0;
	/* a word that is itself a noun or an adjective ("sleeping", "walking")
	 * is compared as written, not by the verb it comes from */
	for (int p = 0; p < POS; p++)
		for (int i = 0; i < n[p]; i++) {
			int one[6] = { 0 };
			if (exact && strcmp(b[p][i], word))
				continue;
			count_uses(b[p][i], one);
			by[1] += p == NOUN ? one[1] : 0;
			by[2] += p == VERB ? one[2] : 0;
			by[3] += p == ADJ ? one[3] + one[5] : 0;
		}
	/* used more as a verb ("treat") or so often it picks nothing out
	 * ("other", "new") */
	int named = by[1] + by[3];
	return named >= by[2] && named < DESCRIBES_MAX;
}

int wa_wordnet_near(const char *word, char out[64])
{
	const map *ms[POS + 1] = { &idx[NOUN], &idx[VERB], &idx[ADJ], &adv };
	size_t wl = word ? strlen(word) : 0;
	int most = wl >= 8 ? 2 : 1, best = most + 1;

	pthread_once(&wn_once, wn_open);
	if (!wn_ok || wl < 4 || wl >= WORD_MAX)
		return 0;
	/* a misspelling mostly keeps its first letters, and so sorts near
	 * the word meant: the lemmas around it are compared */
	for (int p = 0; p <= POS; p++) {
		const map *m = ms[p];
		if (!m->len)
			continue;
		size_t at = lower_bound(m, word);
		for (int back = 0; back < 40 && at > 0; back++)
			at = line_start(m, at - 1);
		for (int k = 0; k < 80 && at < m->len; k++) {
			const char *l = m->p + at, *e = memchr(l, '\n', m->len - at);
			size_t n = strcspn(l, " \n");
			char lemma[WORD_MAX];
			if (n < WORD_MAX && *l != ' ' && !memchr(l, '_', n)) {
				memcpy(lemma, l, n);
				lemma[n] = '\0';
				int d = wa_text_edits(word, lemma, most);
				if (d < best && d > 0) {
					best = d;
					strcpy(out, lemma);
				}
			}
			if (!e)
				break;
			at = (size_t)(e + 1 - m->p);
		}
	}
	return best <= most;
}
