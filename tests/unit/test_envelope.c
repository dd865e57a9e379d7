/* The envelope model's whole table of moves, allowed and forbidden, for
 * every kind, against a table written here from wa-nda(1) and
 * wa-proposal(1) (not from the code): each status to each other. */
#include <criterion/criterion.h>
#include <string.h>

#include "doc/envelope.h"

/* the documented moves: "from>to" pairs, every other pair forbidden */
static const char *const signed_kinds_allow[] = {
	"draft>sent", "draft>signed", "draft>voided",
	"sent>delivered", "sent>signed", "sent>completed", "sent>declined", "sent>voided",
	"sent>expired",
	"delivered>delivered", "delivered>signed", "delivered>completed", "delivered>declined",
	"delivered>voided", "delivered>expired",
	"signed>delivered", "signed>signed", "signed>completed", "signed>declined",
	"signed>voided", "signed>expired",
	NULL,
};
static const char *const signed_statuses[] = { "draft", "sent", "delivered", "signed",
	"completed", "declined", "voided", "expired", NULL };

static const char *const proposal_allow[] = {
	"draft>sent",
	"sent>viewed", "sent>accepted", "sent>declined", "sent>expired",
	"viewed>viewed", "viewed>accepted", "viewed>declined", "viewed>expired",
	NULL,
};
static const char *const proposal_statuses[] = { "draft", "sent", "viewed", "accepted",
	"declined", "expired", NULL };

static int allowed(const char *const *allow, const char *from, const char *to)
{
	char pair[64];

	snprintf(pair, sizeof pair, "%s>%s", from, to);
	for (; *allow; allow++)
		if (!strcmp(*allow, pair))
			return 1;
	return 0;
}

/* An envelope of kind in status from, two recipients in routing order
 * (the first signed already when from is signed; both when the move is
 * to completed, which waits for every signature). */
static json_t *envelope(const char *kind, const char *from, const char *to)
{
	int both = !strcmp(to, "completed"), first = both || !strcmp(from, "signed");

	return json_pack("{s:s, s:s, s:i, s:s, s:[{s:s, s:s, s:s, s:i, s:s}, {s:s, s:s, s:s, s:i, "
		"s:s}]}", "kind", kind, "client", "acme", "version", 1, "status", from,
		"recipients",
		"role", "agency", "name", "Ana Agent", "email", "ana@agency.example", "routing_order", 1,
		"status", first ? "signed" : "sent",
		"role", "client", "name", "Cal Client", "email", "cal@acme.example", "routing_order", 2,
		"status", both ? "signed" : "sent");
}

static void walk(const char *kind, const char *const *statuses, const char *const *allow)
{
	int checked = 0, moves = 0;

	for (const char *const *from = statuses; *from; from++)
		for (const char *const *to = statuses; *to; to++) {
			json_t *env = envelope(kind, *from, *to);
			/* who acts: the next to sign, else the client */
			const char *by = !strcmp(*to, "signed") && (!strcmp(*from, "signed")) ?
				"Cal Client" : !strcmp(*to, "signed") ? "Ana Agent" : "Cal Client";
			wa_envelope_change c = { .to = *to, .by = by, .reason = "a reason" };
			wa_err err = WA_ERR_INIT;
			int rc = wa_envelope_check(env, &c, &err);
			int want = allowed(allow, *from, *to);
			cr_assert_eq(rc == 0, want, "%s %s -> %s: %s (%s)", kind, *from, *to,
				rc == 0 ? "allowed" : "refused", err.msg);
			if (rc)
				cr_assert_eq(err.code, 65, "%s %s -> %s: code %d", kind, *from, *to,
					err.code);
			checked++;
			moves += want;
			json_decref(env);
		}
	cr_assert_gt(checked, 30);
	cr_assert_gt(moves, 8);
}

Test(envelope, nda_moves)
{
	walk("nda", signed_statuses, signed_kinds_allow);
}

Test(envelope, agreement_moves)
{
	walk("agreement", signed_statuses, signed_kinds_allow);
}

Test(envelope, proposal_moves)
{
	walk("proposal", proposal_statuses, proposal_allow);
}

/* a status of another kind, or none at all: a usage error, 64 */
Test(envelope, unknown_statuses)
{
	json_t *env = envelope("proposal", "sent", "sent");
	wa_envelope_change c = { .to = "signed", .by = "Cal Client" };
	wa_err err = WA_ERR_INIT;

	cr_assert_eq(wa_envelope_check(env, &c, &err), -1);
	cr_assert_eq(err.code, 64, "%d %s", err.code, err.msg);
	json_decref(env);
	env = envelope("nda", "sent", "sent");
	c.to = "accepted";
	cr_assert_eq(wa_envelope_check(env, &c, &err), -1);
	cr_assert_eq(err.code, 64, "%d %s", err.code, err.msg);
	json_decref(env);
}
