/* pdfsign.c - signing a PDF in an incremental update: see pdfsign.h. */
#include "doc/pdfsign.h"

#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "doc/pdffile.h"
#include "doc/pdfobj.h"
#include "doc/pdfsign_int.h"

typedef struct update {
	wa_pdffile *pdf;
	wa_buf *out;
	size_t base;            /* where the file starts in out */
	long next;              /* the next free object number */
	struct { long num, gen; size_t off; } *objs;
	size_t nobjs;
} update;

static void begin_obj(update *u, long num, long gen)
{
	u->objs = wa_mem_realloc(u->objs, (u->nobjs + 1) * sizeof *u->objs);
	u->objs[u->nobjs].num = num;
	u->objs[u->nobjs].gen = gen;
	u->objs[u->nobjs++].off = u->out->len - u->base;
	wa_buf_addf(u->out, "%ld %ld obj\n", num, gen);
}

static void put_obj(update *u, long num, long gen, const wa_pdfobj *o)
{
	begin_obj(u, num, gen);
	wa_pdfobj_write(o, u->out);
	wa_buf_adds(u->out, "\nendobj\n");
}

static int obj_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* the page references in order, walking /Kids (depth and count bounded) */
static int collect_pages(wa_pdffile *p, const wa_pdfobj *node, int depth, wa_pdfobj *pages,
	wa_err *err)
{
	if (depth > 32 || pages->n > 100000)
		return wa_err_set(err, WA_EX_DATAERR, "%s: a page tree too deep", p->name);
	wa_pdfobj *o = wa_pdffile_resolve_new(p, node, err);
	if (!o)
		return -1;
	int rc = 0;
	if (wa_pdfobj_is_name(wa_pdfobj_dict_get(o, "Type"), "Page")) {
		if (node->type == WA_PDF_REF)
			wa_pdfobj_array_add(pages, wa_pdfobj_dup(node));
	} else {
		wa_pdfobj *kids = wa_pdffile_resolve_new(p, wa_pdfobj_dict_get(o, "Kids"), err);
		for (size_t i = 0; kids && kids->type == WA_PDF_ARRAY && i < kids->n && !rc; i++)
			rc = collect_pages(p, kids->kids[i], depth + 1, pages, err);
		if (!kids)
			rc = -1;
		wa_pdfobj_free(kids);
	}
	wa_pdfobj_free(o);
	return rc;
}

static double num_value(const wa_pdfobj *o)
{
	return o && o->type == WA_PDF_NUM ? strtod(o->s, NULL) : 0;
}

/* UTF-8 to WinAnsi for the appearance's standard font; what it cannot
 * show becomes '?' */
static void winansi(const char *s, wa_buf *out)
{
	const char *end = s + strlen(s);

	while (s < end) {
		uint32_t cp = wa_utf8_next(&s, end);
		unsigned char c = cp == 0x20AC ? 0x80 : cp < 0x20 ? ' ' :
			(cp < 0x80 || (cp >= 0xA0 && cp < 0x100)) ? (unsigned char)cp : '?';
		if (c == '(' || c == ')' || c == '\\')
			wa_buf_addc(out, '\\');
		wa_buf_addc(out, (char)c);
	}
}

/* a Form XObject that shows who signed and when, for a visible wa_pdfsign_field */
static void appearance(update *u, long num, double w, double h, const char *who,
	const char *when)
{
	wa_buf content;

	wa_buf_init(&content);
	wa_buf_adds(&content, "q 0.1 0.2 0.5 rg BT /Helv 7 Tf 3 ");
	wa_buf_addf(&content, "%.2f Td (Digitally signed by ", h - 9 > 2 ? h - 9 : 2);
	winansi(who, &content);
	wa_buf_addf(&content, ") Tj 0 -8.5 Td (%s) Tj ET Q", when);
	begin_obj(u, num, 0);
	wa_buf_addf(u->out, "<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources "
		"<< /Font << /Helv << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
		"/WinAnsiEncoding >> >> >> /Length %zu >>\nstream\n", w, h, content.len);
	wa_buf_add(u->out, content.data, content.len);
	wa_buf_adds(u->out, "\nendstream\nendobj\n");
	wa_buf_free(&content);
}

