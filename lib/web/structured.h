/* structured.h - the structured data a page declares about itself:
 * JSON-LD scripts, microdata items (WHATWG HTML, "Microdata") and
 * OpenGraph properties, in the same shapes extruct gives, so the two can
 * be compared field by field. */
#ifndef WA_STRUCTURED_H
#define WA_STRUCTURED_H

#include <jansson.h>

#include "web/html.h"

/* The values of every application/ld+json script, in document order
 * (a top-level array is spread out).  Scripts that are not JSON are
 * skipped and counted in *invalid.  A new array. */
json_t *wa_structured_jsonld_new(htmlDocPtr doc, int *invalid);
/* The microdata items that are no other item's property, in document
 * order: {"type", "id", "properties"} ({"value"} for an item without
 * properties), itemref followed, URLs resolved against base.  A new
 * array. */
json_t *wa_structured_microdata_new(htmlDocPtr doc, const char *base);
/* OpenGraph: the <meta property content> children of <head> whose
 * prefix is one of the protocol's vocabularies (og, article, book,
 * music, profile, video, product) or declared in a prefix attribute of
 * <html> or <head>: an object of property to string, or to an array
 * when repeated. */
json_t *wa_structured_opengraph_new(htmlDocPtr doc);

/* Every schema.org object in jsonld and microdata, flattened to plain
 * JSON-LD-like objects ({"@type": "Dentist", "name": ...}), nested ones
 * (@graph, item values) included, for the fact extractors.  A new
 * array; the objects are shared with the inputs. */
json_t *wa_structured_things_new(json_t *jsonld, json_t *microdata);
/* The schema.org type name of a thing ("Dentist" for
 * "https://schema.org/Dentist"), the first when there are several, or
 * "". */
const char *wa_structured_thing_type(json_t *thing);

#endif
