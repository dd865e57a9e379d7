/* embedded.h - data files built into the binaries: the workspace
 * migrations (schemas/migrations/NNNN-*.sql) and the JSON Schemas
 * (the JSON Schemas in schemas/).  Names are relative to schemas/. */
#ifndef WA_EMBEDDED_H
#define WA_EMBEDDED_H

#include <stddef.h>

typedef struct wa_embedded_file {
	const char *name;       /* "migrations/0001-base.sql" */
	const char *data;       /* NUL-terminated */
	size_t len;
} wa_embedded_file;

/* Sorted by name; ends with a NULL name. */
extern const wa_embedded_file wa_embedded_files[];

/* The file called name, or NULL. */
const wa_embedded_file *wa_embedded_find(const char *name);

#endif