static void pdf_date(time_t t, char *out, size_t size, char *human, size_t hsize)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, size, "D:%04d%02d%02d%02d%02d%02d+00'00'", tm.tm_year + 1900,
		tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	snprintf(human, hsize, "%04d-%02d-%02d %02d:%02d UTC", tm.tm_year + 1900, tm.tm_mon + 1,
		tm.tm_mday, tm.tm_hour, tm.tm_min);
}

#define BYTERANGE_PLACEHOLDER "[0 0000000000 0000000000 0000000000]"

/* One signature being added: the file as read, the incremental update
 * being written after it into out, and the objects it changes. */
typedef struct signing {
	const char *name;
	wa_pdffile pdf;
	update u;
	const wa_pdfobj *root_ref;
	wa_pdfobj *root, *acro, *fields, *pages, *page, *annots, *target;
	long acro_num, fields_num;      /* their own objects' numbers, or 0 */
	wa_pdfsign_field *fl;           /* the signature fields */
	size_t nfl, signed_before;
	wa_pdfsign_field *chosen;       /* the field to fill, or NULL: a new one */
	long sig_num;                   /* the signature dictionary's number */
	size_t range_at, contents_at, contents_end;     /* in out */
} signing;

static void signing_free(signing *g)
{
	free(g->u.objs);
	wa_pdfsign_fields_free(g->fl, g->nfl);
	wa_pdfobj_free(g->root);
	wa_pdfobj_free(g->acro);
	wa_pdfobj_free(g->fields);
	wa_pdfobj_free(g->pages);
	wa_pdfobj_free(g->page);
	wa_pdfobj_free(g->annots);
	wa_pdfobj_free(g->target);
}

/* the catalog, the pages, the form (its own object, inside the catalog,
 * or new) and its signature fields */
static int read_form(signing *g, wa_err *err)
{
	wa_pdffile *pdf = &g->pdf;

	g->root_ref = wa_pdfobj_dict_get(pdf->trailer, "Root");
	if (g->root_ref->type != WA_PDF_REF)
		return wa_err_set(err, WA_EX_DATAERR, "%s: a trailer /Root that is no reference",
			g->name);
	if (wa_pdfobj_dict_get(pdf->trailer, "Encrypt"))
		return wa_err_set(err, WA_EX_DATAERR, "%s: an encrypted PDF, which wa cannot sign",
			g->name);
	if (!(g->root = wa_pdffile_object_new(pdf, g->root_ref->num, err)))
		return -1;
	g->pages = wa_pdfobj_new(WA_PDF_ARRAY);
	if (collect_pages(pdf, wa_pdfobj_dict_get(g->root, "Pages"), 0, g->pages, err))
		return -1;
	if (!g->pages->n)
		return wa_err_set(err, WA_EX_DATAERR, "%s: a document without pages", g->name);
	wa_pdfobj *form = wa_pdfobj_dict_get(g->root, "AcroForm");
	if (form && form->type == WA_PDF_REF)
		g->acro_num = form->num;
	g->acro = form ? wa_pdffile_resolve_new(pdf, form, err) : wa_pdfobj_new(WA_PDF_DICT);
	if (!g->acro)
		return -1;
	wa_pdfobj *f = wa_pdfobj_dict_get(g->acro, "Fields");
	if (f && f->type == WA_PDF_REF)
		g->fields_num = f->num;
	g->fields = f ? wa_pdffile_resolve_new(pdf, f, err) : wa_pdfobj_new(WA_PDF_ARRAY);
	if (!g->fields)
		return -1;
	return wa_pdfsign_fields(pdf, g->fields, 0, 0, &g->fl, &g->nfl, err);
}

/* the field to sign: the one named, or the first empty one (NULL: none,
 * a new invisible field is added) */
