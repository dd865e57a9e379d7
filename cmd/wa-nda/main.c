/* wa-nda - the NDA an agency sends before it sees a client's data, from
 * template to signed.  Without a command it is the filter that writes
 * NDAs (generate.c); the commands drive one NDA through its life. */
#include <string.h>

#include "nda.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
} commands[] = {
	{ "sign", nda_sign_main },
	{ "verify", nda_verify_main },
	{ "status", nda_status_main },
	{ "remind", nda_remind_main },
	{ "audit", nda_audit_main },
	{ "certificate", nda_certificate_main },
	{ "send", nda_send_main },
	{ "webhook", nda_webhook_main },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	if (argc > 1)
		for (int i = 0; commands[i].name; i++)
			if (strcmp(argv[1], commands[i].name) == 0)
				return commands[i].fn(argc - 1, argv + 1);
	return nda_generate_main(argc, argv);
}
