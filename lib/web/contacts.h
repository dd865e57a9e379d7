/* contacts.h - the facts in a page's text: e-mail addresses, phone
 * numbers in E.164, prices as exact decimal amounts, opening hours. */
#ifndef WA_CONTACTS_H
#define WA_CONTACTS_H

#include <jansson.h>
#include <stddef.h>

/* raw (as written: "(555) 010-0199", "+44 20 7946 0018", "020 7946
 * 0018") in E.164 ("+15550100199") for a number of country (ISO 3166
 * alpha-2, "US"; NULL or unknown: only numbers written with + or 00).
 * 0, or -1 when it is not a valid number there. */
int wa_contacts_e164(const char *raw, const char *country, char *out, size_t size);
/* The country calling code of country ("44" for GB), or NULL. */
const char *wa_contacts_country_code(const char *country);

/* Append to out (an array of unique strings) the e-mail addresses in
 * text, lower case. */
void wa_contacts_emails(const char *text, json_t *out);
/* Append to out the phone numbers in text that are valid for country,
 * as {"raw", "e164"}, unique by e164. */
void wa_contacts_phones(const char *text, const char *country, json_t *out);
/* Append to out the prices in text: {"text": "$1,200", "amount":
 * "1200.00", "currency": "USD", "context": "Implant consult"}.  currency
 * (ISO 4217) says what "$" means; NULL: USD. */
void wa_contacts_prices(const char *text, const char *currency, json_t *out);
/* Append to out the opening hours in text: {"text": "Mon-Fri 8am-6pm",
 * "days": "Mo-Fr", "opens": "08:00", "closes": "18:00"} (no opens and
 * closes when "closed"). */
void wa_contacts_hours(const char *text, json_t *out);
/* The same from a schema.org openingHours value ("Mo-Fr 08:00-17:00"). */
void wa_contacts_schema_hours(const char *spec, json_t *out);

#endif
