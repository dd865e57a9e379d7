/* schema_int.h - what the two halves of the JSON Schema validator share:
 * schema_doc.c (documents, $id base URIs, $ref) and schema.c (keyword
 * validation).  Not part of libwa's interface. */
#ifndef WA_SCHEMA_INT_H
#define WA_SCHEMA_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8

#include <jansson.h>
#include <pcre2.h>

#include "json/schema.h"

enum {
	K_REF,
	K_TYPE,
	K_ENUM,
	K_CONST,
	K_MULTIPLE_OF,
	K_MAXIMUM,
	K_EXCLUSIVE_MAXIMUM,
	K_MINIMUM,
	K_EXCLUSIVE_MINIMUM,
	K_MAX_LENGTH,
	K_MIN_LENGTH,
	K_PATTERN,
	K_FORMAT,
	K_ITEMS,
	K_ADDITIONAL_ITEMS,
	K_MAX_ITEMS,
	K_MIN_ITEMS,
	K_UNIQUE_ITEMS,
	K_CONTAINS,
	K_REQUIRED,
	K_PROPERTIES,
	K_PATTERN_PROPERTIES,
	K_ADDITIONAL_PROPERTIES,
	K_DEPENDENCIES,
	K_PROPERTY_NAMES,
	K_MAX_PROPERTIES,
	K_MIN_PROPERTIES,
	K_ALL_OF,
	K_ANY_OF,
	K_ONE_OF,
	K_NOT,
	K_IF,
	K_THEN,
	K_ELSE,
	K_COUNT
};

typedef struct node_info {
	const void *key;
	char *base;             /* base URI in effect at this schema */
	pcre2_code *re;         /* compiled pattern keyed by its string */
	unsigned groups;        /* which keyword groups the schema uses */
	int scanned;
	json_t *kw[K_COUNT];    /* the schema's keywords, looked up once */
} node_info;

/* Keyword groups, so that validation looks up only what a schema has. */
enum {
	G_TYPE = 1, G_ENUM = 2, G_CONST = 4, G_NUMBER = 8, G_STRING = 16,
	G_ARRAY = 32, G_OBJECT = 64, G_COMBINE = 128,
};

struct wa_schema {
	json_t *root;
	json_t *resources;      /* absolute URI without fragment -> schema */
	int builtin;            /* load the other built-in schemas on demand */
	json_t *anchors;        /* URI with "#name" fragment -> schema */
	node_info *map;
	size_t cap, used;
	pcre2_match_data *md;
};

/* The information kept for key (a schema node, or a pattern's string),
 * created when create is set.  The map may move when it grows. */
node_info *wa_schema_info(wa_schema *s, const void *key, int create);
/* Look schema's keywords up once, into ni. */
void wa_schema_scan(node_info *ni, json_t *schema);
/* The schema $ref names from inside schema (borrowed), or NULL when it
 * cannot be resolved. */
json_t *wa_schema_ref_target(wa_schema *s, json_t *schema, const char *ref);

#endif
