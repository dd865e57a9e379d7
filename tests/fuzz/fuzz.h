/* fuzz.h - a fuzz target: libFuzzer's entry point, which replay.c also
 * calls for each file of a corpus (make check), so that every target is
 * a plain program as well (make fuzz builds them for libFuzzer). */
#ifndef WA_FUZZ_H
#define WA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data as a NUL-terminated string, a new copy */
static inline char *fuzz_text_new(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/* a property that must hold: else abort, which both libFuzzer and the
 * replay report as a crash with the input that made it */
#define FUZZ_ASSERT(c) do { if (!(c)) abort(); } while (0)

#endif
