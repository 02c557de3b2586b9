/*
 * openmsdrm - sealing and opening ENABLINGBITS (see enabling_bits.h).
 *
 * Where the specification is silent we chose: the symmetric part is
 * padded to the AES block with zero bytes (the padding bytes are not
 * published, and the content-key case needs none: 16 + 28 + 20 = 64), and
 * UDEBHeader.dwcbSize counts the payload and the hash (spec/xrml.md §7.3's
 * reading of "combined size of the payload and hash").
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "xrml/enabling_bits.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "util/trace.h"
#include "msdrmerror.h"

#define UDEB_HEADER_SIZE 16
#define UDEB_VERSION_SEALED_KEY 1
#define AES_BLOCK 16
#define SESSION_BLOB (KEY_HEADER_SIZE + AES_KEY_SIZE)
/* Payloads beyond this are not keys (a 4096-bit private-key blob is ~2.3 KB). */
#define MAX_PAYLOAD 8192

static void put16(uint8_t *out, uint16_t value)
{
    out[0] = (uint8_t)value;
    out[1] = (uint8_t)(value >> 8);
}

static void put32(uint8_t *out, uint32_t value)
{
    put16(out, (uint16_t)value);
    put16(out + 2, (uint16_t)(value >> 16));
}

static uint16_t get16(const uint8_t *in)
{
    return (uint16_t)(in[0] | in[1] << 8);
}

static uint32_t get32(const uint8_t *in)
{
    return get16(in) | (uint32_t)get16(in + 2) << 16;
}

struct key_header key_header_aes128(void)
{
    return (struct key_header){.blob_size = SESSION_BLOB,
                               .mode = 0xFFFF,
                               .key_bits = 128,
                               .block_size = AES_BLOCK,
                               .flags = KEY_HEADER_AES | KEY_HEADER_ECB};
}

void key_header_write(const struct key_header *header, uint8_t out[KEY_HEADER_SIZE])
{
    put16(out, header->blob_size);
    put16(out + 2, header->mode);
    put16(out + 4, header->key_bits);
    put16(out + 6, header->block_size);
    put32(out + 8, header->flags);
}

bool key_header_read(const uint8_t in[KEY_HEADER_SIZE], struct key_header *header)
{
    header->blob_size = get16(in);
    header->mode = get16(in + 2);
    header->key_bits = get16(in + 4);
    header->block_size = get16(in + 6);
    header->flags = get32(in + 8);
    bool aes_size = header->key_bits == 128 || header->key_bits == 192 || header->key_bits == 256;
    return aes_size && (header->flags & KEY_HEADER_AES) != 0 &&
           header->blob_size == KEY_HEADER_SIZE + header->key_bits / 8;
}

/* AES-128-ECB over whole blocks, no padding. */
static bool aes_ecb(const uint8_t key[AES_KEY_SIZE], bool encrypt, const uint8_t *in, size_t length,
                    uint8_t *out)
{
    EVP_CIPHER_CTX *context = EVP_CIPHER_CTX_new();
    int written = 0, final = 0;
    bool ok = context != NULL && length % AES_BLOCK == 0 && length <= INT32_MAX &&
              EVP_CipherInit_ex(context, EVP_aes_128_ecb(), NULL, key, NULL, encrypt) == 1 &&
              EVP_CIPHER_CTX_set_padding(context, 0) == 1 &&
              EVP_CipherUpdate(context, out, &written, in, (int)length) == 1 &&
              EVP_CipherFinal_ex(context, out + written, &final) == 1 &&
              (size_t)(written + final) == length;
    EVP_CIPHER_CTX_free(context);
    return ok;
}

/* PKCS#1 v1.5 (type 2) encryption or decryption with `key`. */
static bool rsa_crypt(EVP_PKEY *key, bool encrypt, const uint8_t *in, size_t length, uint8_t *out,
                      size_t *out_length)
{
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new(key, NULL);
    bool ok = context != NULL &&
              (encrypt ? EVP_PKEY_encrypt_init(context) : EVP_PKEY_decrypt_init(context)) == 1 &&
              EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 &&
              (encrypt ? EVP_PKEY_encrypt(context, out, out_length, in, length)
                       : EVP_PKEY_decrypt(context, out, out_length, in, length)) == 1;
    EVP_PKEY_CTX_free(context);
    return ok;
}

