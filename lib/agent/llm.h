/* llm.h - the chat-completions API of OpenAI, which OpenAI, Ollama, the
 * llama.cpp server and vLLM all speak: messages and tools in, an
 * assistant message with text or tool calls out, streamed as server-sent
 * events when asked, with timeouts and retries (lib/fetch.c: backoff,
 * Retry-After, on 408, 429 and 5xx and failures to connect).
 *
 * Messages are in wa's form, the graph's: {role, content}, an assistant's
 * {role, content, tool_calls: [{id, name, arguments (an object)}]} and a
 * tool's {role: "tool", tool_call_id, name, content}; this module turns
 * them into the wire format and back. */
#ifndef WA_LLM_H
#define WA_LLM_H

#include <jansson.h>
#include <stddef.h>

#include "base/err.h"

typedef struct wa_llm_opts {
	const char *base_url;   /* up to /v1: "http://127.0.0.1:11434/v1" */
	const char *model;
	const char *api_key;    /* sent as a bearer token, or NULL */
	long timeout_ms;        /* one request, start to end (60000) */
	int retries;            /* after the first try (2) */
	long backoff_ms;        /* the first wait, doubled each time (500) */
	double temperature;     /* < 0: the server's default */
	const char *user_agent; /* NULL: wa_fetch_opts_init's */
} wa_llm_opts;

void wa_llm_opts_init(wa_llm_opts *o);

/* The text of the answer, piece by piece as the server streams it. */
typedef void (*wa_llm_text_fn)(const char *text, size_t len, void *user);

/* One completion of messages (borrowed), with tools (borrowed: the
 * agent's tool configs {name, description, parameters}, or NULL).  With
 * on_text the answer is streamed and its text handed over as it comes.
 * *answer: an assistant message in wa's form; a tool call whose
 * arguments are not a JSON object gets {} as arguments and the reason in
 * "arguments_error".  *usage (may be NULL): {prompt_tokens,
 * completion_tokens} when the server tells, else NULL.  0, or -1 with
 * err: 69 the server down, timing out or still refusing (429, 5xx) after
 * the retries; 77 the key refused (401, 403); 65 the request refused
 * (another 4xx) or an answer that is not a chat completion. */
int wa_llm_chat(const wa_llm_opts *o, json_t *messages, json_t *tools, wa_llm_text_fn on_text,
	void *user, json_t **answer, json_t **usage, wa_err *err);

/* Reading an answer as wa_llm_chat does, for a server's bytes that
 * came otherwise (and for tests): new, feed the bytes of a streamed
 * answer as they come (on_text is called with its text), then end with
 * the whole body.  An answer is whole JSON or server-sent events, streamed
 * as asked or not.  end: the assistant message, or NULL with err (65, an
 * answer that is not a chat completion); *usage as wa_llm_chat's. */
typedef struct wa_llm_answer wa_llm_answer;
wa_llm_answer *wa_llm_answer_new(wa_llm_text_fn on_text, void *user);
int wa_llm_answer_feed(const char *p, size_t n, void *answer);
json_t *wa_llm_answer_end_new(wa_llm_answer *a, const char *body, size_t len, int streamed,
	json_t **usage, wa_err *err);
void wa_llm_answer_free(wa_llm_answer *a);

/* The request body wa_llm_chat sends (a new object): for tests and
 * --verbose. */
json_t *wa_llm_request_new(const wa_llm_opts *o, json_t *messages, json_t *tools, int stream);

#endif
