/* mem.h - allocation, and the ownership rule every lib/ function keeps.
 *
 * Ownership, stated once:
 * - A function whose name ends in _new or _dup returns memory or a
 *   jansson reference the caller owns and must free (free(),
 *   json_decref(), or the module's _free function).
 * - Every other returned pointer is borrowed: valid while its owner
 *   lives, never freed by the caller.
 * - json_t arguments are borrowed unless the function says it steals
 *   them (as jansson's *_new functions do).
 * - Allocation failure aborts: no caller checks for NULL from wa_mem_alloc
 *   or from jansson constructors.  A filter that runs out of memory can
 *   do nothing useful, and must not half-write.
 *
 * Errors are base/err.h's.
 */
#ifndef WA_MEM_H
#define WA_MEM_H

#include <stddef.h>

void *wa_mem_alloc(size_t n);
void *wa_mem_realloc(void *p, size_t n);
void *wa_mem_calloc(size_t n, size_t size);
char *wa_mem_strdup(const char *s);
/* The first n bytes of s (fewer at a NUL), NUL-terminated. */
char *wa_mem_strndup(const char *s, size_t n);

/* What to call, with the size asked for, before aborting when memory
 * runs out: the command library says so on stderr (lib/ never prints).
 * NULL (the default): abort at once. */
void wa_mem_on_failure(void (*fn)(size_t n));

#endif
