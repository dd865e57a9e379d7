/* json_int.h - what json.c, json_parse.c and json_literal.c share, unseen by
 * the rest of the library. */
#ifndef WA_JSON_INT_H
#define WA_JSON_INT_H

#include "json/json.h"

/* d as wa writes it (the shortest text that reads back as d, and a real
 * stays a real) into out, NUL-terminated; its length. */
size_t wa_json_real_text(double d, char out[40]);

/* Remember that the number v was read from text[0..len), which differs
 * from how it would be written: the writer writes text instead while v
 * lives with the value it was read with. */
void wa_json_literal_keep(const json_t *v, const char *text, size_t len);
/* Append the text the number v was read from, when it is kept and v
 * still has the value it was read with: 1; else 0. */
int wa_json_literal_append(wa_buf *out, const json_t *v);
/* How many literals are kept (for tests: none may outlive its value). */
size_t wa_json_literal_count(void);

#endif
