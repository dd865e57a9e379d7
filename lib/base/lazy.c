/* lazy.c - shared libraries loaded on first use: see lazy.h. */
#include "base/lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static void (*on_failure)(const char *soname, const char *why);

void wa_lazy_on_failure(void (*fn)(const char *soname, const char *why))
{
	on_failure = fn;
}

static void fail(const char *soname, const char *why)
{
	if (on_failure)
		on_failure(soname, why);
	abort();
}

/* open l and find its symbols, with the lock held: 0, or -1 with why */
static int load(wa_lazy *l, char *why, size_t size)
{
	void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		snprintf(why, size, "%s", dlerror());
		return -1;
	}
	for (size_t i = 0; l->names[i]; i++) {
		dlerror();
		if (!(l->syms[i] = dlsym(h, l->names[i]))) {
			const char *e = dlerror();
			snprintf(why, size, "%s", e ? e : "a symbol is missing");
			return -1;
		}
	}
	/* the library stays loaded for the life of the process */
	__atomic_store_n(&l->state, 1, __ATOMIC_RELEASE);
	return 0;
}

void wa_lazy_load(wa_lazy *l)
{
	char why[512];
	int rc = 0;

	if (__atomic_load_n(&l->state, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&lock);
	if (!l->state)
		rc = load(l, why, sizeof why);
	pthread_mutex_unlock(&lock);
	if (rc)
		fail(l->soname, why);
}
