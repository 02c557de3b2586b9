/*
 * openmsdrm - an RSA private key as a CryptoAPI PRIVATEKEYBLOB: how RAC and
 * CLC ENABLINGBITS carry their private keys (spec/xrml.md §7.5: a 1024-bit
 * key makes the 596 bytes the real blobs' sizes imply). Layout, all
 * little-endian: BLOBHEADER (bType 7, bVersion 2, reserved 0, aiKeyAlg
 * CALG_RSA_KEYX), RSAPUBKEY ("RSA2", bit length, public exponent), then the
 * modulus (n bytes), prime1, prime2, exponent1, exponent2, coefficient (n/2
 * bytes each) and the private exponent (n bytes).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_PRIVATE_KEY_BLOB_H
#define MSDRM_PRIVATE_KEY_BLOB_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "msdrmdefs.h"

/* The blob of an RSA key whose bit length is a multiple of 16 and whose
 * public exponent fits 32 bits. *blob is heap memory the caller frees
 * with OPENSSL_clear_free(*blob, *length). E_DRM_KEY_TYPE_UNSUPPORTED for
 * any other key, E_OUTOFMEMORY. */
HRESULT private_key_blob_write(EVP_PKEY *key, uint8_t **blob, size_t *length);

/* The key a blob holds; a blob whose fields disagree with each other or
 * with its length, or whose numbers do not make a consistent RSA key, is
 * E_DRM_INVALID_LICENSE. Trailing bytes past the blob are refused too. */
HRESULT private_key_blob_read(const uint8_t *blob, size_t length, EVP_PKEY **key);

/* The blob's length for a key of `bits` bits. */
size_t private_key_blob_size(unsigned bits);

#endif /* MSDRM_PRIVATE_KEY_BLOB_H */
