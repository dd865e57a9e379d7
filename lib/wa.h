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
 * - Allocation failure aborts: no caller checks for NULL from wa_mem_alloc
 *   or from jansson constructors.
 *
 * Errors: a fallible function returns 0 on success and -1 (or another
 * documented value) on failure, with a wa_err holding a sysexits code and
 * a message that names the record, field, file, line or URL.  lib/ never
 * prints (diag.h is for cmd/) and never exits.
 */
#ifndef WA_H
#define WA_H

#include "agent/agentcfg.h"
#include "ws/artifact.h"
#include "agent/calendar.h"
#include "base/buf.h"
#include "web/charset.h"
#include "doc/chart.h"
#include "base/clock.h"
#include "web/contacts.h"
#include "web/crawl.h"
#include "doc/doc.h"
#include "ws/dossier.h"
#include "base/embedded.h"
#include "doc/audit.h"
#include "doc/envelope.h"
#include "base/err.h"
#include "ws/event.h"
#include "web/extract.h"
#include "web/fetch.h"
#include "base/fs.h"
#include "agent/graph.h"
#include "base/hash.h"
#include "web/html.h"
#include "base/uuid.h"
#include "base/slug.h"
#include "agent/kb.h"
#include "agent/llm.h"
#include "ws/loop.h"
#include "doc/markdown.h"
#include "price/money.h"
#include "text/intents.h"
#include "text/slot.h"
#include "text/when.h"
#include "doc/pdf.h"
#include "doc/pdffile.h"
#include "doc/pdfobj.h"
#include "doc/pdfsign.h"
#include "agent/pii.h"
#include "price/price.h"
#include "price/ratecard.h"
#include "web/maintext.h"
#include "web/robots.h"
#include "ws/run.h"
#include "json/json.h"
#include "json/reader.h"
#include "json/schema.h"
#include "text/sentiment.h"
#include "ws/store.h"
#include "web/structured.h"
#include "text/template.h"
#include "text/keyphrases.h"
#include "text/summary.h"
#include "text/text.h"
#include "doc/ttf.h"
#include "base/uri.h"
#include "base/utf8.h"
#include "json/yaml.h"
#include "ws/ws.h"

#endif
