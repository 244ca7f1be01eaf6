/*
 * hash: SHA-256 digests and keyed HMAC-SHA256, through libcrypto, in the
 * lower-case hex form that dp/1 records carry.
 */
#ifndef DP_HASH_H
#define DP_HASH_H

#include <stddef.h>

#include "error.h"

#define DP_SHA256_HEX 64	/* hex digits in a SHA-256 digest */

/*
 * Writes the SHA-256 of the n parts (parts[i] of lens[i] bytes, hashed
 * one after the other) as hex into out, which holds DP_SHA256_HEX + 1
 * bytes.  Returns 0, or -1 with DP_ERR_INTERNAL when libcrypto fails.
 */
int	dp_sha256_hex(const void *const *parts, const size_t *lens, size_t n,
	    char *out, struct dp_error *err);

/*
 * Writes HMAC-SHA256 of data under key as hex into out (DP_SHA256_HEX + 1
 * bytes).  Returns 0, or -1 with DP_ERR_INTERNAL.
 */
int	dp_hmac_sha256_hex(const void *key, size_t keylen, const void *data,
	    size_t len, char *out, struct dp_error *err);

#endif
