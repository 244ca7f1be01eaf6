#include <string.h>

#include <criterion/criterion.h>

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

Test(gitsig, x509_unknown_and_none)
{
	expect("-----BEGIN SIGNED MESSAGE-----\nMIAGCSqGSIb3\n"
	    "-----END SIGNED MESSAGE-----\n", "x509", NULL);
	expect("something else", "unknown", NULL);
	expect(NULL, "none", NULL);
	expect("", "none", NULL);
}
