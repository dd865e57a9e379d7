/* Page extraction: main text, links and <base>, technologies, social
 * networks, structured data, facts from schema.org.  Expected values are
 * read off the small pages written here. */
#include <criterion/criterion.h>
#include <string.h>

#include "web/extract.h"
#include "web/html.h"
#include "web/maintext.h"
#include "web/structured.h"

static json_t *extract(const char *html, const char *url)
{
	wa_extract_opts o = { .country = "US", .currency = "USD" };

	return wa_extract_page_new(html, strlen(html), url, &o);
}

Test(maintext, the_article_not_the_navigation)
{
	const char *html = "<html><body>"
		"<nav class='menu'><a href='/'>Home</a> <a href='/a'>About</a> <a href='/c'>Contact</a></nav>"
		"<div class='sidebar'><p>Subscribe to our newsletter for offers, news, and more.</p></div>"
		"<div class='post-content'>"
		"<p>The harbour has been dredged twice this year, and the council says a third round, "
		"paid for by the port authority, will start in spring.</p>"
		"<p>Residents, who were not consulted, have complained about the noise, the dust, and the "
		"lorries that block the quay road every morning.</p>"
		"</div><footer>Copyright 2026, all rights reserved, terms, privacy.</footer></body></html>";
	htmlDocPtr doc = wa_html_parse(html, strlen(html));
	wa_buf out;

	wa_buf_init(&out);
	wa_maintext(doc, &out);
	cr_assert(strstr(out.data, "The harbour has been dredged twice this year"), "%s", out.data);
	cr_assert(strstr(out.data, "\n\nResidents, who were not consulted"), "%s", out.data);
	cr_assert_null(strstr(out.data, "Subscribe"), "%s", out.data);
	cr_assert_null(strstr(out.data, "Copyright"), "%s", out.data);
	cr_assert_null(strstr(out.data, "Contact"), "%s", out.data);
	wa_buf_free(&out);
	wa_html_free(doc);
}

Test(maintext, empty_and_garbage_pages)
{
	const char *pages[] = { "", "<", "<html>", "\x01\x02\x03", "<p>short</p>",
		"<script>var x = '<p>not text</p>';</script>" };
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		htmlDocPtr doc = wa_html_parse(pages[i], strlen(pages[i]));
		wa_buf out;
		wa_buf_init(&out);
		wa_maintext(doc, &out);
		cr_assert_null(strstr(out.data, "not text"));
		wa_buf_free(&out);
		wa_html_free(doc);
	}
}

/* A tag of 100,000 attributes took libxml2 over a minute (it checks
 * each against those before it): tags past 16 KiB are cut at a space and
 * closed, so the element keeps a few thousand and its text stays; a long
 * quoted value is cut the same way, its element's text kept. */
Test(extract, huge_tags_are_cut)
{
	wa_buf html, out;
	long attrs = 0;

	wa_buf_init(&html);
	wa_buf_adds(&html, "<html><body><div id=\"big\"");
	for (int i = 0; i < 100000; i++)
		wa_buf_addf(&html, " a%d=1", i);
	wa_buf_adds(&html, ">Hello attrs</div><p title=\"");
	for (int i = 0; i < 20000; i++)
		wa_buf_addc(&html, 'x');
	wa_buf_adds(&html, "\">Kept text</p><p>After</p></body></html>");
	htmlDocPtr doc = wa_html_parse(html.data, html.len);
	xmlNodePtr div = wa_html_find(wa_html_root(doc), "div");
	cr_assert_not_null(div);
	cr_assert_str_eq(wa_html_attr(div, "id"), "big");
	for (xmlAttrPtr a = div->properties; a; a = a->next)
		attrs++;
	cr_assert_gt(attrs, 1000, "%ld attributes", attrs);
	cr_assert_lt(attrs, 4000, "%ld attributes: not cut", attrs);
	wa_buf_init(&out);
	wa_html_text(wa_html_root(doc), &out);
	cr_assert(strstr(out.data, "Hello attrs"), "%.200s", out.data);
	cr_assert(strstr(out.data, "Kept text"), "%.200s", out.data);
	cr_assert(strstr(out.data, "After"), "%.200s", out.data);
	wa_buf_free(&out);
	wa_html_free(doc);
	wa_buf_free(&html);
}

Test(extract, links_base_and_social)
{
	json_t *p = extract("<html><head><base href='https://cdn.example/x/'></head><body>"
		"<a href='a.html#top'>A</a> <a href='a.html'>again</a> <a href='mailto:Hi@Shop.example?subject=x'>mail</a>"
		"<a href='tel:(555) 210-0199'>call</a> <a href='https://www.instagram.com/shop.example/'>ig</a>"
		"<a href='https://m.facebook.com/shop'>fb</a> <a href='javascript:void(0)'>js</a></body></html>",
		"https://shop.example/p/1");

	json_t *links = json_object_get(p, "links");
	cr_assert_eq(json_array_size(links), 1, "%s", json_dumps(links, 0));
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(links, 0), "url")),
		"https://cdn.example/x/a.html");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(p, "emails"), 0)),
		"hi@shop.example");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(
		json_object_get(p, "phones"), 0), "e164")), "+15552100199");
	json_t *social = json_object_get(p, "social");
	cr_assert_eq(json_array_size(social), 2);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(social, 0), "network")),
		"instagram");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(social, 1), "network")),
		"facebook");
	json_decref(p);
}

