/* mem.c - allocation that aborts on failure: see mem.h. */
#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

static void (*on_failure)(size_t n);

void wa_mem_on_failure(void (*fn)(size_t n))
{
	on_failure = fn;
}

static void oom(size_t n)
{
	if (on_failure)
		on_failure(n);
	abort();
}

void *wa_mem_alloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *wa_mem_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *wa_mem_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(wa_mem_alloc(n), s, n);
}

char *wa_mem_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = wa_mem_alloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void *wa_mem_calloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p && n && size)
		oom(n * size);
	return p;
}
