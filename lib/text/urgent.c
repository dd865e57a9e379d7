/* urgent.c - urgent situations in a message: see urgent.h.  A phrase
 * matches whole words, in lower case (ASCII and Latin-1 letters). */
#include "text/urgent.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "base/mem.h"
#include "text/text_int.h"

static json_t *phrases;         /* every language's, one array */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	const wa_embedded_file *f = wa_embedded_find("data/urgent.json");
	json_t *doc = f ? json_loadb(f->data, f->len, 0, NULL) : NULL, *list;
	const char *lang;

	phrases = json_array();
	json_object_foreach(json_object_get(doc, "phrases"), lang, list)
		json_array_extend(phrases, list);
	json_decref(doc);
}

/* 1 when the byte before p (in s) and the one after it end a word */
static int whole(const char *s, const char *p, size_t len)
{
	unsigned char before = p > s ? (unsigned char)p[-1] : ' ';
	unsigned char after = (unsigned char)p[len];

	return !(before >= 0x80 || (before >= 'a' && before <= 'z') ||
		 (before >= '0' && before <= '9')) &&
		!(after >= 0x80 || (after >= 'a' && after <= 'z') || (after >= '0' && after <= '9'));
}

char *wa_urgent_new(const char *text)
{
	json_t *ph;
	size_t i;
	char *found = NULL;

	pthread_once(&once, load);
	char *low = wa_text_lower_new(text ? text : "", text ? strlen(text) : 0);
	json_array_foreach(phrases, i, ph) {
		const char *w = json_string_value(ph);
		size_t l = strlen(w);
		for (const char *p = low; !found && (p = strstr(p, w)); p++)
			if (whole(low, p, l))
				found = wa_mem_strdup(w);
		if (found)
			break;
	}
	free(low);
	return found;
}
