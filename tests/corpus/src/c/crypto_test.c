/*
 * Known-answer tests for the hash and cipher wrappers, from FIPS 180-4,
 * RFC 4231 and NIST SP 800-38A.
 */
#include <assert.h>
#include <string.h>

#include "crypto.h"

static const char *sha256_abc =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
static const char *sha256_empty =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/* RFC 4231 test case 2 */
static const char *hmac_key = "Jefe";
static const char *hmac_data = "what do ya want for nothing?";
static const char *hmac_sha256_expected =
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

/* SP 800-38A F.1.1 ECB-AES128.Encrypt */
static const char *aes_key = "2b7e151628aed2a6abf7158809cf4f3c";
static const char *aes_plain = "6bc1bee22e409f96e93d7e117393172a";
static const char *aes_cipher = "3ad77bb40d7a3660a89ecaf32466ef97";

int
main(void)
{
	char out[65];

	crypto_sha256_hex("abc", 3, out);
	assert(strcmp(out, sha256_abc) == 0);
	crypto_sha256_hex("", 0, out);
	assert(strcmp(out, sha256_empty) == 0);
	crypto_hmac_sha256_hex(hmac_key, strlen(hmac_key), hmac_data,
	    strlen(hmac_data), out);
	assert(strcmp(out, hmac_sha256_expected) == 0);
	assert(crypto_aes128_ecb_check(aes_key, aes_plain, aes_cipher) == 0);
	return 0;
}
