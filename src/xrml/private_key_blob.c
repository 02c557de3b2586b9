/*
 * openmsdrm - RSA private keys as CryptoAPI PRIVATEKEYBLOBs
 * (private_key_blob.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "xrml/private_key_blob.h"

#include <stdbool.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "msdrmerror.h"

#define BLOB_HEADER_SIZE 8 /* BLOBHEADER */
#define RSA_PUBKEY_SIZE 12 /* RSAPUBKEY */
#define PRIVATEKEYBLOB 0x07
#define CUR_BLOB_VERSION 0x02
#define CALG_RSA_KEYX 0x0000A400u
#define RSA2_MAGIC 0x32415352u /* "RSA2" */
#define MAX_KEY_BITS 16384u

/* The key's numbers in blob order, each with its size in units of n/2. */
static const struct {
    const char *name;
    unsigned halves;
} blob_numbers[] = {
    { OSSL_PKEY_PARAM_RSA_N, 2 },
    { OSSL_PKEY_PARAM_RSA_FACTOR1, 1 },
    { OSSL_PKEY_PARAM_RSA_FACTOR2, 1 },
    { OSSL_PKEY_PARAM_RSA_EXPONENT1, 1 },
    { OSSL_PKEY_PARAM_RSA_EXPONENT2, 1 },
    { OSSL_PKEY_PARAM_RSA_COEFFICIENT1, 1 },
    { OSSL_PKEY_PARAM_RSA_D, 2 },
};
#define BLOB_NUMBER_COUNT (sizeof blob_numbers / sizeof blob_numbers[0])

size_t private_key_blob_size(unsigned bits)
{
    return BLOB_HEADER_SIZE + RSA_PUBKEY_SIZE + (size_t)bits / 16 * 9;
}

static void put_u32(uint8_t *out, uint32_t value)
{
    for (int i = 0; i < 4; i++)
        out[i] = (uint8_t)(value >> (8 * i));
}