Test(extract, technologies)
{
	const char *html = "<div class=\"fb-customerchat\"></div> "
		"<link href=\"/wp-content/themes/x.css\">";
	json_t *t = wa_extract_technologies_new(html, strlen(html),
		"https://widget.intercom.io/widget/abc\nhttps://assets.calendly.com/x.js\n",
		"WordPress 6.4");
	const char *want[] = { "Intercom", "Facebook Messenger chat", "Calendly", "WordPress" };
	cr_assert_eq(json_array_size(t), 4, "%s", json_dumps(t, 0));
	for (size_t i = 0; i < 4; i++) {
		int found = 0;
		size_t k;
		json_t *x;
		json_array_foreach(t, k, x)
			found |= strcmp(json_string_value(json_object_get(x, "name")), want[i]) == 0;
		cr_assert(found, "%s missing", want[i]);
	}
	json_decref(t);
	t = wa_extract_technologies_new("<p>plain</p>", 12, "", NULL);
	cr_assert_eq(json_array_size(t), 0);
	json_decref(t);
	cr_assert_str_eq(wa_extract_social_network("https://www.linkedin.com/company/x"), "linkedin");
	cr_assert_null(wa_extract_social_network("https://notfacebook.com/x"));
	cr_assert_null(wa_extract_social_network("mailto:x@facebook.com"));
}

Test(extract, schema_org_facts)
{
	json_t *p = extract("<html><head><script type='application/ld+json'>"
		"{\"@context\":\"https://schema.org\",\"@type\":\"Restaurant\",\"name\":\"Chez Nous\","
		"\"telephone\":\"+1 (555) 210-0100\",\"servesCuisine\":\"French\","
		"\"address\":{\"@type\":\"PostalAddress\",\"streetAddress\":\"1 Rue\",\"addressLocality\":\"Lyon\",\"addressCountry\":\"FR\"},"
		"\"openingHoursSpecification\":[{\"@type\":\"OpeningHoursSpecification\","
		"\"dayOfWeek\":[\"https://schema.org/Tuesday\",\"https://schema.org/Wednesday\"],\"opens\":\"12:00\",\"closes\":\"14:30\"}],"
		"\"hasMenu\":{\"@type\":\"Menu\",\"hasMenuSection\":{\"@type\":\"MenuSection\",\"hasMenuItem\":"
		"{\"@type\":\"MenuItem\",\"name\":\"Soupe\",\"offers\":{\"@type\":\"Offer\",\"price\":\"9.50\",\"priceCurrency\":\"EUR\"}}}}}"
		"</script></head><body></body></html>", "https://chez.example/");

	json_t *org = json_array_get(json_object_get(p, "organizations"), 0);
	cr_assert_str_eq(json_string_value(json_object_get(org, "type")), "Restaurant");
	cr_assert_str_eq(json_string_value(json_object_get(org, "name")), "Chez Nous");
	json_t *addr = json_array_get(json_object_get(p, "addresses"), 0);
	cr_assert_str_eq(json_string_value(json_object_get(addr, "city")), "Lyon");
	json_t *h = json_array_get(json_object_get(p, "opening_hours"), 0);
	cr_assert_str_eq(json_string_value(json_object_get(h, "days")), "Tu,We");
	cr_assert_str_eq(json_string_value(json_object_get(h, "closes")), "14:30");
	json_t *offer = json_array_get(json_object_get(p, "offers"), 0);
	cr_assert_str_eq(json_string_value(json_object_get(offer, "name")), "Soupe");
	cr_assert_str_eq(json_string_value(json_object_get(offer, "price")), "9.50");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(
		json_object_get(p, "phones"), 0), "e164")), "+15552100100");
	json_decref(p);
}

Test(structured, microdata_itemref_and_values)
{
	const char *html = "<html><body>"
		"<div itemscope itemtype='https://schema.org/Person' itemref='extra'>"
		"<span itemprop='name'>Ana</span></div>"
		"<p id='extra'><span itemprop='jobTitle'>Dentist</span></p>"
		"<div itemscope><meta itemprop='x' content='1'></div>"
		"<span itemscope>alone</span></body></html>";
	htmlDocPtr doc = wa_html_parse(html, strlen(html));
	json_t *m = wa_structured_microdata_new(doc, "https://x.example/");

	cr_assert_eq(json_array_size(m), 3, "%s", json_dumps(m, 0));
	json_t *props = json_object_get(json_array_get(m, 0), "properties");
	cr_assert_str_eq(json_string_value(json_object_get(props, "name")), "Ana");
	cr_assert_str_eq(json_string_value(json_object_get(props, "jobTitle")), "Dentist");
	cr_assert_null(json_object_get(json_array_get(m, 1), "type"));
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(m, 2), "value")), "alone");
	json_decref(m);
	wa_html_free(doc);
}
