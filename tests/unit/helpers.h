/* helpers.h - small helpers shared by the unit tests. */
#ifndef TEST_HELPERS_H
#define TEST_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A fresh temporary directory for one test; the path is static. */
static inline const char *tmpdir_new(void)
{
	static char path[64];

	snprintf(path, sizeof path, "/tmp/wa-unit-XXXXXX");
	return mkdtemp(path);
}

static inline void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

#endif
