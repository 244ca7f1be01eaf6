#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "gitsig.h"

/* Made by gpg for key A0B846AF9455B14A1F1C82206B376BE27C017D26. */
static const char pgp_sig[] =
    "-----BEGIN PGP SIGNATURE-----\n"
    "\n"
    "iHUEABYIAB0WIQSguEavlFWxSh8cgiBrN2vifAF9JgUCawtyIgAKCRBrN2vifAF9\n"
    "JlwMAQCAHiFTuHGbEJmnWbceds7Etdwe0nOnsRrFFnR3eHD7IgEA1lfJQDTUXyGW\n"
    "B3P7xySQ03BoAlvA1bhAorvGC7UeTAM=\n"
    "=Za+j\n"
    "-----END PGP SIGNATURE-----\n";

/* Made by ssh-keygen -Y sign for SHA256:nqU3dru5...RqhK0k8. */
static const char ssh_sig[] =
    "-----BEGIN SSH SIGNATURE-----\n"
    "U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgEwqUMSsIf6jCDJHcdYsQiqYpqB\n"
    "diX0L6YHNGSYBfHn0AAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABTAAAAC3NzaC1lZDI1NTE5\n"
    "AAAAQEn87D7mINxH7CpcMQIU/LkPO6SG+//L7VQ7yHVeQgbGzxvmcmey9rlTOSyg4SKEvt\n"
    "9Vxa7tiA+u61ikUuSrUAI=\n"
    "-----END SSH SIGNATURE-----\n";

static json_t *
describe(const char *sig)
{
	json_t *o = dp_gitsig_describe(sig, sig != NULL ? strlen(sig) : 0);

	cr_assert_not_null(o);
	return o;
}

static void
expect(const char *sig, const char *type, const char *key_id)
{
	json_t *o = describe(sig);
	json_t *k = json_object_get(o, "key_id");

	cr_assert_str_eq(json_string_value(json_object_get(o, "type")), type);
	if (key_id == NULL)
		cr_assert_null(k, "key_id %s", json_string_value(k));
	else
		cr_assert_str_eq(json_string_value(k), key_id);
	json_decref(o);
}

Test(gitsig, openpgp_issuer_fingerprint)
{
	expect(pgp_sig, "gpg", "A0B846AF9455B14A1F1C82206B376BE27C017D26");
}

Test(gitsig, openpgp_issuer_key_id)
{
	/* v4, hashed creation time, unhashed Issuer 0123456789ABCDEF */
	expect("-----BEGIN PGP SIGNATURE-----\n\n"
	    "iBoEABYIAAYFAgECAwQACgkQASNFZ4mrze+quw==\n"
	    "-----END PGP SIGNATURE-----\n", "gpg", "0123456789ABCDEF");
}

Test(gitsig, openpgp_new_format_packet_lengths)
{
	/* the packet above with a new-format header, 1 and 5 octet length */
	expect("-----BEGIN PGP SIGNATURE-----\n\n"
	    "whoEABYIAAYFAgECAwQACgkQASNFZ4mrze+quw==\n"
	    "-----END PGP SIGNATURE-----\n", "gpg", "0123456789ABCDEF");
	expect("-----BEGIN PGP SIGNATURE-----\n\n"
	    "wv8AAAAaBAAWCAAGBQIBAgMEAAoJEAEjRWeJq83vqrs=\n"
	    "-----END PGP SIGNATURE-----\n", "gpg", "0123456789ABCDEF");
	/* a partial length is not a signature packet header */
	expect("-----BEGIN PGP SIGNATURE-----\n\n"
	    "wuAEABYIAAYFAgECAwQACgkQASNFZ4mrze+quw==\n"
	    "-----END PGP SIGNATURE-----\n", "gpg", NULL);
}

Test(gitsig, openpgp_version_3)
{
	expect("-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG v1\n\n"
	    "iBMDBQABAgMEASNFZ4mrze8WCKq7\n=abcd\n"
	    "-----END PGP SIGNATURE-----\n", "gpg", "0123456789ABCDEF");
}

Test(gitsig, openpgp_truncated_has_no_key)
{
	expect("-----BEGIN PGP SIGNATURE-----\n\niHUEABYIAB0WIQSg\n"
	    "-----END PGP SIGNATURE-----\n", "gpg", NULL);
	expect("-----BEGIN PGP SIGNATURE-----\n\n!!!!\n", "gpg", NULL);
	/* a v4 packet that ends after its version */
	expect("-----BEGIN PGP SIGNATURE-----\n\niAEE\n"
	    "-----END PGP SIGNATURE-----\n", "gpg", NULL);
	/* a 5-octet length header cut short */
	expect("-----BEGIN PGP SIGNATURE-----\n\nwv8A\n"
	    "-----END PGP SIGNATURE-----\n", "gpg", NULL);
}

