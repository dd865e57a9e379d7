/* lazy.h - shared libraries loaded when they are first needed rather
 * than when the program starts: a command that may fetch a page or parse
 * HTML does not pay for libcurl's and libxml2's dozens of dependencies
 * when it prints its version or reads a dossier.
 *
 * A library is named by its soname ("libcurl.so.4", the package's ABI)
 * with the symbols the caller uses, in the order of its table of
 * pointers.  One that cannot be loaded is a broken installation, as a
 * library the loader could not find would be: wa_lazy_load calls the
 * failure hook (the command library says which library and why, and
 * exits 69) and aborts when there is none. */
#ifndef WA_LAZY_H
#define WA_LAZY_H

typedef struct wa_lazy {
	const char *soname;             /* "libcurl.so.4" */
	const char *const *names;       /* the symbols, NULL-ended */
	void **syms;                    /* their addresses, filled in order */
	int state;                      /* 0 not yet, 1 loaded */
} wa_lazy;

/* Load l once (thread-safe; cheap once loaded). */
void wa_lazy_load(wa_lazy *l);

/* What to call, with the library's name and the loader's message, when
 * a library cannot be loaded; it should not return.  NULL (the
 * default): abort. */
void wa_lazy_on_failure(void (*fn)(const char *soname, const char *why));

#endif
