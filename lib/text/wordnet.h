/* wordnet.h - English words related to a word, from Princeton WordNet 3.0
 * as Debian's wordnet-base installs it (/usr/share/wordnet, or
 * $WA_WORDNET_DIR): its base forms by WordNet's own morphology (the
 * exception lists, then the suffix rules), the other words of its most
 * common senses, and the words derived from them ("valued": value,
 * valuate, valuation).  The files are mapped into memory on first use. */
#ifndef WA_WORDNET_H
#define WA_WORDNET_H

enum { WA_WN_BASE, WA_WN_SYNONYM, WA_WN_DERIVED };

/* Call cb with each word WordNet relates to word (lower case, one word:
 * "valued"), and how (WA_WN_*), at most once each, never word itself;
 * senses: how many of each part of speech's commonest senses to take.
 * The number of words given, or -1 when WordNet is not installed. */
int wa_wordnet_related(const char *word, int senses,
	void (*cb)(const char *related, int how, void *user), void *user);

/* How often WordNet's sense-tagged corpus (SemCor) uses word, by its
 * base forms: as a noun in *noun, otherwise in *other; *is_noun 1 when
 * it has a noun sense.  1 when WordNet knows the word, 0 when it does not
 * (a name, a brand, a misspelling), -1 when WordNet is not installed. */
int wa_wordnet_uses(const char *word, int *noun, int *other, int *is_noun);
/* 1 when word has a sense as a noun or an adjective ("commercial",
 * "sleeping", "student"): a word that can say which thing is meant; 0
 * when not, or WordNet does not know it; -1 when it is not installed. */
int wa_wordnet_describes(const char *word);
/* The word of WordNet a misspelt word (4 letters or more) meant: one
 * edit away (two from 8 letters), among the lemmas that sort near it,
 * into out; 1 when there is one, else 0. */
int wa_wordnet_near(const char *word, char out[64]);

#endif