static int choose_field(signing *g, const char *field, wa_err *err)
{
	for (size_t i = 0; i < g->nfl; i++) {
		int empty = !wa_pdfobj_dict_get(g->fl[i].dict, "V");
		g->signed_before += !empty;
		if (field ? strcmp(g->fl[i].title, field) == 0 : empty && !g->chosen) {
			if (!empty)
				return wa_err_set(err, WA_EX_DATAERR, "%s: the field \"%s\" is signed "
					"already", g->name, field);
			g->chosen = &g->fl[i];
		}
	}
	if (!field || g->chosen)
		return 0;
	wa_buf names;
	wa_buf_init(&names);
	for (size_t i = 0; i < g->nfl; i++)
		wa_buf_addf(&names, "%s\"%s\"", i ? ", " : "", g->fl[i].title);
	wa_err_set(err, WA_EX_DATAERR, "%s: no signature field \"%s\" (the file has %s)", g->name,
		field, g->nfl ? names.data : "none");
	wa_buf_free(&names);
	return -1;
}

/* the signature dictionary, with placeholders for the byte ranges and
 * room for the CMS (room bytes, in hex) */
static void signature_dict(signing *g, const wa_pdf_sign_opts *opts, const char *m,
	size_t room)
{
	wa_buf *out = g->u.out;
	wa_pdfobj *sig = wa_pdfobj_new(WA_PDF_DICT);

	g->sig_num = g->u.next++;
	begin_obj(&g->u, g->sig_num, 0);
	wa_pdfobj_dict_set(sig, "Type", wa_pdfobj_name_new("Sig"));
	wa_pdfobj_dict_set(sig, "Filter", wa_pdfobj_name_new("Adobe.PPKLite"));
	wa_pdfobj_dict_set(sig, "SubFilter", wa_pdfobj_name_new(opts->legacy ?
		"adbe.pkcs7.detached" : "ETSI.CAdES.detached"));
	wa_pdfobj_dict_set(sig, "Name", wa_pdfobj_text_new(opts->name));
	wa_pdfobj_dict_set(sig, "M", wa_pdfobj_str_new(m, strlen(m)));
	if (opts->reason)
		wa_pdfobj_dict_set(sig, "Reason", wa_pdfobj_text_new(opts->reason));
	wa_buf_add(out, "<<", 2);
	for (size_t i = 0; i + 1 < sig->n; i += 2) {
		wa_buf_addc(out, ' ');
		wa_pdfobj_write(sig->kids[i], out);
		wa_buf_addc(out, ' ');
		wa_pdfobj_write(sig->kids[i + 1], out);
	}
	wa_pdfobj_free(sig);
	wa_buf_adds(out, " /ByteRange ");
	g->range_at = out->len;
	wa_buf_adds(out, BYTERANGE_PLACEHOLDER);
	wa_buf_adds(out, " /Contents ");
	g->contents_at = out->len;
	wa_buf_addc(out, '<');
	wa_buf_grow(out, 2 * room + 1);
	memset(out->data + out->len, '0', 2 * room);
	out->len += 2 * room;
	wa_buf_addc(out, '>');
	g->contents_end = out->len;
	wa_buf_adds(out, " >>\nendobj\n");
}

/* fill the field the document prepared, with a visible appearance when
 * it has room for one */
static void fill_field(signing *g, const wa_pdf_sign_opts *opts, const char *human)
{
	g->target = wa_pdfobj_dup(g->chosen->dict);
	wa_pdfobj_dict_set(g->target, "V", wa_pdfobj_ref_new(g->sig_num, 0));
	wa_pdfobj *r = wa_pdfobj_dict_get(g->target, "Rect");
	if (r && r->type == WA_PDF_ARRAY && r->n == 4) {
		double w = num_value(r->kids[2]) - num_value(r->kids[0]);
		double h = num_value(r->kids[3]) - num_value(r->kids[1]);
		if (w > 1 && h > 1) {
			long ap = g->u.next++;
			appearance(&g->u, ap, w, h, opts->name, human);
			wa_pdfobj *apd = wa_pdfobj_new(WA_PDF_DICT);
			wa_pdfobj_dict_set(apd, "N", wa_pdfobj_ref_new(ap, 0));
			wa_pdfobj_dict_set(g->target, "AP", apd);
		}
	}
	put_obj(&g->u, g->chosen->num, g->chosen->gen, g->target);
}

