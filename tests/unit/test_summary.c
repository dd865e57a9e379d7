/* The extractive summary. */
#include <criterion/criterion.h>
#include <string.h>

#include "text/keyphrases.h"
#include "text/summary.h"

Test(summary, summary_keeps_order_and_key_sentences)
{
	const char *text = "Welcome. Our clinic offers teeth whitening for all adult patients. "
		"The weather in town is usually mild and pleasant in spring. "
		"Teeth whitening takes about one hour and needs no anaesthetic at all.";
	json_t *k = json_pack("[{s:s}]", "phrase", "teeth whitening");
	char *s = wa_summary_new(text, "en", k, 2);

	cr_assert_str_eq(s, "Our clinic offers teeth whitening for all adult patients. "
		"Teeth whitening takes about one hour and needs no anaesthetic at all.");
	free(s);
	json_decref(k);
}
