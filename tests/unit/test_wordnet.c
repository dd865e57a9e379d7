/* WordNet read from Debian's wordnet-base: base forms by WordNet's own
 * morphology, related words, SemCor counts, misspellings.  Expected
 * values are WordNet's, read from its files with grep: "valued" is the
 * verb value (verb.exc has no entry; the rule -ed -> -e finds "value" in
 * index.verb), "sales" the noun sale, "whiter" the adjective white (rule
 * -er -> -e); index.noun lists "whitening" with one sense, 00273877, whose
 * derivation pointer (+) names the verb whiten; cntlist.rev holds
 * "bicycle%1:06:00:: 1 5" (the noun, 5 uses) and no verb sense of it. */
#include <criterion/criterion.h>
#include <string.h>

#include "text/text.h"
#include "text/wordnet.h"

typedef struct got {
	char words[64][64];
	int how[64], n;
} got;

static void keep(const char *w, int how, void *user)
{
	got *g = user;

	if (g->n < 64) {
		snprintf(g->words[g->n], 64, "%s", w);
		g->how[g->n++] = how;
	}
}

/* how word came among those given, or -1 */
static int given(const got *g, const char *word)
{
	for (int i = 0; i < g->n; i++)
		if (!strcmp(g->words[i], word))
			return g->how[i];
	return -1;
}

Test(wordnet, base_forms_and_derived_words)
{
	got g = { .n = 0 };

	cr_assert_gt(wa_wordnet_related("valued", 1, keep, &g), 0);
	cr_assert_eq(given(&g, "value"), WA_WN_BASE);
	cr_assert_eq(given(&g, "valued"), -1, "the word itself is not given");
	g.n = 0;
	wa_wordnet_related("sales", 1, keep, &g);
	cr_assert_eq(given(&g, "sale"), WA_WN_BASE);
	g.n = 0;
	wa_wordnet_related("whiter", 1, keep, &g);
	cr_assert_eq(given(&g, "white"), WA_WN_BASE);
	g.n = 0;
	wa_wordnet_related("whitening", 1, keep, &g);
	cr_assert_eq(given(&g, "whiten"), WA_WN_DERIVED);
	/* every word once */
	for (int i = 0; i < g.n; i++)
		for (int k = 0; k < i; k++)
			cr_assert_str_neq(g.words[i], g.words[k]);
	g.n = 0;
	cr_assert_eq(wa_wordnet_related("zzqxv", 1, keep, &g), 0);
	cr_assert_eq(wa_wordnet_related("two words", 1, keep, &g), 0);
}

Test(wordnet, uses_say_common_from_particular)
{
	int noun, other, is_noun;

	cr_assert_eq(wa_wordnet_uses("bicycles", &noun, &other, &is_noun), 1);
	cr_assert_eq(noun, 5);
	cr_assert(is_noun);
	cr_assert_eq(wa_wordnet_uses("paypal", &noun, &other, &is_noun), 0);
	/* "number": far more uses than any trade's word */
	cr_assert_eq(wa_wordnet_uses("number", &noun, &other, &is_noun), 1);
	cr_assert_gt(noun, 100);
}

/* By hand from cntlist.rev: "commercial" 4 uses as a noun, 24 as an
 * adjective, none as a verb; "treat" 83 as a verb, none as a noun;
 * "sleeping" as written 1 as a noun, 3 as an adjective (the verb is
 * "sleep"'s); "old" 235 as an adjective, too common to pick anything out */
Test(wordnet, describes_a_thing)
{
	cr_assert_eq(wa_wordnet_describes("commercial"), 1);
	cr_assert_eq(wa_wordnet_describes("sleeping"), 1);
	cr_assert_eq(wa_wordnet_describes("student"), 1);
	cr_assert_eq(wa_wordnet_describes("treat"), 0, "used as a verb");
	cr_assert_eq(wa_wordnet_describes("old"), 0, "too common");
	cr_assert_eq(wa_wordnet_describes("quickly"), 0, "an adverb");
	cr_assert_eq(wa_wordnet_describes("paypal"), 0, "not a word of WordNet");
}

/* data.noun's synset 06355705: ZIP_code, ZIP, postcode, postal_code; a
 * phrase asked about gives its one-word synonyms, the first of them too */
Test(wordnet, a_phrase_gives_its_synonyms)
{
	got g = { .n = 0 };

	cr_assert_eq(wa_wordnet_related("zip_code", 1, keep, &g), 2);
	cr_assert_eq(given(&g, "zip"), WA_WN_SYNONYM);
	cr_assert_eq(given(&g, "postcode"), WA_WN_SYNONYM);
}

Test(wordnet, misspellings_near_a_lemma)
{
	char near[64];

	cr_assert(wa_wordnet_near("pakage", near));
	cr_assert_str_eq(near, "package");
	cr_assert(wa_wordnet_near("invisble", near));
	cr_assert_str_eq(near, "invisible");
	cr_assert_not(wa_wordnet_near("qqqqzzzz", near));
	cr_assert_not(wa_wordnet_near("abc", near), "too short to say");
}

Test(wordnet, edit_distance_by_hand)
{
	/* kitten -> sitting: k/s, e/i, +g: three */
	cr_assert_eq(wa_text_edits("kitten", "sitting", 3), 3);
	cr_assert_eq(wa_text_edits("kitten", "sitting", 2), 3, "more than most: most + 1");
	cr_assert_eq(wa_text_edits("wnat", "want", 2), 1, "two letters swapped are one edit");
	cr_assert_eq(wa_text_edits("oder", "order", 1), 1);
	cr_assert_eq(wa_text_edits("same", "same", 1), 0);
	cr_assert_eq(wa_text_edits("a", "abcd", 1), 2, "lengths apart by more than most");
	/* four apart either way round: most + 1 both ways (the fuzzer's) */
	cr_assert_eq(wa_text_edits("pi", "wxyz", 2), 3);
	cr_assert_eq(wa_text_edits("wxyz", "pi", 2), 3);
}