/* add widget to the annotations of the last page (in their own object,
 * or in the page's) */
static int annotate_last_page(signing *g, long widget, wa_err *err)
{
	const wa_pdfobj *last = g->pages->kids[g->pages->n - 1];

	if (!(g->page = wa_pdffile_object_new(&g->pdf, last->num, err)))
		return -1;
	wa_pdfobj *an = wa_pdfobj_dict_get(g->page, "Annots");
	if (an && an->type == WA_PDF_REF) {
		long num = an->num;
		if (!(g->annots = wa_pdffile_object_new(&g->pdf, num, err)))
			return -1;
		wa_pdfobj_array_add(g->annots, wa_pdfobj_ref_new(widget, 0));
		put_obj(&g->u, num, g->pdf.gen[num], g->annots);
		return 0;
	}
	if (!an || an->type != WA_PDF_ARRAY) {
		wa_pdfobj_dict_set(g->page, "Annots", wa_pdfobj_new(WA_PDF_ARRAY));
		an = wa_pdfobj_dict_get(g->page, "Annots");
	}
	wa_pdfobj_array_add(an, wa_pdfobj_ref_new(widget, 0));
	put_obj(&g->u, last->num, last->gen, g->page);
	return 0;
}

/* an invisible field on the last page, named after the signatures
 * before it; *form_dirty when the form's own fields list changes */
static int add_field(signing *g, int *form_dirty, wa_err *err)
{
	const wa_pdfobj *last = g->pages->kids[g->pages->n - 1];
	long widget = g->u.next++;
	char title[32];

	snprintf(title, sizeof title, "Signature%zu", g->signed_before + 1);
	g->target = wa_pdfobj_new(WA_PDF_DICT);
	wa_pdfobj_dict_set(g->target, "Type", wa_pdfobj_name_new("Annot"));
	wa_pdfobj_dict_set(g->target, "Subtype", wa_pdfobj_name_new("Widget"));
	wa_pdfobj_dict_set(g->target, "FT", wa_pdfobj_name_new("Sig"));
	wa_pdfobj_dict_set(g->target, "T", wa_pdfobj_str_new(title, strlen(title)));
	wa_pdfobj *rect = wa_pdfobj_new(WA_PDF_ARRAY);
	for (int i = 0; i < 4; i++)
		wa_pdfobj_array_add(rect, wa_pdfobj_int_new(0));
	wa_pdfobj_dict_set(g->target, "Rect", rect);
	wa_pdfobj_dict_set(g->target, "F", wa_pdfobj_int_new(132));        /* print, locked */
	wa_pdfobj_dict_set(g->target, "P", wa_pdfobj_dup(last));
	wa_pdfobj_dict_set(g->target, "V", wa_pdfobj_ref_new(g->sig_num, 0));
	put_obj(&g->u, widget, 0, g->target);
	if (annotate_last_page(g, widget, err))
		return -1;
	wa_pdfobj_array_add(g->fields, wa_pdfobj_ref_new(widget, 0));
	if (g->fields_num)
		put_obj(&g->u, g->fields_num, g->pdf.gen[g->fields_num], g->fields);
	else
		*form_dirty = 1;
	return 0;
}

/* the form with SigFlags 3 (and its fields, when they are inside it):
 * its own object, or the catalog that holds it */
static void update_form(signing *g)
{
	wa_pdfobj_dict_set(g->acro, "SigFlags", wa_pdfobj_int_new(3));
	if (!g->fields_num)
		wa_pdfobj_dict_set(g->acro, "Fields", wa_pdfobj_dup(g->fields));
	if (g->acro_num) {
		put_obj(&g->u, g->acro_num, g->pdf.gen[g->acro_num], g->acro);
	} else {
		wa_pdfobj_dict_set(g->root, "AcroForm", wa_pdfobj_dup(g->acro));
		put_obj(&g->u, g->root_ref->num, g->root_ref->gen, g->root);
	}
}

