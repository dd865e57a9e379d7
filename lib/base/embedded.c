/* embedded.c - look-up of the data files built in: see embedded.h. */
#include "base/embedded.h"

#include <string.h>

const wa_embedded_file *wa_embedded_find(const char *name)
{
	for (const wa_embedded_file *f = wa_embedded_files; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}
