/*
 * gitsig: what the signature of a git commit or tag says about its
 * signer, read from the signature's bytes alone.
 *
 * The type comes from the armor: "gpg" (OpenPGP, "-----BEGIN PGP
 * SIGNATURE-----"), "ssh" ("-----BEGIN SSH SIGNATURE-----"), "x509"
 * ("-----BEGIN SIGNED MESSAGE-----", as gpgsm writes).  The key id is
 * what the signature names: for OpenPGP the Issuer Fingerprint
 * subpacket (upper-case hex), else the Issuer subpacket (16 hex digits);
 * for SSH the fingerprint of the public key inside the SSHSIG blob, as
 * ssh-keygen -l shows it ("SHA256:" and unpadded base64); for X.509 the
 * first signer of the CMS object, as gpgsm names a certificate: "#",
 * the serial number in hex, "/" and the issuer's RFC 2253 name, or the
 * subject key identifier in hex when the signer is named by it (a name
 * too long for 511 bytes is left out).  Nothing is verified: a
 * signature names a key, it does not prove that key signed.
 */
#ifndef DP_GITSIG_H
#define DP_GITSIG_H

#include <stddef.h>

#include <jansson.h>

/*
 * Returns a new object {type, key_id} describing the len bytes at sig,
 * key_id left out when the signature does not show one; type is "none"
 * when sig is NULL or len is 0, "unknown" for an armor not listed
 * above.  Returns NULL only when memory runs out.
 */
json_t	*dp_gitsig_describe(const char *sig, size_t len);

#endif
