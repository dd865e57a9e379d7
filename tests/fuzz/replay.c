/* replay.c - a fuzz target as a plain program: each FILE, or each file
 * in each DIRECTORY, is given to the target once.  make check replays the
 * corpora (tests/fuzz/corpus/TARGET) and the inputs that once crashed
 * (tests/fuzz/crashes/TARGET) this way, under the sanitizers.
 * usage: fuzz_TARGET FILE|DIRECTORY... */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static long replayed;

static int one(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		perror(path);
		return -1;
	}
	do {
		if (len == cap && !(data = realloc(data, cap = cap ? 2 * cap : 65536)))
			abort();
		n = fread(data + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	replayed++;
	return 0;
}

static int walk(const char *path)
{
	struct stat sb;

	if (stat(path, &sb)) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(sb.st_mode))
		return one(path);
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort), rc = 0;
	for (int i = 0; i < n; i++) {
		char sub[4096];
		if (names[i]->d_name[0] != '.') {
			snprintf(sub, sizeof sub, "%s/%s", path, names[i]->d_name);
			rc |= walk(sub);
		}
		free(names[i]);
	}
	free(names);
	return n < 0 ? -1 : rc;
}

int main(int argc, char **argv)
{
	int rc = 0;

	for (int i = 1; i < argc; i++)
		rc |= walk(argv[i]);
	printf("%s: %ld inputs replayed\n", argv[0], replayed);
	return rc ? 1 : 0;
}
