#include <string.h>

#include <criterion/criterion.h>

#include "hash.h"

Test(hash, sha256_of_parts_is_sha256_of_concatenation)
{
	const void *parts[2] = { "ab", "c" };
	size_t lens[2] = { 2, 1 };
	char hex[DP_SHA256_HEX + 1];

	cr_assert_eq(dp_sha256_hex(parts, lens, 2, hex, NULL), 0);
	cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}

Test(hash, hmac_matches_rfc4231_case_2)
{
	char hex[DP_SHA256_HEX + 1];
	const char *data = "what do ya want for nothing?";

	cr_assert_eq(dp_hmac_sha256_hex("Jefe", 4, data, strlen(data), hex,
	    NULL), 0);
	cr_assert_str_eq(hex, "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843");
}
