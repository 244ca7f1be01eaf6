#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "gitsig.h"

#define PGP_BEGIN "-----BEGIN PGP SIGNATURE-----"
#define PGP_MSG_BEGIN "-----BEGIN PGP MESSAGE-----"
#define SSH_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define X509_BEGIN "-----BEGIN SIGNED MESSAGE-----"

#define KEYID_MAX 512	/* "SHA256:" + 43, 64 hex digits, or "#serial/DN" */

/* Bytes decoded from an armor; at most as many as the armor had. */
struct bytes {
	unsigned char *p;
	size_t n;
};

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int
starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

/*
 * Decodes the base64 lines of s (n bytes) into out, from the first line
 * to one that starts with '=' (an OpenPGP checksum) or '-' (the END
 * line).  Returns 0, or -1 when memory runs out.
 */
static int
unarmor(const char *s, size_t n, struct bytes *out)
{
	uint32_t acc = 0;
	size_t i;
	int bits = 0, bol = 1, pad = 0;
	const char *c;

	out->n = 0;
	if ((out->p = malloc(n / 4 * 3 + 3)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			bol = 1;
			continue;
		}
		if (bol && (s[i] == '=' || s[i] == '-'))
			break;
		bol = 0;
		if (s[i] == '=')
			pad = 1;
		if (pad || (c = memchr(b64, s[i], 64)) == NULL || s[i] == '\0')
			continue;
		acc = acc << 6 | (uint32_t)(c - b64);
		if ((bits += 6) >= 8) {
			bits -= 8;
			out->p[out->n++] = (unsigned char)(acc >> bits);
		}
	}
	return 0;
}

/* Returns the offset after the first line of s, or n. */
static size_t
first_line(const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);

	return nl != NULL ? (size_t)(nl - s) + 1 : n;
}

/* Returns the offset after the first empty line in s, or n. */
static size_t
body(const char *s, size_t n)
{
	const char *p = memmem(s, n, "\n\n", 2);

	if (p == NULL)
		p = memmem(s, n, "\n\r\n", 3);
	return p != NULL ? (size_t)(p - s) + (p[1] == '\r' ? 3 : 2) : n;
}

static void
hex(const unsigned char *p, size_t n, char *out, size_t size)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n && 2 * i + 2 < size; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * i] = '\0';
}

/* Reads an OpenPGP subpacket length at *p; returns it, or -1. */
static long
subpacket_len(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *s = *p;
	long n;

	if (s >= end)
		return -1;
	if (s[0] < 192) {
		n = s[0];
		s += 1;
	} else if (s[0] < 255) {
		if (end - s < 2)
			return -1;
		n = ((long)(s[0] - 192) << 8) + s[1] + 192;
		s += 2;
	} else {
		if (end - s < 5)
			return -1;
		n = (long)((uint32_t)s[1] << 24 | (uint32_t)s[2] << 16 |
		    (uint32_t)s[3] << 8 | s[4]);
		s += 5;
	}
	if (n < 1 || n > end - s)
		return -1;
	*p = s;
	return n;
}

/*
 * Looks for issuer subpackets in the area [p, end): copies an Issuer
 * Fingerprint (33) into fpr, an Issuer (16) into id, as hex.
 */
static void
subpackets(const unsigned char *p, const unsigned char *end, char *fpr,
    char *id)
{
	long n;

	while ((n = subpacket_len(&p, end)) > 0) {
		int type = p[0] & 0x7f;

		if (type == 33 && n > 2 && fpr[0] == '\0')
			hex(p + 2, (size_t)n - 2, fpr, KEYID_MAX);
		else if (type == 16 && n == 9 && id[0] == '\0')
			hex(p + 1, 8, id, KEYID_MAX);
		p += n;
	}
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Writes the issuer named by the signature packet in b into keyid. */
static void
pgp_keyid(const struct bytes *b, char *keyid)
{
	const unsigned char *d = b->p;
	char fpr[KEYID_MAX] = "", id[KEYID_MAX] = "";
	size_t n = b->n, off, len, area, wide;
	int i;

	/* offsets, each checked against n before it is read */
	if (n < 2 || !(d[0] & 0x80))
		return;
	if (d[0] & 0x40) {
		/* new format: a 1, 2 or 5 octet length, never partial */
		if ((d[0] & 0x3f) != 2 || (d[1] >= 224 && d[1] != 255))
			return;
		off = d[1] < 192 ? 2 : d[1] < 224 ? 3 : 6;
	} else {
		if (((d[0] >> 2) & 15) != 2)
			return;
		len = (d[0] & 3) == 3 ? 0 : (size_t)1 << (d[0] & 3);
		off = 1 + len;
	}
	if (off >= n)
		return;
	if (d[off] == 3) {
		if (n - off >= 15)
			hex(d + off + 7, 8, id, sizeof(id));
		goto out;
	}
	if (d[off] < 4 || d[off] > 6 || n - off < 4)
		return;
	wide = d[off] == 6 ? 4 : 2;
	off += 4;
	/* the hashed subpackets, then the unhashed ones */
	for (i = 0; i < 2 && n - off >= wide; i++) {
		area = wide == 4 ? be32(d + off) :
		    (size_t)(d[off] << 8 | d[off + 1]);
		off += wide;
		if (area > n - off)
			break;
		subpackets(d + off, d + off + area, fpr, id);
		off += area;
	}
out:
	memcpy(keyid, fpr[0] != '\0' ? fpr : id, KEYID_MAX);
}

/* Writes "SHA256:" and the fingerprint of the key of SSHSIG b. */
static void
ssh_keyid(const struct bytes *b, char *keyid)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	uint32_t n;
	char *t;
	int i;

	if (b->n < 14 || memcmp(b->p, "SSHSIG", 6) != 0)
		return;
	n = be32(b->p + 10);
	if (n > b->n - 14 || EVP_Digest(b->p + 14, n, md, &mdlen,
	    EVP_sha256(), NULL) != 1)
		return;
	t = keyid + snprintf(keyid, KEYID_MAX, "SHA256:");
	for (i = 0; i + 2 < (int)mdlen; i += 3) {
		*t++ = b64[md[i] >> 2];
		*t++ = b64[(md[i] & 3) << 4 | md[i + 1] >> 4];
		*t++ = b64[(md[i + 1] & 15) << 2 | md[i + 2] >> 6];
		*t++ = b64[md[i + 2] & 63];
	}
	if ((int)mdlen - i == 2) {
		*t++ = b64[md[i] >> 2];
		*t++ = b64[(md[i] & 3) << 4 | md[i + 1] >> 4];
		*t++ = b64[(md[i + 1] & 15) << 2];
	} else if ((int)mdlen - i == 1) {
		*t++ = b64[md[i] >> 2];
		*t++ = b64[(md[i] & 3) << 4];
	}
	*t = '\0';
}

