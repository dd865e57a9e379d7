/* Urgent situations in a message, by schemas/data/urgent.json: whole
 * words and phrases, any case, three languages; ordinary words that
 * contain one are not one ("painting" holds "pain"). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "text/urgent.h"

static void says(const char *text, const char *phrase)
{
	char *u = wa_urgent_new(text);

	if (!phrase)
		cr_assert_null(u, "%s: %s", text, u);
	else
		cr_assert(u && !strcmp(u, phrase), "%s: %s, not %s", text, u ? u : "none", phrase);
	free(u);
}

Test(urgent, situations)
{
	says("water is leaking at 11pm", "leaking");
	says("I'm LOCKED OUT of my flat", "locked out");
	says("my tooth hurts really badly", "hurts");
	says("Ich habe starke Schmerzen", "schmerzen");
	says("tengo un dolor de muelas", "dolor");
	says("there's a smell of gas in the hall", "smell of gas");
	says("it came broken", NULL);
	says("can I book a painting of the office", NULL);
	says("what are your opening hours", NULL);
	says("", NULL);
}
