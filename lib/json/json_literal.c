/* json_literal.c - number literals kept as they were read, so that a value a
 * filter passes through is written back byte for byte (-0, 1E2, 5e-324,
 * integers past 64 bits, 1e999), as jq 1.7 keeps them: see json_int.h.
 *
 * A table from the jansson value to the text it came from, one for the
 * process: the record loop parses on one thread and may write on
 * another.  jansson's free goes through forget(), so an entry dies with
 * its value and an address used again never inherits an old literal; the
 * value is also compared when written, so a number a filter changed in
 * place (json_real_set) is written as it is now.  With no literal kept
 * (nearly always) neither free nor the writer takes the lock. */
#include "json/json_int.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

typedef struct entry {
	const json_t *v;        /* NULL: a free slot */
	json_type type;
	json_int_t i;           /* the value as read, to see a later change */
	double d;
	char *text;
} entry;

typedef struct table {
	entry *slots;
	size_t cap;             /* a power of two, or 0 */
	size_t count;
} table;

static table kept;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Whether any literal is kept.  Reading it unlocked is enough: a value
 * is kept by the thread that made it, before any other thread can see
 * the value (through a lock), so a thread holding a kept value sees a
 * count above 0. */
static int any_kept(void)
{
	return __atomic_load_n(&kept.count, __ATOMIC_RELAXED) != 0;
}

static size_t slot_of(const table *t, const void *v)
{
	uint64_t h = (uint64_t)(uintptr_t)v * 0x9E3779B97F4A7C15u;

	return (size_t)(h >> 32) & (t->cap - 1);
}

static entry *find(table *t, const void *v)
{
	if (!t->count)
		return NULL;
	for (size_t i = slot_of(t, v);; i = (i + 1) & (t->cap - 1)) {
		if (t->slots[i].v == v)
			return &t->slots[i];
		if (!t->slots[i].v)
			return NULL;
	}
}

static void put(table *t, entry e)
{
	size_t i = slot_of(t, e.v);

	while (t->slots[i].v)
		i = (i + 1) & (t->cap - 1);
	t->slots[i] = e;
	__atomic_store_n(&t->count, t->count + 1, __ATOMIC_RELAXED);
}

static void grow(table *t)
{
	table bigger = { wa_mem_calloc(t->cap ? t->cap * 2 : 64, sizeof(entry)),
		t->cap ? t->cap * 2 : 64, 0 };

	for (size_t i = 0; i < t->cap; i++)
		if (t->slots[i].v)
			put(&bigger, t->slots[i]);
	free(t->slots);
	t->slots = bigger.slots;        /* the count stays as it is */
	t->cap = bigger.cap;
}

/* Remove the entry at slot i, moving later ones of its run back so that
 * every entry stays reachable from its home slot (linear probing). */
static void remove_at(table *t, size_t i)
{
	free(t->slots[i].text);
	t->slots[i].v = NULL;
	__atomic_store_n(&t->count, t->count - 1, __ATOMIC_RELAXED);
	for (size_t j = (i + 1) & (t->cap - 1); t->slots[j].v; j = (j + 1) & (t->cap - 1)) {
		size_t home = slot_of(t, t->slots[j].v);
		/* j's entry may move to i when its home is not in (i, j] */
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			t->slots[i] = t->slots[j];
			t->slots[j].v = NULL;
			i = j;
		}
	}
	if (!t->count) {
		free(t->slots);
		t->slots = NULL;
		t->cap = 0;
	}
}

static void forget(void *p)
{
	if (any_kept()) {
		pthread_mutex_lock(&lock);
		entry *e = find(&kept, p);
		if (e)
			remove_at(&kept, (size_t)(e - kept.slots));
		pthread_mutex_unlock(&lock);
	}
	free(p);
}

__attribute__((constructor)) static void hook_jansson(void)
{
	json_set_alloc_funcs(malloc, forget);
}

void wa_json_literal_keep(const json_t *v, const char *text, size_t len)
{
	entry e = { v, json_typeof(v), 0, 0, NULL };

	if (json_is_integer(v))
		e.i = json_integer_value(v);
	else
		e.d = json_real_value(v);
	e.text = wa_mem_strndup(text, len);
	pthread_mutex_lock(&lock);
	entry *old = find(&kept, v);
	if (old) {                      /* not freed through jansson: replace */
		free(old->text);
		*old = e;
	} else {
		if ((kept.count + 1) * 4 > kept.cap * 3)
			grow(&kept);
		put(&kept, e);
	}
	pthread_mutex_unlock(&lock);
}

int wa_json_literal_append(wa_buf *out, const json_t *v)
{
	int found = 0;

	if (!any_kept())
		return 0;
	pthread_mutex_lock(&lock);
	const entry *e = find(&kept, v);
	if (e && e->type == json_typeof(v) && (e->type == JSON_INTEGER ?
	    e->i == json_integer_value(v) :
	    !memcmp(&e->d, &(double){ json_real_value(v) }, sizeof e->d))) {
		wa_buf_adds(out, e->text);
		found = 1;
	}
	pthread_mutex_unlock(&lock);
	return found;
}

size_t wa_json_literal_count(void)
{
	return __atomic_load_n(&kept.count, __ATOMIC_RELAXED);
}