Test(gitsig, ssh_key_fingerprint)
{
	expect(ssh_sig, "ssh",
	    "SHA256:nqU3dru5mSUsnpvGGFVnOxlvezkcamFKookhRqhK0k8");
}

Test(gitsig, ssh_without_sshsig_blob)
{
	expect("-----BEGIN SSH SIGNATURE-----\nAAAA\n"
	    "-----END SSH SIGNATURE-----\n", "ssh", NULL);
	/* a public key length past the end of the blob */
	expect("-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAf////8=\n"
	    "-----END SSH SIGNATURE-----\n", "ssh", NULL);
}

/*
 * Returns a new gpgsm-style armored detached CMS signature of "data",
 * made with a throwaway key and a certificate of serial 0x4711 issued
 * by "O=Example" and n times "CN=cn"; with skid, the signer is named by
 * its subject key identifier.
 */
static char *
cms_sig(const char *cn, int n, int skid)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *cert = X509_new();
	X509_NAME *name = X509_NAME_new();
	BIO *in = BIO_new_mem_buf("data", 4);
	CMS_ContentInfo *cms;
	int len;
	unsigned char *der = NULL, *b64;
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	char *armor;

	cr_assert(key != NULL && cert != NULL && name != NULL && in != NULL);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
	    (const unsigned char *)"Example", -1, -1, 0);
	while (n-- > 0)
		cr_assert(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
		    (const unsigned char *)cn, -1, -1, 0));
	ASN1_INTEGER_set(X509_get_serialNumber(cert), 0x4711);
	X509_set_issuer_name(cert, name);
	X509_set_subject_name(cert, name);
	X509_gmtime_adj(X509_getm_notBefore(cert), 0);
	X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
	X509_set_pubkey(cert, key);
	X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_key_identifier,
	    "hash");
	cr_assert(ext != NULL && X509_add_ext(cert, ext, -1));
	X509_EXTENSION_free(ext);
	cr_assert(X509_sign(cert, key, EVP_sha256()) > 0);
	cms = CMS_sign(NULL, NULL, NULL, NULL, CMS_DETACHED | CMS_BINARY |
	    CMS_PARTIAL);
	cr_assert_not_null(cms);
	cr_assert_not_null(CMS_add1_signer(cms, cert, key, EVP_sha256(),
	    CMS_BINARY | (skid ? CMS_USE_KEYID : 0)));
	cr_assert_eq(CMS_final(cms, in, NULL, CMS_DETACHED | CMS_BINARY), 1);
	cr_assert((len = i2d_CMS_ContentInfo(cms, &der)) > 0);
	b64 = malloc((size_t)len / 3 * 4 + 8);
	armor = malloc((size_t)len / 3 * 4 + 100);
	cr_assert(b64 != NULL && armor != NULL);
	EVP_EncodeBlock(b64, der, len);
	snprintf(armor, (size_t)len / 3 * 4 + 100,
	    "-----BEGIN SIGNED MESSAGE-----\n%s\n"
	    "-----END SIGNED MESSAGE-----\n", (char *)b64);
	free(b64);
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	X509_NAME_free(name);
	X509_free(cert);
	EVP_PKEY_free(key);
	return armor;
}

Test(gitsig, x509_issuer_and_serial)
{
	char *sig = cms_sig("Test CA", 1, 0);

	expect(sig, "x509", "#4711/CN=Test CA,O=Example");
	free(sig);
}

Test(gitsig, x509_subject_key_identifier)
{
	char *sig = cms_sig("Test CA", 1, 1);
	json_t *o = describe(sig);
	const char *k = json_string_value(json_object_get(o, "key_id"));

	/* a SHA-1 of the public key: 40 hex digits */
	cr_assert_not_null(k);
	cr_assert_eq(strlen(k), 40, "%s", k);
	cr_assert_eq(strspn(k, "0123456789ABCDEF"), 40, "%s", k);
	json_decref(o);
	free(sig);
}

Test(gitsig, x509_name_too_long_is_left_out)
{
	char cn[61], *sig;

	memset(cn, 'x', sizeof(cn) - 1);
	cn[sizeof(cn) - 1] = '\0';
	/* "#4711/" and 8 times "CN=" and 60 characters: more than 512 */
	sig = cms_sig(cn, 8, 0);
	expect(sig, "x509", NULL);
	free(sig);
	cn[4] = '\0';
	sig = cms_sig(cn, 2, 0);
	expect(sig, "x509", "#4711/CN=xxxx,CN=xxxx,O=Example");
	free(sig);
}

Test(gitsig, x509_unknown_and_none)
{
	expect("-----BEGIN SIGNED MESSAGE-----\nMIAGCSqGSIb3\n"
	    "-----END SIGNED MESSAGE-----\n", "x509", NULL);
	expect("something else", "unknown", NULL);
	expect(NULL, "none", NULL);
	expect("", "none", NULL);
}
