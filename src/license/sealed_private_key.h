/*
 * openmsdrm - the private keys RAC and CLC certificates carry, sealed in
 * ENABLINGBITS (spec/xrml.md §7.2): a RAC's to the machine (SPC) key in
 * its FEDERATIONPRINCIPALS, a CLC's to the RAC key in its ISSUE right.
 * The payload is the key as a PRIVATEKEYBLOB (xrml/private_key_blob.h);
 * the hash beside it is of the certificate's ISSUER element. The server
 * seals, the client opens: one module, so the two agree.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_SEALED_PRIVATE_KEY_H
#define MSDRM_SEALED_PRIVATE_KEY_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "xrml/enabling_bits.h"

/*
 * The hash sealed with a certificate's key: SHA-1 over the UTF-16LE text
 * of the document's BODY-level ISSUER element, as written (spec/xrml.md
 * §7.3: computed as signature digests are). E_DRM_INVALID_LICENSE when the
 * document is not XrML or its BODY has no ISSUER.
 */
HRESULT sealed_private_key_issuer_hash(const char *document, size_t length,
                                       uint8_t hash[ENABLING_BITS_HASH_SIZE]);

/*
 * The base64 ENABLINGBITS VALUE that seals `key` (an RSA key pair) and
 * `hash` to `recipient`'s public key, as heap text the caller frees.
 * E_DRM_KEY_TYPE_UNSUPPORTED, E_OUTOFMEMORY, E_FAIL as enabling_bits_seal.
 */
HRESULT sealed_private_key_seal(EVP_PKEY *recipient, EVP_PKEY *key,
                                const uint8_t hash[ENABLING_BITS_HASH_SIZE], char **value);

/* The same from the key's PRIVATEKEYBLOB (private_key_blob_write), for a
 * caller that seals one key many times (msdrm-server, each user's key in
 * every RAC): exporting the key is a tenth of a Certify. */
HRESULT sealed_private_key_seal_blob(EVP_PKEY *recipient, const uint8_t *blob, size_t length,
                                     const uint8_t hash[ENABLING_BITS_HASH_SIZE], char **value);

/*
 * Opens a VALUE (`length` base64 characters) with `private_key`: the key
 * it seals and the hash beside it. E_DRM_INVALID_LICENSE for text that is
 * not base64, bits sealed to another key, or a payload that is no key.
 */
HRESULT sealed_private_key_open(EVP_PKEY *private_key, const char *value, size_t length,
                                EVP_PKEY **key, uint8_t hash[ENABLING_BITS_HASH_SIZE]);

#endif /* MSDRM_SEALED_PRIVATE_KEY_H */
