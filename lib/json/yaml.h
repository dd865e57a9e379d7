/* yaml.h - YAML configuration files as jansson values (libyaml).
 *
 * One document per file.  Plain scalars resolve as YAML 1.2's core
 * schema says (null, true/false, integers, floats); quoted scalars and
 * !!str are strings.  Mapping keys must be scalars and unique.  Aliases
 * are expanded, within a budget, so a "billion laughs" file fails
 * instead of eating memory.  Every error names the file, line and
 * column: "agents/dental.yaml:12:5: duplicate key "name"".
 */
#ifndef WA_YAML_H
#define WA_YAML_H

#include <jansson.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* Parse data (len bytes) named name in messages; a new reference, or
 * NULL with err (65). */
json_t *wa_yaml_parse_new(const char *data, size_t len, const char *name, wa_err *err);
/* Read and parse path; a missing file is 66. */
json_t *wa_yaml_load_new(const char *path, wa_err *err);
/* The same, and *marks a new object from each value's path, as schema.h
 * names paths ("tools[1].name", "(root)"), to its [line, column]. */
json_t *wa_yaml_parse_marks_new(const char *data, size_t len, const char *name, json_t **marks,
	wa_err *err);
json_t *wa_yaml_load_marks_new(const char *path, json_t **marks, wa_err *err);

/* A configuration file: YAML at path checked against the built-in JSON
 * Schema schema ("ratecard.schema.json").  A new object, or NULL with
 * err: 66 no such file, 78 a YAML error (file:line:col) or a schema
 * finding, prefixed "WHAT PATH" ("rate card examples/ratecard.yaml"). */
json_t *wa_yaml_config_load_new(const char *path, const char *schema, const char *what,
	wa_err *err);
/* The same for the text data (len bytes) named name. */
json_t *wa_yaml_config_parse_new(const char *data, size_t len, const char *name,
	const char *schema, const char *what, wa_err *err);

/* v as a YAML document, appended to out: strings that would read back as
 * numbers, booleans or null quoted, so that wa_yaml_parse_new gives v
 * back.  0, or -1 with err (70). */
int wa_yaml_dump(json_t *v, wa_buf *out, wa_err *err);

#endif
