/* stem.c - Snowball stemmers: see stem.h. */
#include "text/stem.h"

#include <libstemmer.h>
#include <stddef.h>

#include "base/lazy.h"

/* libstemmer's functions, in the order of their names below */
static union {
	void *syms[4];
	struct {
		struct sb_stemmer *(*make)(const char *algorithm, const char *encoding);
		const sb_symbol *(*stem)(struct sb_stemmer *st, const sb_symbol *word, int size);
		int (*length)(struct sb_stemmer *st);
		void (*delete)(struct sb_stemmer *st);
	} f;
} sb;
static const char *const sb_names[] = { "sb_stemmer_new", "sb_stemmer_stem",
	"sb_stemmer_length", "sb_stemmer_delete", NULL };
static wa_lazy libstemmer = { "libstemmer.so.0d", sb_names, sb.syms, 0 };
_Static_assert(sizeof sb.syms == sizeof sb.f, "a pointer a function");
_Static_assert(sizeof sb_names / sizeof *sb_names == sizeof sb.syms / sizeof(void *) + 1,
	"a name a function");

wa_stem *wa_stem_new(const char *language)
{
	wa_lazy_load(&libstemmer);
	return (wa_stem *)sb.f.make(language, "UTF_8");
}

const char *wa_stem_word(wa_stem *st, const char *word, int len, int *n)
{
	const sb_symbol *s = sb.f.stem((struct sb_stemmer *)st, (const sb_symbol *)word, len);

	*n = s ? sb.f.length((struct sb_stemmer *)st) : 0;
	return (const char *)s;
}

void wa_stem_free(wa_stem *st)
{
	if (st)
		sb.f.delete((struct sb_stemmer *)st);
}
