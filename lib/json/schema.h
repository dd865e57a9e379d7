/* schema.h - JSON Schema (draft-07) validation of jansson values.
 *
 * No C validator for jansson exists, so this is ours.  Supported: the
 * boolean schemas; $ref with $id base URIs, JSON pointers and
 * location-independent "#name" identifiers, within the schema or in
 * documents added with wa_schema_add_resource() (nothing is fetched);
 * definitions; type, enum, const; multipleOf, minimum, maximum,
 * exclusiveMinimum, exclusiveMaximum; minLength, maxLength (in code
 * points), pattern (PCRE2); items, additionalItems, minItems, maxItems,
 * uniqueItems, contains; required, properties, patternProperties,
 * additionalProperties, dependencies, propertyNames, minProperties,
 * maxProperties; if/then/else, allOf, anyOf, oneOf, not; format date,
 * date-time, email and uri (other formats are accepted, as the
 * specification allows).  Not supported: content* keywords.
 *
 * Errors name the failing value by its path: client.address.city,
 * client.languages[1], (root).
 */
#ifndef WA_SCHEMA_H
#define WA_SCHEMA_H

#include <jansson.h>

#include "base/err.h"

typedef struct wa_schema wa_schema;

/* A validator for root (borrowed; a reference is kept).  base_uri may be
 * NULL.  Fails (78) when a pattern does not compile. */
wa_schema *wa_schema_new(json_t *root, const char *base_uri, wa_err *err);
/* A validator for a schema built into the binary ("dossier.schema.json"). */
wa_schema *wa_schema_builtin(const char *name, wa_err *err);
/* Make doc (borrowed) available to $ref as uri. */
int wa_schema_add_resource(wa_schema *s, const char *uri, json_t *doc, wa_err *err);
void wa_schema_free(wa_schema *s);

typedef struct wa_schema_finding {
	char path[256];         /* where in the instance */
	char message[256];      /* what is wrong */
} wa_schema_finding;

#define WA_SCHEMA_FINDINGS_MAX 32

typedef struct wa_schema_result {
	int count;              /* findings kept (at most the max) */
	int total;              /* findings seen */
	wa_schema_finding findings[WA_SCHEMA_FINDINGS_MAX];
} wa_schema_result;

/* 0 valid, 1 invalid (res filled when not NULL), -1 when the schema
 * itself is at fault (an unresolvable $ref, a loop): err is 78. */
int wa_schema_validate(wa_schema *s, json_t *instance, wa_schema_result *res, wa_err *err);

/* Validate and turn findings into one 65 error: "PATH: MESSAGE" for the
 * first, with " (and N more)" after. */
int wa_schema_check(wa_schema *s, json_t *instance, wa_err *err);

#endif