/* the cross-reference section, in runs of consecutive numbers */
static void xref(update *u)
{
	long *order = wa_mem_alloc(u->nobjs * sizeof *order * 2);

	for (size_t i = 0; i < u->nobjs; i++)
		order[2 * i] = u->objs[i].num, order[2 * i + 1] = (long)i;
	qsort(order, u->nobjs, 2 * sizeof *order, obj_cmp);
	wa_buf_adds(u->out, "xref\n");
	for (size_t i = 0; i < u->nobjs;) {
		size_t j = i;
		while (j + 1 < u->nobjs && order[2 * (j + 1)] == order[2 * j] + 1)
			j++;
		wa_buf_addf(u->out, "%ld %zu\n", order[2 * i], j - i + 1);
		for (; i <= j; i++) {
			size_t k = (size_t)order[2 * i + 1];
			wa_buf_addf(u->out, "%010zu %05ld n\r\n", u->objs[k].off, u->objs[k].gen);
		}
	}
	free(order);
}

/* the trailer: the file's first /ID kept, the second one new and
 * derived from the file and what this revision adds (the xref at
 * xref_at) */
static void trailer(signing *g, size_t xref_at)
{
	wa_buf *out = g->u.out;
	const wa_pdfobj *info = wa_pdfobj_dict_get(g->pdf.trailer, "Info");
	wa_pdfobj *id = wa_pdfobj_dict_get(g->pdf.trailer, "ID");
	char hex[WA_SHA256_HEX];

	wa_hash_sha256_hex(out->data + g->u.base, out->len - g->u.base, hex);
	wa_buf_addf(out, "trailer\n<< /Size %ld /Root %ld %ld R", g->u.next, g->root_ref->num,
		g->root_ref->gen);
	if (info)
		wa_buf_addf(out, " /Info %ld %ld R", info->num, info->gen);
	wa_buf_adds(out, " /ID [");
	if (id && id->type == WA_PDF_ARRAY && id->n == 2 && id->kids[0]->type == WA_PDF_STR)
		wa_pdfobj_write(id->kids[0], out);
	else
		wa_buf_addf(out, "<%.32s>", hex);
	wa_buf_addf(out, " <%.32s>] /Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", hex,
		g->pdf.startxref, xref_at);
}

/* The byte ranges (all but the hex string of /Contents) in place of
 * their placeholder, and the CMS signature of their digest in its room. */
static int seal(signing *g, const wa_pdfsign_signer *s, const wa_pdf_sign_opts *opts,
	time_t when, size_t room, wa_err *err)
{
	wa_buf *out = g->u.out, cms;
	size_t a = g->contents_at - g->u.base, b = g->contents_end - g->u.base;
	size_t c = out->len - g->contents_end;
	char range[64];
	int rn = snprintf(range, sizeof range, "[0 %zu %zu %zu]", a, b, c);

	memset(out->data + g->range_at, ' ', strlen(BYTERANGE_PLACEHOLDER));
	memcpy(out->data + g->range_at, range, (size_t)rn);
	unsigned char digest[32];
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned int dl = 0;
	int ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) &&
		EVP_DigestUpdate(md, out->data + g->u.base, a) &&
		EVP_DigestUpdate(md, out->data + g->contents_end, c) &&
		EVP_DigestFinal_ex(md, digest, &dl);
	EVP_MD_CTX_free(md);
	if (!ok)
		return wa_pdfsign_openssl_error(err, "SHA-256");
	wa_buf_init(&cms);
	int rc = wa_pdfsign_cms(s, digest, opts->legacy, when, &cms, err);
	if (!rc && cms.len > room)
		rc = wa_err_set(err, WA_EX_SOFTWARE, "the signature (%zu bytes) is larger than the "
			"room left for it (%zu)", cms.len, room);
	for (size_t i = 0; !rc && i < cms.len; i++) {
		static const char digits[] = "0123456789ABCDEF";
		out->data[g->contents_at + 1 + 2 * i] = digits[(unsigned char)cms.data[i] >> 4];
		out->data[g->contents_at + 2 + 2 * i] = digits[(unsigned char)cms.data[i] & 15];
	}
	wa_buf_free(&cms);
	return rc;
}

