#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <setjmp.h>
#include <string.h>

#include "base/lazy.h"

static jmp_buf back;
static char said[600];

/* the failure hook: keep what it was told, and come back */
static void failed(const char *soname, const char *why)
{
	snprintf(said, sizeof said, "%s: %s", soname, why);
	longjmp(back, 1);
}

Test(lazy, loads_a_library_and_its_symbols_once)
{
	static union { void *syms[2]; struct { double (*cos)(double); double (*sqrt)(double); } f; } m;
	static const char *const names[] = { "cos", "sqrt", NULL };
	wa_lazy l = { "libm.so.6", names, m.syms, 0 };

	wa_lazy_load(&l);
	cr_assert_eq(l.state, 1);
	cr_assert_float_eq(m.f.cos(0), 1.0, 1e-12);
	cr_assert_float_eq(m.f.sqrt(2.25), 1.5, 1e-12);
	/* a second load finds it loaded and changes nothing */
	void *first = m.syms[0];
	m.syms[1] = NULL;
	wa_lazy_load(&l);
	cr_assert_eq(m.syms[0], first);
	cr_assert_null(m.syms[1]);
}

Test(lazy, a_missing_library_calls_the_hook_with_its_name)
{
	static void *syms[1];
	static const char *const names[] = { "anything", NULL };
	wa_lazy l = { "libwa-no-such-library.so.9", names, syms, 0 };

	wa_lazy_on_failure(failed);
	said[0] = '\0';
	if (!setjmp(back))
		wa_lazy_load(&l);
	wa_lazy_on_failure(NULL);
	cr_assert(strstr(said, "libwa-no-such-library.so.9: "), "%s", said);
	cr_assert_eq(l.state, 0);
}

Test(lazy, a_missing_symbol_calls_the_hook_naming_it)
{
	static void *syms[2];
	static const char *const names[] = { "cos", "wa_no_such_symbol", NULL };
	wa_lazy l = { "libm.so.6", names, syms, 0 };

	wa_lazy_on_failure(failed);
	said[0] = '\0';
	if (!setjmp(back))
		wa_lazy_load(&l);
	wa_lazy_on_failure(NULL);
	cr_assert(strstr(said, "libm.so.6: ") && strstr(said, "wa_no_such_symbol"), "%s", said);
	cr_assert_eq(l.state, 0);
}