static uint32_t get_u32(const uint8_t *in)
{
    return (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24;
}

HRESULT private_key_blob_write(EVP_PKEY *key, uint8_t **blob, size_t *length)
{
    *blob = NULL;
    *length = 0;
    if (key == NULL || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
        return E_DRM_KEY_TYPE_UNSUPPORTED;
    int bits = EVP_PKEY_get_bits(key);
    BIGNUM *e = NULL;
    if (bits <= 0 || bits % 16 != 0 || (unsigned)bits > MAX_KEY_BITS ||
        EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e) != 1)
        return E_DRM_KEY_TYPE_UNSUPPORTED;
    BN_ULONG exponent = BN_get_word(e);
    BN_free(e);
    if (exponent == 0 || exponent > 0xFFFFFFFFu)
        return E_DRM_KEY_TYPE_UNSUPPORTED;

    size_t size = private_key_blob_size((unsigned)bits);
    uint8_t *out = OPENSSL_zalloc(size);
    if (out == NULL)
        return E_OUTOFMEMORY;
    out[0] = PRIVATEKEYBLOB;
    out[1] = CUR_BLOB_VERSION;
    put_u32(out + 4, CALG_RSA_KEYX);
    put_u32(out + 8, RSA2_MAGIC);
    put_u32(out + 12, (uint32_t)bits);
    put_u32(out + 16, (uint32_t)exponent);

    size_t half = (size_t)bits / 16, offset = BLOB_HEADER_SIZE + RSA_PUBKEY_SIZE;
    HRESULT hr = S_OK;
    for (size_t i = 0; i < BLOB_NUMBER_COUNT && SUCCEEDED(hr); i++) {
        size_t field = half * blob_numbers[i].halves;
        BIGNUM *number = NULL;
        /* A key without its CRT numbers (or a public key) cannot be written. */
        if (EVP_PKEY_get_bn_param(key, blob_numbers[i].name, &number) != 1 ||
            BN_bn2lebinpad(number, out + offset, (int)field) != (int)field)
            hr = E_DRM_KEY_TYPE_UNSUPPORTED;
        BN_clear_free(number);
        offset += field;
    }
    if (FAILED(hr)) {
        OPENSSL_clear_free(out, size);
        return hr;
    }
    *blob = out;
    *length = size;
    return S_OK;
}

/*
 * Whether the blob's numbers make one RSA key: n = p q, e d = 1 modulo
 * p - 1 and q - 1, the CRT exponents are d modulo p - 1 and q - 1, and
 * q qinv = 1 modulo p. fromdata takes numbers as given, and OpenSSL's own
 * checks (EVP_PKEY_pairwise_check) test p and q for primality, some 17 ms
 * for a 1024-bit key: these identities cost microseconds and are what
 * signing and decryption rely on.
 */
static bool numbers_agree(BIGNUM *const *numbers, const BIGNUM *e)
{
    const BIGNUM *n = numbers[0], *p = numbers[1], *q = numbers[2], *dp = numbers[3],
                 *dq = numbers[4], *qinv = numbers[5], *d = numbers[6];
    BN_CTX *context = BN_CTX_secure_new();
    if (context == NULL)
        return false;
    BN_CTX_start(context);
    BIGNUM *product = BN_CTX_get(context), *p1 = BN_CTX_get(context),
           *q1 = BN_CTX_get(context), *value = BN_CTX_get(context);
    bool agree = value != NULL && !BN_is_zero(p) && !BN_is_zero(q) && BN_is_odd(p) &&
                 BN_is_odd(q) && BN_mul(product, p, q, context) == 1 &&
                 BN_cmp(product, n) == 0 && BN_sub(p1, p, BN_value_one()) == 1 &&
                 BN_sub(q1, q, BN_value_one()) == 1 && !BN_is_zero(p1) && !BN_is_zero(q1) &&
                 BN_mod(value, d, p1, context) == 1 && BN_cmp(value, dp) == 0 &&
                 BN_mod(value, d, q1, context) == 1 && BN_cmp(value, dq) == 0 &&
                 BN_mod_mul(value, e, dp, p1, context) == 1 && BN_is_one(value) &&
                 BN_mod_mul(value, e, dq, q1, context) == 1 && BN_is_one(value) &&
                 BN_mod_mul(value, q, qinv, p, context) == 1 && BN_is_one(value);
    BN_CTX_end(context);
    BN_CTX_free(context);
    return agree;
}

HRESULT private_key_blob_read(const uint8_t *blob, size_t length, EVP_PKEY **key)
{
    *key = NULL;
    if (blob == NULL || length < BLOB_HEADER_SIZE + RSA_PUBKEY_SIZE)
        return E_DRM_INVALID_LICENSE;
    uint32_t bits = get_u32(blob + 12), exponent = get_u32(blob + 16);
    if (blob[0] != PRIVATEKEYBLOB || blob[1] != CUR_BLOB_VERSION || blob[2] != 0 || blob[3] != 0 ||
        get_u32(blob + 4) != CALG_RSA_KEYX || get_u32(blob + 8) != RSA2_MAGIC || bits == 0 ||
        bits % 16 != 0 || bits > MAX_KEY_BITS || exponent == 0 ||
        length != private_key_blob_size(bits))
        return E_DRM_INVALID_LICENSE;

    OSSL_PARAM_BLD *build = OSSL_PARAM_BLD_new();
    BIGNUM *numbers[BLOB_NUMBER_COUNT + 1] = { 0 };
    HRESULT hr = build != NULL ? S_OK : E_OUTOFMEMORY;
    size_t half = bits / 16, offset = BLOB_HEADER_SIZE + RSA_PUBKEY_SIZE;
    for (size_t i = 0; i < BLOB_NUMBER_COUNT && SUCCEEDED(hr); i++) {
        size_t field = half * blob_numbers[i].halves;
        numbers[i] = BN_secure_new();
        if (numbers[i] == NULL || BN_lebin2bn(blob + offset, (int)field, numbers[i]) == NULL ||
            OSSL_PARAM_BLD_push_BN(build, blob_numbers[i].name, numbers[i]) != 1)
            hr = E_OUTOFMEMORY;
        offset += field;
    }
    numbers[BLOB_NUMBER_COUNT] = BN_new();
    if (SUCCEEDED(hr) && (numbers[BLOB_NUMBER_COUNT] == NULL ||
                          BN_set_word(numbers[BLOB_NUMBER_COUNT], exponent) != 1 ||
                          OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E,
                                                 numbers[BLOB_NUMBER_COUNT]) != 1))
        hr = E_OUTOFMEMORY;

    OSSL_PARAM *params = SUCCEEDED(hr) ? OSSL_PARAM_BLD_to_param(build) : NULL;
    EVP_PKEY_CTX *context = SUCCEEDED(hr) ? EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL) : NULL;
    if (SUCCEEDED(hr) && (params == NULL || context == NULL))
        hr = E_OUTOFMEMORY;
    if (SUCCEEDED(hr) && (EVP_PKEY_fromdata_init(context) != 1 ||
                          EVP_PKEY_fromdata(context, key, EVP_PKEY_KEYPAIR, params) != 1))
        hr = E_DRM_INVALID_LICENSE;
    EVP_PKEY_CTX_free(context);
    if (SUCCEEDED(hr) && !numbers_agree(numbers, numbers[BLOB_NUMBER_COUNT])) {
        EVP_PKEY_free(*key);
        *key = NULL;
        hr = E_DRM_INVALID_LICENSE;
    }
    OSSL_PARAM_free(params); /* secure memory, for the secure numbers pushed */
    OSSL_PARAM_BLD_free(build);
    for (size_t i = 0; i <= BLOB_NUMBER_COUNT; i++)
        BN_clear_free(numbers[i]);
    return hr;
}