HRESULT enabling_bits_seal(EVP_PKEY *recipient, const uint8_t *payload, size_t length,
                           const uint8_t hash[ENABLING_BITS_HASH_SIZE], uint8_t **bits,
                           size_t *bits_length)
{
    *bits = NULL;
    if (EVP_PKEY_get_base_id(recipient) != EVP_PKEY_RSA)
        return E_DRM_KEY_TYPE_UNSUPPORTED;
    if (length > MAX_PAYLOAD)
        return E_INVALIDARG;
    size_t modulus = (size_t)EVP_PKEY_get_size(recipient);
    size_t inner = UDEB_HEADER_SIZE + length + ENABLING_BITS_HASH_SIZE;
    size_t padded = (inner + AES_BLOCK - 1) / AES_BLOCK * AES_BLOCK;

    uint8_t session[SESSION_BLOB];
    struct key_header header = key_header_aes128();
    key_header_write(&header, session);
    uint8_t *plain = OPENSSL_zalloc(padded);
    uint8_t *out = OPENSSL_malloc(modulus + padded);
    HRESULT hr = plain != NULL && out != NULL ? S_OK : E_OUTOFMEMORY;
    if (SUCCEEDED(hr) && RAND_bytes(session + KEY_HEADER_SIZE, AES_KEY_SIZE) != 1)
        hr = E_FAIL;
    if (SUCCEEDED(hr)) {
        put32(plain, UDEB_VERSION_SEALED_KEY);
        put32(plain + 4, (uint32_t)(length + ENABLING_BITS_HASH_SIZE));
        memcpy(plain + UDEB_HEADER_SIZE, payload, length);
        memcpy(plain + UDEB_HEADER_SIZE + length, hash, ENABLING_BITS_HASH_SIZE);
        size_t rsa_length = modulus;
        /* OpenSSL writes the ciphertext big-endian, as the bits keep it (§7.5). */
        if (!rsa_crypt(recipient, true, session, sizeof session, out, &rsa_length) ||
            rsa_length != modulus ||
            !aes_ecb(session + KEY_HEADER_SIZE, true, plain, padded, out + modulus))
            hr = E_FAIL;
    }
    OPENSSL_cleanse(session, sizeof session);
    OPENSSL_clear_free(plain, padded);
    if (FAILED(hr)) {
        OPENSSL_free(out);
        return hr;
    }
    *bits = out;
    *bits_length = modulus + padded;
    return S_OK;
}

HRESULT enabling_bits_open(EVP_PKEY *private_key, const uint8_t *bits, size_t bits_length,
                           uint8_t **payload, size_t *length, uint8_t hash[ENABLING_BITS_HASH_SIZE])
{
    *payload = NULL;
    if (EVP_PKEY_get_base_id(private_key) != EVP_PKEY_RSA)
        return E_DRM_KEY_TYPE_UNSUPPORTED;
    size_t modulus = (size_t)EVP_PKEY_get_size(private_key);
    if (bits_length <= modulus || (bits_length - modulus) % AES_BLOCK != 0 ||
        bits_length - modulus > MAX_PAYLOAD + 2 * AES_BLOCK + ENABLING_BITS_HASH_SIZE)
        return E_DRM_INVALID_LICENSE;

    uint8_t session[512];
    size_t session_length = sizeof session;
    struct key_header header;
    if (!rsa_crypt(private_key, false, bits, modulus, session, &session_length) ||
        session_length != SESSION_BLOB || !key_header_read(session, &header) ||
        header.key_bits != 128) {
        OPENSSL_cleanse(session, sizeof session);
        trace_note("ENABLINGBITS: not sealed to this key, or not an AES-128 session key");
        return E_DRM_INVALID_LICENSE;
    }
    size_t padded = bits_length - modulus;
    uint8_t *plain = OPENSSL_malloc(padded);
    HRESULT hr = plain != NULL ? S_OK : E_OUTOFMEMORY;
    if (SUCCEEDED(hr) && !aes_ecb(session + KEY_HEADER_SIZE, false, bits + modulus, padded, plain))
        hr = E_FAIL;
    OPENSSL_cleanse(session, sizeof session);
    size_t carried = SUCCEEDED(hr) ? get32(plain + 4) : 0;
    if (SUCCEEDED(hr) &&
        (get32(plain) != UDEB_VERSION_SEALED_KEY || carried < ENABLING_BITS_HASH_SIZE ||
         carried > padded - UDEB_HEADER_SIZE || UDEB_HEADER_SIZE + carried + AES_BLOCK <= padded))
        hr = E_DRM_INVALID_LICENSE; /* a bad header, or more padding than a block */
    if (SUCCEEDED(hr)) {
        *length = carried - ENABLING_BITS_HASH_SIZE;
        *payload = OPENSSL_malloc(*length > 0 ? *length : 1);
        if (*payload == NULL) {
            hr = E_OUTOFMEMORY;
        } else {
            memcpy(*payload, plain + UDEB_HEADER_SIZE, *length);
            memcpy(hash, plain + UDEB_HEADER_SIZE + *length, ENABLING_BITS_HASH_SIZE);
        }
    }
    OPENSSL_clear_free(plain, padded);
    return hr;
}
