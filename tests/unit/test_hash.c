#include <criterion/criterion.h>

#include "base/hash.h"

/* FIPS 180-2 appendix B test vectors */
Test(hash, sha256_known_vectors)
{
	char h[WA_SHA256_HEX];

	wa_hash_sha256_hex("abc", 3, h);
	cr_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	wa_hash_sha256_hex("", 0, h);
	cr_assert_str_eq(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	wa_hash_sha256_hex(two, strlen(two), h);
	cr_assert_str_eq(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
