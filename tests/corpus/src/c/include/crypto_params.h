#ifndef CRYPTO_PARAMS_H
#define CRYPTO_PARAMS_H

#define SECRET_KEY_SIZE   32
#define TOKEN_LEN         48
#define PASSWORD_MAX      256
#define HMAC_KEY_ENV      "ACME_HMAC_KEY"

/* Curve25519 base point, RFC 7748 */
static const unsigned char base_point[32] = { 9 };

/* Domain separation tags */
static const char token_tag[] = "acme/v1/session-token";
static const char password_tag[] = "acme/v1/password-hash";

#endif
