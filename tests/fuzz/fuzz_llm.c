/* A chat-completions server's answer (lib/agent/llm_answer.c): the first
 * byte says whether it was streamed (bit 0) and in pieces of how many
 * bytes (the rest); the rest is the body.  Any answer is a message in
 * wa's form, or an error (65); the text handed over as it came is the
 * message's content. */
#include "fuzz.h"
#include "agent/llm.h"
#include "base/buf.h"

static void took(const char *text, size_t len, void *user)
{
	wa_buf_add(user, text, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	int streamed = data[0] & 1;
	size_t piece = (size_t)(data[0] >> 1) + 1;
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	wa_buf seen;
	wa_err err = WA_ERR_INIT;
	json_t *usage;

	wa_buf_init(&seen);
	wa_llm_answer *a = wa_llm_answer_new(took, &seen);
	for (size_t at = 0; streamed && at < len; at += piece)
		wa_llm_answer_feed(body + at, len - at < piece ? len - at : piece, a);
	json_t *m = wa_llm_answer_end_new(a, body, len, streamed, &usage, &err);
	if (!m) {
		FUZZ_ASSERT(err.code == 65 && err.msg[0] && !usage);
	} else {
		const char *content = json_string_value(json_object_get(m, "content"));
		FUZZ_ASSERT(!strcmp(json_string_value(json_object_get(m, "role")), "assistant"));
		FUZZ_ASSERT(content && strlen(content) == seen.len &&
			!memcmp(content, seen.data, seen.len));
		json_t *calls = json_object_get(m, "tool_calls"), *c;
		size_t i;
		FUZZ_ASSERT(!calls || json_array_size(calls) > 0);
		json_array_foreach(calls, i, c) {
			FUZZ_ASSERT(json_is_string(json_object_get(c, "id")));
			FUZZ_ASSERT(json_is_string(json_object_get(c, "name")));
			FUZZ_ASSERT(json_is_object(json_object_get(c, "arguments")));
		}
		FUZZ_ASSERT(!usage || json_is_object(usage));
	}
	json_decref(usage);
	json_decref(m);
	wa_llm_answer_free(a);
	wa_buf_free(&seen);
	return 0;
}
