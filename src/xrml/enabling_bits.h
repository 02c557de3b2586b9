/*
 * openmsdrm - ENABLINGBITS: a key (a content key, or a RAC's or CLC's
 * private key) sealed to an RSA public key, in the layout of
 * spec/xrml.md §7 ([MS-RMPR] §2.2.9.1.13):
 *
 *   RSA-encrypt(KeyHeader ‖ session key)                 modulus bytes, big-endian
 *   ‖ AES-ECB(session key, UDEBHeader ‖ payload ‖ SHA-1) padded to 16 bytes
 *
 * where the payload is a KeyHeader and a symmetric key, or a private-key
 * blob, and the SHA-1 is of the XrML element the bits belong to (§7.2).
 * Only `sealed-key` (version 1: PKCS#1 v1.5, SHA-1) is made and read; the
 * OAEP parameters of `sealed-key-v2` are not published.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_ENABLING_BITS_H
#define MSDRM_ENABLING_BITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "msdrmdefs.h"

#define KEY_HEADER_SIZE 12
#define AES_KEY_SIZE 16
#define ENABLING_BITS_HASH_SIZE 20

/* KeyHeader.Flags (§7.4): AES, ECB. */
#define KEY_HEADER_AES 0x00000001u
#define KEY_HEADER_ECB 0x00001000u

struct key_header {
    uint16_t blob_size; /* header and key, bytes */
    uint16_t mode;      /* 0xFFFF: ECB */
    uint16_t key_bits;  /* 128 for AES-128, despite the field's name */
    uint16_t block_size;
    uint32_t flags;
};

/* The header of an AES-128 ECB key (28-byte blob, flags AES|ECB). */
struct key_header key_header_aes128(void);

void key_header_write(const struct key_header *header, uint8_t out[KEY_HEADER_SIZE]);
/* False unless it describes an AES key of 128, 192 or 256 bits whose
 * blob_size is the header plus the key. */
bool key_header_read(const uint8_t in[KEY_HEADER_SIZE], struct key_header *header);

/*
 * Seals `payload` (`length` bytes) and `hash` to `recipient`'s RSA key with
 * a fresh AES-128 session key. *bits is a heap buffer the caller frees
 * with OPENSSL_clear_free(*bits, *bits_length). E_DRM_KEY_TYPE_UNSUPPORTED
 * for a key that is not RSA, E_OUTOFMEMORY, E_FAIL if OpenSSL fails.
 */
HRESULT enabling_bits_seal(EVP_PKEY *recipient, const uint8_t *payload, size_t length,
                           const uint8_t hash[ENABLING_BITS_HASH_SIZE], uint8_t **bits,
                           size_t *bits_length);

/*
 * Opens bits sealed to `private_key`: the payload (heap, free with
 * OPENSSL_clear_free(*payload, *length)) and the hash they carry.
 * E_DRM_INVALID_LICENSE for bits that are not sealed to this key or are
 * malformed.
 */
HRESULT enabling_bits_open(EVP_PKEY *private_key, const uint8_t *bits, size_t bits_length,
                           uint8_t **payload, size_t *length,
                           uint8_t hash[ENABLING_BITS_HASH_SIZE]);

#endif /* MSDRM_ENABLING_BITS_H */
