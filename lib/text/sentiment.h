/* sentiment.h - the sentiment of short English texts (reviews) by a
 * lexicon and rules in the style of VADER (Hutto and Gilbert, 2014):
 * negation, boosters and dampeners, "but", capitals, exclamation marks.
 * The lexicon is schemas/data/sentiment-en.json. */
#ifndef WA_SENTIMENT_H
#define WA_SENTIMENT_H

typedef struct wa_sentiment {
	double compound;        /* -1 most negative .. +1 most positive */
	double positive, negative, neutral;     /* shares, summing to 1 */
} wa_sentiment;

void wa_sentiment_of(const char *text, wa_sentiment *out);

#endif
