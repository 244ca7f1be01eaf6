#include <stdatomic.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "hash.h"

static void
tohex(const unsigned char *md, unsigned int n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * n] = '\0';
}

/*
 * Returns libcrypto's SHA-256, fetched once: EVP_sha256() makes
 * EVP_DigestInit_ex() fetch it again on every call, which costs more
 * than hashing a record's key.  Kept until the process ends.
 */
static const EVP_MD *
sha256(void)
{
	static _Atomic(EVP_MD *) md;
	EVP_MD *m = atomic_load(&md), *none = NULL;

	if (m != NULL)
		return m;
	if ((m = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL)
		return NULL;
	if (!atomic_compare_exchange_strong(&md, &none, m)) {
		EVP_MD_free(m);
		m = none;
	}
	return m;
}

int
dp_sha256_hex(const void *const *parts, const size_t *lens, size_t n,
    char *out, struct dp_error *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	const EVP_MD *md_type;
	EVP_MD_CTX *ctx;
	size_t i;
	int ok;

	if ((md_type = sha256()) == NULL)
		return dp_error_set(err, DP_ERR_INTERNAL, NULL, 0, 0,
		    "SHA-256 failed");
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	ok = EVP_DigestInit_ex(ctx, md_type, NULL);
	for (i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, parts[i], lens[i]);
	ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return dp_error_set(err, DP_ERR_INTERNAL, NULL, 0, 0,
		    "SHA-256 failed");
	tohex(md, mdlen, out);
	return 0;
}

int
dp_hmac_sha256_hex(const void *key, size_t keylen, const void *data,
    size_t len, char *out, struct dp_error *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (keylen > INT32_MAX || HMAC(EVP_sha256(), key, (int)keylen, data,
	    len, md, &mdlen) == NULL)
		return dp_error_set(err, DP_ERR_INTERNAL, NULL, 0, 0,
		    "HMAC-SHA256 failed");
	tohex(md, mdlen, out);
	return 0;
}
