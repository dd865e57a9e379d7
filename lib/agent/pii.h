/* pii.h - personal data in conversations: found, replaced by typed
 * placeholders ("[EMAIL_1]", "[PHONE_2]"), and the originals kept in a
 * vault sealed with AES-256-GCM, so that what is at rest in the
 * workspace names nobody in clear.
 *
 * Found: email addresses; card numbers (13 to 19 digits, spaces or dashes
 * between, passing Luhn's check); national ids (US social security
 * numbers ddd-dd-dddd, UK National Insurance numbers AB 12 34 56 C);
 * phone numbers (7 to 15 digits, an optional +, spaces, dots, dashes and
 * brackets between, not a date); street addresses (a house number, one
 * to three words and a street word: Street, Road, Lane, Avenue, Straße...).
 *
 * A vault is a JSON object from placeholder to original; the same
 * original keeps its placeholder. */
#ifndef WA_PII_H
#define WA_PII_H

#include <jansson.h>

#include "base/err.h"

#define WA_PII_KID 17           /* a key's id: 16 hex digits and a NUL */

/* The vault key: the file's contents or else $WA_PII_KEY, 64 hex digits
 * or 32 bytes in base64, and its id (the first 8 bytes of its SHA-256,
 * in hex).  1 when neither is there, 0 with the key, -1 with err (78) for
 * a key that is not 32 bytes, (66) a missing file. */
int wa_pii_key_load(const char *file, const char *env, unsigned char key[32],
	char kid[WA_PII_KID], wa_err *err);

/* v with the personal data in its strings replaced (a new value); vault
 * gets the new placeholders. */
json_t *wa_pii_redact_new(json_t *v, json_t *vault);
/* v with vault's placeholders replaced by the originals (a new value). */
json_t *wa_pii_reveal_new(json_t *v, json_t *vault);

/* vault sealed with key: {"kid", "iv", "tag", "data"} as JSON text (a
 * new string; iv 12 random bytes, base64). */
char *wa_pii_seal_new(const unsigned char key[32], const char *kid, json_t *vault);
/* The vault in sealed text (a new object), or NULL with err: 77 sealed
 * with another key (its id named) or altered since (the tag fails). */
json_t *wa_pii_open_new(const unsigned char key[32], const char *kid, const char *sealed,
	wa_err *err);

#endif
