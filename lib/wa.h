/* wa.h - libwa, the library every wa engine is built on.
 *
 * Ownership, stated once:
 * - A function whose name ends in _new or _dup returns memory or a
 *   jansson reference the caller owns and must free (free(),
 *   json_decref(), or the module's _free function).
 * - Every other returned pointer is borrowed: valid while its owner
 *   lives, never freed by the caller.
 * - json_t arguments are borrowed unless the function says it steals
 *   them (as jansson's *_new functions do).
 * - Allocation failure aborts: no caller checks for NULL from wa_xmalloc
 *   or from jansson constructors.
 *
 * Errors: a fallible function returns 0 on success and -1 (or another
 * documented value) on failure, with a wa_err holding a sysexits code and
 * a message that names the record, field, file, line or URL.  lib/ never
 * prints (diag.h is for cmd/) and never exits.
 */
#ifndef WA_H
#define WA_H

#include "agentcfg.h"
#include "artifact.h"
#include "calendar.h"
#include "buf.h"
#include "charset.h"
#include "chart.h"
#include "cli.h"
#include "clock.h"
#include "contacts.h"
#include "crawl.h"
#include "diag.h"
#include "document.h"
#include "dossier.h"
#include "embedded.h"
#include "envelope.h"
#include "err.h"
#include "event.h"
#include "extract.h"
#include "fetch.h"
#include "fsutil.h"
#include "graph.h"
#include "hash.h"
#include "html.h"
#include "ids.h"
#include "kb.h"
#include "llm.h"
#include "loop.h"
#include "markdown.h"
#include "money.h"
#include "nlu.h"
#include "pdf.h"
#include "pdfobj.h"
#include "pdfsign.h"
#include "pii.h"
#include "pricing.h"
#include "maintext.h"
#include "robots.h"
#include "run.h"
#include "schema.h"
#include "sentiment.h"
#include "store.h"
#include "stream.h"
#include "structured.h"
#include "template.h"
#include "text.h"
#include "ttf.h"
#include "uri.h"
#include "utf8.h"
#include "yamljson.h"
#include "ws.h"

#endif