/*
 * Writes "#SERIAL/ISSUER" (hex serial, RFC 2253 issuer name, the way
 * gpgsm names a certificate) of the first signer of the CMS object b,
 * or its subject key identifier in hex.  Writes nothing when b is not
 * CMS or the text does not fit.
 */
static void
x509_keyid(const struct bytes *b, char *keyid)
{
	const unsigned char *p = b->p;
	CMS_ContentInfo *cms;
	STACK_OF(CMS_SignerInfo) *signers;
	ASN1_OCTET_STRING *skid = NULL;
	X509_NAME *issuer = NULL;
	ASN1_INTEGER *serial = NULL;
	BIGNUM *bn = NULL;
	BIO *bio = NULL;
	char *num = NULL;
	int n, r;

	if ((cms = d2i_CMS_ContentInfo(NULL, &p, (long)b->n)) == NULL)
		return;
	signers = CMS_get0_SignerInfos(cms);
	if (sk_CMS_SignerInfo_num(signers) < 1 ||
	    CMS_SignerInfo_get0_signer_id(sk_CMS_SignerInfo_value(signers,
	    0), &skid, &issuer, &serial) != 1)
		goto out;
	if (skid != NULL) {
		hex(ASN1_STRING_get0_data(skid),
		    (size_t)ASN1_STRING_length(skid), keyid, KEYID_MAX);
		goto out;
	}
	if (issuer == NULL || serial == NULL ||
	    (bn = ASN1_INTEGER_to_BN(serial, NULL)) == NULL ||
	    (num = BN_bn2hex(bn)) == NULL ||
	    (bio = BIO_new(BIO_s_mem())) == NULL)
		goto out;
	n = snprintf(keyid, KEYID_MAX, "#%s/", num);
	if (n < 0 || n >= KEYID_MAX ||
	    X509_NAME_print_ex(bio, issuer, 0, XN_FLAG_RFC2253) < 0) {
		keyid[0] = '\0';
		goto out;
	}
	r = BIO_read(bio, keyid + n, KEYID_MAX - n - 1);
	/* a name too long to show whole is not shown */
	keyid[r > 0 ? n + r : n] = '\0';
	if (BIO_pending(bio) > 0)
		keyid[0] = '\0';
out:
	BIO_free(bio);
	OPENSSL_free(num);
	BN_free(bn);
	CMS_ContentInfo_free(cms);
}

json_t *
dp_gitsig_describe(const char *sig, size_t len)
{
	struct bytes b = { NULL, 0 };
	char keyid[KEYID_MAX] = "";
	const char *type = "unknown";
	size_t skip;

	while (sig != NULL && len > 0 && (*sig == '\n' || *sig == ' ')) {
		sig++;
		len--;
	}
	if (sig == NULL || len == 0)
		type = "none";
	else if (starts(sig, len, PGP_BEGIN) ||
	    starts(sig, len, PGP_MSG_BEGIN)) {
		type = "gpg";
		skip = body(sig, len);
		if (unarmor(sig + skip, len - skip, &b) != 0)
			return NULL;
		pgp_keyid(&b, keyid);
	} else if (starts(sig, len, SSH_BEGIN)) {
		type = "ssh";
		skip = first_line(sig, len);
		if (unarmor(sig + skip, len - skip, &b) != 0)
			return NULL;
		ssh_keyid(&b, keyid);
	} else if (starts(sig, len, X509_BEGIN)) {
		type = "x509";
		skip = first_line(sig, len);
		if (unarmor(sig + skip, len - skip, &b) != 0)
			return NULL;
		x509_keyid(&b, keyid);
	}
	free(b.p);
	return json_pack("{s:s, s:s*}", "type", type, "key_id",
	    keyid[0] != '\0' ? keyid : NULL);
}