int wa_pdfsign_sign(const char *name, const char *data, size_t len, const wa_pdfsign_signer *s,
	const wa_pdf_sign_opts *opts, wa_buf *out, wa_err *err)
{
	signing g = { .name = name };
	int rc = -1;

	g.u = (update){ &g.pdf, out, out->len, 0, NULL, 0 };
	if (wa_pdffile_open(&g.pdf, name, data, len, err))
		return -1;
	if (read_form(&g, err) || choose_field(&g, opts->field, err))
		goto out;
	time_t when = (time_t)(wa_clock_now_ms() / 1000);
	char m[64], human[64];
	pdf_date(when, m, sizeof m, human, sizeof human);
	g.u.next = g.pdf.size;
	/* the revision starts on a line of its own */
	wa_buf_add(out, data, len);
	if (len && data[len - 1] != '\n' && data[len - 1] != '\r')
		wa_buf_addc(out, '\n');
	size_t room = wa_pdfsign_cms_room(s);
	signature_dict(&g, opts, m, room);
	int form_dirty = wa_pdfobj_int(wa_pdfobj_dict_get(g.acro, "SigFlags"), 0) != 3;
	if (g.chosen)
		fill_field(&g, opts, human);
	else if (add_field(&g, &form_dirty, err))
		goto out;
	if (form_dirty)
		update_form(&g);
	size_t xref_at = out->len - g.u.base;
	xref(&g.u);
	trailer(&g, xref_at);
	rc = seal(&g, s, opts, when, room, err);
out:
	if (rc)
		out->len = g.u.base;
	signing_free(&g);
	wa_pdffile_close(&g.pdf);
	return rc;
}

/* terminal signature fields in document order */
int wa_pdfsign_fields(wa_pdffile *p, const wa_pdfobj *list, int depth, int sig_parent,
	wa_pdfsign_field **out, size_t *n, wa_err *err)
{
	if (!list || list->type != WA_PDF_ARRAY)
		return 0;
	if (depth > 16 || *n > 10000)
		return wa_err_set(err, WA_EX_DATAERR, "%s: a form field tree too deep", p->name);
	for (size_t i = 0; i < list->n; i++) {
		const wa_pdfobj *ref = list->kids[i];
		if (ref->type != WA_PDF_REF)
			continue;
		wa_pdfobj *f = wa_pdffile_object_new(p, ref->num, err);
		if (!f)
			return -1;
		int sig = wa_pdfobj_is_name(wa_pdfobj_dict_get(f, "FT"), "Sig") ||
			(sig_parent && !wa_pdfobj_dict_get(f, "FT"));
		wa_pdfobj *kids = wa_pdfobj_dict_get(f, "Kids");
		if (kids && kids->type == WA_PDF_ARRAY && !wa_pdfobj_dict_get(f, "Subtype")) {
			int rc = wa_pdfsign_fields(p, kids, depth + 1, sig, out, n, err);
			wa_pdfobj_free(f);
			if (rc)
				return rc;
			continue;
		}
		if (!sig) {
			wa_pdfobj_free(f);
			continue;
		}
		*out = wa_mem_realloc(*out, (*n + 1) * sizeof **out);
		(*out)[*n] = (wa_pdfsign_field){ ref->num, ref->gen, f, wa_pdfobj_to_text_new(wa_pdfobj_dict_get(f, "T")) };
		(*n)++;
	}
	return 0;
}

void wa_pdfsign_fields_free(wa_pdfsign_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		wa_pdfobj_free(f[i].dict);
		free(f[i].title);
	}
	free(f);
}
