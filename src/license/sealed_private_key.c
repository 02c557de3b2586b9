/*
 * openmsdrm - private keys sealed in ENABLINGBITS (sealed_private_key.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "license/sealed_private_key.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "msdrmerror.h"
#include "util/base64.h"
#include "xrml/private_key_blob.h"
#include "xrml/xrml_scan.h"
#include "xrml/xrml_signing.h"

/* Where `<name` starts an element (followed by '>', '/' or white space)
 * at or after `from`, or NULL. */
static const char *find_start_tag(const char *from, const char *end, const char *name)
{
    size_t name_length = strlen(name);
    for (const char *at = from; at + name_length + 1 < end; at++) {
        if (at[0] != '<' || memcmp(at + 1, name, name_length) != 0)
            continue;
        char next = at[1 + name_length];
        if (next == '>' || next == '/' || next == ' ' || next == '\t' || next == '\r' ||
            next == '\n')
            return at;
    }
    return NULL;
}

static const char *find_text(const char *from, const char *end, const char *text)
{
    size_t text_length = strlen(text);
    for (const char *at = from; at + text_length <= end; at++)
        if (memcmp(at, text, text_length) == 0)
            return at;
    return NULL;
}

HRESULT sealed_private_key_issuer_hash(const char *document, size_t length,
                                       uint8_t hash[ENABLING_BITS_HASH_SIZE])
{
    struct xrml_scan scan;
    HRESULT hr = xrml_scan(document, length, &scan);
    if (FAILED(hr))
        return hr;
    /*
     * The scanner accepted the document, so '<' occurs only in markup: the
     * first ISSUER start tag in BODY is an element. ISSUER elements do not
     * nest, and the BODY-level ISSUER comes before any element that holds
     * one (spec/xrml.md §4.3, §4.4), so the first is the one.
     */
    const char *body = document + scan.body_start, *body_end = body + scan.body_length;
    const char *start = find_start_tag(body, body_end, "ISSUER");
    const char *close = start != NULL ? find_text(start, body_end, "</ISSUER>") : NULL;
    if (close == NULL)
        return E_DRM_INVALID_LICENSE;
    size_t span = (size_t)(close - start) + strlen("</ISSUER>");
    return xrml_utf16_sha1(start, span, hash);
}

HRESULT sealed_private_key_seal_blob(EVP_PKEY *recipient, const uint8_t *blob, size_t length,
                                     const uint8_t hash[ENABLING_BITS_HASH_SIZE], char **value)
{
    *value = NULL;
    uint8_t *bits = NULL;
    size_t bits_length = 0;
    HRESULT hr = enabling_bits_seal(recipient, blob, length, hash, &bits, &bits_length);
    if (SUCCEEDED(hr))
        hr = base64_encode_new(bits, bits_length, value);
    OPENSSL_clear_free(bits, bits_length);
    return hr;
}

HRESULT sealed_private_key_seal(EVP_PKEY *recipient, EVP_PKEY *key,
                                const uint8_t hash[ENABLING_BITS_HASH_SIZE], char **value)
{
    *value = NULL;
    uint8_t *blob = NULL;
    size_t blob_length = 0;
    HRESULT hr = private_key_blob_write(key, &blob, &blob_length);
    if (SUCCEEDED(hr))
        hr = sealed_private_key_seal_blob(recipient, blob, blob_length, hash, value);
    OPENSSL_clear_free(blob, blob_length);
    return hr;
}

HRESULT sealed_private_key_open(EVP_PKEY *private_key, const char *value, size_t length,
                                EVP_PKEY **key, uint8_t hash[ENABLING_BITS_HASH_SIZE])
{
    *key = NULL;
    uint8_t *bits = NULL, *payload = NULL;
    size_t bits_length = 0, payload_length = 0;
    HRESULT hr = base64_decode_new(value, length, BASE64_SPARE_BITS_IGNORED, &bits, &bits_length);
    if (hr == E_INVALIDARG)
        hr = E_DRM_INVALID_LICENSE;
    if (SUCCEEDED(hr))
        hr = enabling_bits_open(private_key, bits, bits_length, &payload, &payload_length, hash);
    if (SUCCEEDED(hr))
        hr = private_key_blob_read(payload, payload_length, key);
    OPENSSL_clear_free(payload, payload_length);
    free(bits);
    return hr;
}
