/*
 * XrML documents for the environment and storage-session tests: the
 * shapes xrml_builders.h does not make (manifests, issuance licenses that
 * may be unsigned, end-user licenses with a VALIDITYTIME or a right
 * without time), short forms of the rest, each a license model written
 * out and built by the library's builders (license/license_builders.h).
 * Internal tests only (they link msdrm_test_xrml). Every function returns
 * heap UTF-8 text (free with free); where it takes a signer, a NULL one
 * leaves the document unsigned.
 */
#ifndef MSDRM_TEST_DOCUMENTS_H
#define MSDRM_TEST_DOCUMENTS_H

#include <openssl/evp.h>

#include "msdrmdefs.h"

/* A fresh 1024-bit RSA key (EVP_PKEY_free). */
EVP_PKEY *test_key(void);

/* An issuing certificate (§4.1): issued to `principal`, signed by `signer`
 * (its ISSUER key). */
char *test_issuer_certificate(EVP_PKEY *signer, EVP_PKEY *principal, const char *guid);

/* An application manifest: DESCRIPTOR ID `id`, ISSUER NAME `issuer`,
 * naming the module `module` (never loaded). */
char *test_manifest(EVP_PKEY *signer, const char *id, const char *issuer, const char *module);

/* A publishing (issuance) license (§4.5) for content `content_id`. */
char *test_issuance_license(EVP_PKEY *signer, const char *content_id);

/*
 * An end-user license (§4.7) `license_id` for `content_id`: VALIDITYTIME
 * UNTIL `valid_until` and a VIEW right with RANGETIME UNTIL `right_until`,
 * each left out when NULL; `open_right` adds an EDIT right without time.
 * A `valid_until` that is not a time is written as it is (no builder
 * writes that: the document is patched and signed again).
 */
char *test_end_user_license(EVP_PKEY *signer, const char *license_id, const char *content_id,
                            const char *valid_until, const char *right_until, int open_right);

/* A revocation list document (BODY with REVOCATIONLIST), id `id`. */
char *test_revocation_list(EVP_PKEY *signer, const char *id);

/* `a` followed by `b` (a chain, leaf first); frees neither. */
char *test_join(const char *a, const char *b);

/* UTF-16 copy (free with free). */
WCHAR *test_wide(const char *utf8);

/* Changes the first occurrence of `from` in `text` to `to` (same length):
 * tampering with signed text. */
void test_tamper(char *text, const char *from, const char *to);

#endif /* MSDRM_TEST_DOCUMENTS_H */
