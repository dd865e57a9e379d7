/* What a customer types and what a knowledge base holds (lib/agent/
 * kb_passage.c, lib/text/urgent.c, lib/text/text.c): the first line is a
 * question, the rest a chunk; the passage picked from the chunk for any
 * question and any kind of answer asked for is made without a fault or a
 * leak and holds no more than the chunk and the joins between its lines,
 * and a word said apart from the next is the question's;
 * the emergency a message names is a phrase of the list; edit distances
 * are symmetric and never more than their limit plus one. */
#include <jansson.h>

#include "agent/kb_int.h"
#include "fuzz.h"
#include "text/text.h"
#include "text/urgent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const answers[] = { NULL, "money", "phone", "hours", "address",
		"number" };
	char *in = fuzz_text_new(data, size);

	FUZZ_ASSERT(in);
	char *nl = strchr(in, '\n');
	const char *query = in, *text = nl ? nl + 1 : in;
	if (nl)
		*nl = '\0';
	/* concepts as a question about parking prices makes them ("price"
	 * saying which parking, for wa_kb_apart) */
	json_t *concepts = json_loads("[{\"word\": \"price\", \"alts\": {\"en_price\": [1.0, 1.5], "
		"\"de_preis\": [0.85, 1.2]}, \"idf\": 1.5, \"weight\": 1.0, \"rank\": 1.0, "
		"\"modifies\": true}, "
		"{\"word\": \"parking\", \"alts\": {\"en_park\": [1.0, 2.0]}, \"idf\": 2.0, "
		"\"weight\": 1.0, \"rank\": 1.0}]", 0, NULL);
	const char *answer = answers[(size ? data[0] : 0) % 6];
	const char *source = size > 1 && data[1] & 1 ? "research:c#prices" : "page.html";
	const char *title = size > 1 && data[1] & 2 ? query : NULL;
	char *p = wa_kb_passage_new(text, title, source, "en", concepts, query, answer);
	FUZZ_ASSERT(p);
	size_t lines = 1;
	for (const char *c = text; *c; c++)
		lines += *c == '\n' || *c == ';' || *c == '.';
	FUZZ_ASSERT(strlen(p) <= strlen(text) + 2 * lines);
	free(p);
	(void)wa_kb_has_answer(text, answer);
	const char *apart = wa_kb_apart(text, "en", concepts);
	FUZZ_ASSERT(!apart || !strcmp(apart, "price"));
	char *u = wa_urgent_new(text);
	free(u);
	int ab = wa_text_edits(query, text, 2), ba = wa_text_edits(text, query, 2);
	FUZZ_ASSERT(ab == ba && ab >= 0 && ab <= 3);
	json_decref(concepts);
	free(in);
	return 0;
}
