/*
 * What a server issues to a client, made for tests with the library's
 * builders and a test hierarchy (xrml_builders.h), with real sealed keys
 * (license/sealed_private_key.h) where xrml_builders.h puts random bytes:
 * a rights account certificate whose private key opens with a machine
 * key, a client licensor certificate whose key opens with the RAC key,
 * templates, and the chains a server returns (leaf, SLC, CA root).
 * Every function returns heap UTF-8 (free with free), or NULL on failure.
 */
#ifndef MSDRM_TEST_ISSUED_DOCUMENTS_H
#define MSDRM_TEST_ISSUED_DOCUMENTS_H

#include <stdint.h>

#include <openssl/evp.h>

#include "xrml_builders.h"

/* The user the hierarchy's RAC and CLC are issued to. */
#define ISSUED_USER "user@openmsdrm.test"

/*
 * A RAC for the hierarchy's user (its key pki->rac_key), signed by
 * `signer` (pki->slc_key for a good one), valid [from, until), its private
 * key sealed to `machine_key` in a FEDERATIONPRINCIPALS principal with
 * OBJECT ID `machine_id`, with the hash of its ISSUER (or of nothing,
 * when `wrong_hash`).
 */
char *issued_rac(const struct xrml_test_pki *pki, EVP_PKEY *signer, EVP_PKEY *machine_key,
                 const char *machine_id, int64_t from, int64_t until, int wrong_hash);

/* A CLC for the hierarchy's user (its key pki->clc_key), signed by
 * `signer`, its key sealed to `rac_key`. */
char *issued_clc(const struct xrml_test_pki *pki, EVP_PKEY *signer, EVP_PKEY *rac_key);

/* A rights template of the hierarchy's server with DESCRIPTOR ID `guid`,
 * signed by `signer`, granting VIEW for `days` days (another number of
 * days: another version of the template). */
char *issued_template(const struct xrml_test_pki *pki, EVP_PKEY *signer, const char *guid,
                      unsigned days);

/* `leaf`, then the hierarchy's SLC and CA root: a chain as Certify and
 * GetClientLicensorCert return it. (Not freed.) */
char *issued_chain_of(const struct xrml_test_pki *pki, const char *leaf);

/* The public half of the first machine certificate the DLL made for this
 * user (DRMEnumerateLicense(DRM_EL_MACHINE, 0)) and its machine OBJECT
 * ID, read from `certificate` (UTF-8). */
EVP_PKEY *issued_machine_key(const char *certificate, char machine_id[64]);

/* ServerPublicKey for `key`: base64 of its PKCS#1 RSAPublicKey. */
char *issued_server_public_key(EVP_PKEY *key);

/* A template's SIGNATURE/DIGEST/VALUE, as AcquireTemplateInformation lists it. */
char *issued_template_hash(const char *template_text);

#endif /* MSDRM_TEST_ISSUED_DOCUMENTS_H */
