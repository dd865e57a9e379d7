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

int wa_pdfsign_sign(const char *name, const char *data, size_t len, const wa_pdfsign_signer *s,
	const wa_pdf_sign_opts *opts, wa_buf *out, wa_err *err)
{
	wa_pdffile pdf;
	update u = { &pdf, out, out->len, 0, NULL, 0 };
	wa_pdfobj *root = NULL, *acro = NULL, *fields = NULL, *pages = NULL, *page = NULL,
		*annots = NULL, *target = NULL;
	wa_pdfsign_field *fl = NULL;
	size_t nfl = 0;
	long acro_num = 0, fields_num = 0, annots_num = 0;
	int rc = -1;
	wa_buf cms;

	wa_buf_init(&cms);
	if (wa_pdffile_open(&pdf, name, data, len, err))
		return -1;
	const wa_pdfobj *root_ref = wa_pdfobj_dict_get(pdf.trailer, "Root");
	if (root_ref->type != WA_PDF_REF) {
		wa_err_set(err, WA_EX_DATAERR, "%s: a trailer /Root that is no reference", name);
		goto out;
	}
	if (wa_pdfobj_dict_get(pdf.trailer, "Encrypt")) {
		wa_err_set(err, WA_EX_DATAERR, "%s: an encrypted PDF, which wa cannot sign", name);
		goto out;
	}
	if (!(root = wa_pdffile_object_new(&pdf, root_ref->num, err)))
		goto out;
	pages = wa_pdfobj_new(WA_PDF_ARRAY);
	if (collect_pages(&pdf, wa_pdfobj_dict_get(root, "Pages"), 0, pages, err))
		goto out;
	if (!pages->n) {
		wa_err_set(err, WA_EX_DATAERR, "%s: a document without pages", name);
		goto out;
	}
	/* the form: its own object, or inside the catalog, or new */
	wa_pdfobj *form = wa_pdfobj_dict_get(root, "AcroForm");
	if (form && form->type == WA_PDF_REF)
		acro_num = form->num;
	acro = form ? wa_pdffile_resolve_new(&pdf, form, err) : wa_pdfobj_new(WA_PDF_DICT);
	if (!acro)
		goto out;
	wa_pdfobj *f = wa_pdfobj_dict_get(acro, "Fields");
	if (f && f->type == WA_PDF_REF)
		fields_num = f->num;
	fields = f ? wa_pdffile_resolve_new(&pdf, f, err) : wa_pdfobj_new(WA_PDF_ARRAY);
	if (!fields)
		goto out;
	if (wa_pdfsign_fields(&pdf, fields, 0, 0, &fl, &nfl, err))
		goto out;
	size_t signed_before = 0;
	wa_pdfsign_field *chosen = NULL;
	for (size_t i = 0; i < nfl; i++) {
		int empty = !wa_pdfobj_dict_get(fl[i].dict, "V");
		signed_before += !empty;
		if (opts->field ? strcmp(fl[i].title, opts->field) == 0 : empty && !chosen) {
			if (!empty) {
				wa_err_set(err, WA_EX_DATAERR, "%s: the field \"%s\" is signed already",
					name, opts->field);
				goto out;
			}
			chosen = &fl[i];
		}
	}
	if (opts->field && !chosen) {
		wa_buf names;
		wa_buf_init(&names);
		for (size_t i = 0; i < nfl; i++)
			wa_buf_addf(&names, "%s\"%s\"", i ? ", " : "", fl[i].title);
		wa_err_set(err, WA_EX_DATAERR, "%s: no signature field \"%s\" (the file has %s)",
			name, opts->field, nfl ? names.data : "none");
		wa_buf_free(&names);
		goto out;
	}

	time_t when = (time_t)(wa_clock_now_ms() / 1000);
	char m[64], human[64];
	pdf_date(when, m, sizeof m, human, sizeof human);
	u.next = pdf.size;
	long sig_num = u.next++;
	/* the revision starts on a line of its own */
	wa_buf_add(out, data, len);
	if (len && data[len - 1] != '\n' && data[len - 1] != '\r')
		wa_buf_addc(out, '\n');

	/* the signature dictionary, with room for the CMS */
	size_t room = wa_pdfsign_cms_room(s);
	begin_obj(&u, sig_num, 0);
	wa_pdfobj *sig = wa_pdfobj_new(WA_PDF_DICT);
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
	size_t range_at = out->len;
	wa_buf_adds(out, BYTERANGE_PLACEHOLDER);
	wa_buf_adds(out, " /Contents ");
	size_t contents_at = out->len;
	wa_buf_addc(out, '<');
	wa_buf_grow(out, 2 * room + 1);
	memset(out->data + out->len, '0', 2 * room);
	out->len += 2 * room;
	wa_buf_addc(out, '>');
	size_t contents_end = out->len;
	wa_buf_adds(out, " >>\nendobj\n");

	char title[32];
	snprintf(title, sizeof title, "Signature%zu", signed_before + 1);
	int acro_dirty = wa_pdfobj_int(wa_pdfobj_dict_get(acro, "SigFlags"), 0) != 3;
	if (chosen) {
		/* fill the field the document prepared */
		target = wa_pdfobj_dup(chosen->dict);
		wa_pdfobj_dict_set(target, "V", wa_pdfobj_ref_new(sig_num, 0));
		wa_pdfobj *r = wa_pdfobj_dict_get(target, "Rect");
		if (r && r->type == WA_PDF_ARRAY && r->n == 4) {
			double w = num_value(r->kids[2]) - num_value(r->kids[0]);
			double h = num_value(r->kids[3]) - num_value(r->kids[1]);
			if (w > 1 && h > 1) {
				long ap = u.next++;
				appearance(&u, ap, w, h, opts->name, human);
				wa_pdfobj *apd = wa_pdfobj_new(WA_PDF_DICT);
				wa_pdfobj_dict_set(apd, "N", wa_pdfobj_ref_new(ap, 0));
				wa_pdfobj_dict_set(target, "AP", apd);
			}
		}
		put_obj(&u, chosen->num, chosen->gen, target);
	} else {
		/* an invisible field on the last page */
		const wa_pdfobj *last = pages->kids[pages->n - 1];
		long widget = u.next++;
		target = wa_pdfobj_new(WA_PDF_DICT);
		wa_pdfobj_dict_set(target, "Type", wa_pdfobj_name_new("Annot"));
		wa_pdfobj_dict_set(target, "Subtype", wa_pdfobj_name_new("Widget"));
		wa_pdfobj_dict_set(target, "FT", wa_pdfobj_name_new("Sig"));
		wa_pdfobj_dict_set(target, "T", wa_pdfobj_str_new(title, strlen(title)));
		wa_pdfobj *rect = wa_pdfobj_new(WA_PDF_ARRAY);
		for (int i = 0; i < 4; i++)
			wa_pdfobj_array_add(rect, wa_pdfobj_int_new(0));
		wa_pdfobj_dict_set(target, "Rect", rect);
		wa_pdfobj_dict_set(target, "F", wa_pdfobj_int_new(132));   /* print, locked */
		wa_pdfobj_dict_set(target, "P", wa_pdfobj_dup(last));
		wa_pdfobj_dict_set(target, "V", wa_pdfobj_ref_new(sig_num, 0));
		put_obj(&u, widget, 0, target);
		if (!(page = wa_pdffile_object_new(&pdf, last->num, err)))
			goto out;
		wa_pdfobj *an = wa_pdfobj_dict_get(page, "Annots");
		if (an && an->type == WA_PDF_REF) {
			annots_num = an->num;
			if (!(annots = wa_pdffile_object_new(&pdf, an->num, err)))
				goto out;
			wa_pdfobj_array_add(annots, wa_pdfobj_ref_new(widget, 0));
			put_obj(&u, annots_num, pdf.gen[annots_num], annots);
		} else {
			if (!an || an->type != WA_PDF_ARRAY) {
				wa_pdfobj_dict_set(page, "Annots", wa_pdfobj_new(WA_PDF_ARRAY));
				an = wa_pdfobj_dict_get(page, "Annots");
			}
			wa_pdfobj_array_add(an, wa_pdfobj_ref_new(widget, 0));
			put_obj(&u, last->num, last->gen, page);
		}
		wa_pdfobj_array_add(fields, wa_pdfobj_ref_new(widget, 0));
		if (fields_num)
			put_obj(&u, fields_num, pdf.gen[fields_num], fields);
		else
			acro_dirty = 1;
	}
	if (acro_dirty) {
		wa_pdfobj_dict_set(acro, "SigFlags", wa_pdfobj_int_new(3));
		if (!fields_num)
			wa_pdfobj_dict_set(acro, "Fields", wa_pdfobj_dup(fields));
		if (acro_num) {
			put_obj(&u, acro_num, pdf.gen[acro_num], acro);
		} else {
			wa_pdfobj_dict_set(root, "AcroForm", wa_pdfobj_dup(acro));
			put_obj(&u, root_ref->num, root_ref->gen, root);
		}
	}

	/* the cross-reference section, in runs of consecutive numbers */
	size_t xref_at = out->len - u.base;
	long *order = wa_mem_alloc(u.nobjs * sizeof *order * 2);
	for (size_t i = 0; i < u.nobjs; i++)
		order[2 * i] = u.objs[i].num, order[2 * i + 1] = (long)i;
	qsort(order, u.nobjs, 2 * sizeof *order, obj_cmp);
	wa_buf_adds(out, "xref\n");
	for (size_t i = 0; i < u.nobjs;) {
		size_t j = i;
		while (j + 1 < u.nobjs && order[2 * (j + 1)] == order[2 * j] + 1)
			j++;
		wa_buf_addf(out, "%ld %zu\n", order[2 * i], j - i + 1);
		for (; i <= j; i++) {
			size_t k = (size_t)order[2 * i + 1];
			wa_buf_addf(out, "%010zu %05ld n\r\n", u.objs[k].off, u.objs[k].gen);
		}
	}
	free(order);
	/* the trailer: the file's first /ID kept, the second one new and
	 * derived from the file and what this revision adds */
	char hex[WA_SHA256_HEX], first[33];
	wa_hash_sha256_hex(out->data + u.base, out->len - u.base, hex);
	wa_pdfobj *id = wa_pdfobj_dict_get(pdf.trailer, "ID");
	if (id && id->type == WA_PDF_ARRAY && id->n == 2 && id->kids[0]->type == WA_PDF_STR) {
		wa_buf b;
		wa_buf_init(&b);
		wa_pdfobj_write(id->kids[0], &b);
		wa_buf_addf(out, "trailer\n<< /Size %ld /Root %ld %ld R", u.next, root_ref->num,
			root_ref->gen);
		if (wa_pdfobj_dict_get(pdf.trailer, "Info"))
			wa_buf_addf(out, " /Info %ld %ld R", wa_pdfobj_dict_get(pdf.trailer, "Info")->num,
				wa_pdfobj_dict_get(pdf.trailer, "Info")->gen);
		wa_buf_adds(out, " /ID [");
		wa_buf_add(out, b.data, b.len);
		wa_buf_free(&b);
	} else {
		snprintf(first, sizeof first, "%.32s", hex);
		wa_buf_addf(out, "trailer\n<< /Size %ld /Root %ld %ld R", u.next, root_ref->num,
			root_ref->gen);
		if (wa_pdfobj_dict_get(pdf.trailer, "Info"))
			wa_buf_addf(out, " /Info %ld %ld R", wa_pdfobj_dict_get(pdf.trailer, "Info")->num,
				wa_pdfobj_dict_get(pdf.trailer, "Info")->gen);
		wa_buf_addf(out, " /ID [<%s>", first);
	}
	wa_buf_addf(out, " <%.32s>] /Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", hex, pdf.startxref,
		xref_at);

	/* the byte ranges: all but the hex string of /Contents */
	size_t a = contents_at - u.base, b = contents_end - u.base, c = out->len - contents_end;
	char range[64];
	int rn = snprintf(range, sizeof range, "[0 %zu %zu %zu]", a, b, c);
	memset(out->data + range_at, ' ', strlen(BYTERANGE_PLACEHOLDER));
	memcpy(out->data + range_at, range, (size_t)rn);
	unsigned char digest[32];
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned int dl = 0;
	int ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) &&
		EVP_DigestUpdate(md, out->data + u.base, a) &&
		EVP_DigestUpdate(md, out->data + contents_end, c) &&
		EVP_DigestFinal_ex(md, digest, &dl);
	EVP_MD_CTX_free(md);
	if (!ok) {
		wa_pdfsign_openssl_error(err, "SHA-256");
		goto out;
	}
	if (wa_pdfsign_cms(s, digest, opts->legacy, when, &cms, err))
		goto out;
	if (cms.len > room) {
		wa_err_set(err, WA_EX_SOFTWARE, "the signature (%zu bytes) is larger than the room "
			"left for it (%zu)", cms.len, room);
		goto out;
	}
	for (size_t i = 0; i < cms.len; i++) {
		static const char digits[] = "0123456789ABCDEF";
		out->data[contents_at + 1 + 2 * i] = digits[(unsigned char)cms.data[i] >> 4];
		out->data[contents_at + 2 + 2 * i] = digits[(unsigned char)cms.data[i] & 15];
	}
	rc = 0;
out:
	if (rc)
		out->len = u.base;
	wa_buf_free(&cms);
	free(u.objs);
	wa_pdfsign_fields_free(fl, nfl);
	wa_pdfobj_free(root);
	wa_pdfobj_free(acro);
	wa_pdfobj_free(fields);
	wa_pdfobj_free(pages);
	wa_pdfobj_free(page);
	wa_pdfobj_free(annots);
	wa_pdfobj_free(target);
	wa_pdffile_close(&pdf);
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
