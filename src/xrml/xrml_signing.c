/*
 * openmsdrm - signing XrML (see xrml_signing.h).
 *
 * UTF-16LE: WCHAR strings are little-endian on every target we build for
 * (x86, x64), so their bytes are hashed as they are.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "xrml/xrml_signing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/rsa.h>

#include "util/base64.h"
#include "util/wstring.h"
#include "msdrmerror.h"

/* Appends base64 of `length` bytes (one line, '=' padded). */
static HRESULT write_base64(struct xml_text *xml, const unsigned char *bytes, size_t length)
{
    char *encoded = NULL;
    HRESULT hr = base64_encode_new(bytes, length, &encoded);
    if (SUCCEEDED(hr))
        xml_raw(xml, encoded);
    free(encoded);
    return hr;
}

static void write_base64_value_start(struct xml_text *xml, size_t bits)
{
    char size[24];
    snprintf(size, sizeof size, "%zu", bits);
    xml_open(xml, "VALUE");
    xml_attribute(xml, "encoding", "base64");
    xml_attribute(xml, "size", size);
    xml_open_end(xml);
}

HRESULT xrml_write_public_key(struct xml_text *xml, EVP_PKEY *key)
{
    BIGNUM *modulus = NULL;
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &modulus) != 1)
        return E_DRM_KEY_TYPE_UNSUPPORTED;
    int bits = BN_num_bits(modulus);
    size_t bytes = ((size_t)bits + 7) / 8;
    unsigned char *little_endian = malloc(bytes);
    HRESULT hr = little_endian == NULL ? E_OUTOFMEMORY : S_OK;
    if (SUCCEEDED(hr) && BN_bn2lebinpad(modulus, little_endian, (int)bytes) != (int)bytes)
        hr = E_FAIL;
    if (SUCCEEDED(hr)) {
        xml_raw(xml, "<PUBLICKEY><ALGORITHM>RSA</ALGORITHM><PARAMETER name=\"public-exponent\">"
                     "<VALUE encoding=\"integer32\">65537</VALUE></PARAMETER>"
                     "<PARAMETER name=\"modulus\">");
        write_base64_value_start(xml, bytes * 8);
        hr = write_base64(xml, little_endian, bytes);
        xml_raw(xml, "</VALUE></PARAMETER></PUBLICKEY>");
    }
    free(little_endian);
    BN_free(modulus);
    return SUCCEEDED(hr) ? xml_text_status(xml) : hr;
}

HRESULT xrml_utf16_sha1(const char *utf8, size_t length, unsigned char digest[20])
{
    /* Converted and hashed a piece at a time, without a copy. */
    WCHAR piece[2048];
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (context == NULL)
        return E_OUTOFMEMORY;
    HRESULT hr = EVP_DigestInit_ex(context, EVP_sha1(), NULL) == 1 ? S_OK : E_FAIL;
    const char *at = utf8, *end = utf8 + length;
    while (SUCCEEDED(hr) && at < end) {
        size_t units = wstr_from_utf8_span(&at, end, piece, sizeof piece / sizeof piece[0]);
        if (units == SIZE_MAX)
            hr = E_DRM_INVALID_LICENSE;
        else if (EVP_DigestUpdate(context, piece, units * sizeof(WCHAR)) != 1)
            hr = E_FAIL;
    }
    unsigned int digest_length = 0;
    if (SUCCEEDED(hr) &&
        (EVP_DigestFinal_ex(context, digest, &digest_length) != 1 || digest_length != 20))
        hr = E_FAIL;
    EVP_MD_CTX_free(context);
    return hr;
}

HRESULT xrml_body_digest(const char *document, unsigned char digest[20])
{
    const char *start = strstr(document, "<BODY");
    const char *end = start != NULL ? strstr(start, "</BODY>") : NULL;
    if (end == NULL)
        return E_DRM_INVALID_LICENSE;
    end += strlen("</BODY>");
    return xrml_utf16_sha1(start, (size_t)(end - start), digest);
}

/* PKCS#1 v1.5 signature (big-endian) of a SHA-1 digest. */
static HRESULT sign_digest(EVP_PKEY *key, const unsigned char digest[20], unsigned char **signature,
                           size_t *length)
{
    *signature = NULL;
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new(key, NULL);
    HRESULT hr = context == NULL ? E_OUTOFMEMORY : S_OK;
    if (SUCCEEDED(hr) && (EVP_PKEY_sign_init(context) != 1 ||
                          EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) != 1 ||
                          EVP_PKEY_CTX_set_signature_md(context, EVP_sha1()) != 1 ||
                          EVP_PKEY_sign(context, NULL, length, digest, 20) != 1))
        hr = E_FAIL;
    if (SUCCEEDED(hr)) {
        *signature = malloc(*length);
        if (*signature == NULL)
            hr = E_OUTOFMEMORY;
        else if (EVP_PKEY_sign(context, *signature, length, digest, 20) != 1)
            hr = E_FAIL;
    }
    EVP_PKEY_CTX_free(context);
    if (FAILED(hr)) {
        free(*signature);
        *signature = NULL;
    }
    return hr;
}

HRESULT xrml_sign(struct xml_text *document, EVP_PKEY *key)
{
    HRESULT hr = xml_text_status(document);
    if (FAILED(hr))
        return hr;
    unsigned char digest[20];
    hr = xrml_body_digest(document->text, digest);
    unsigned char *signature = NULL;
    size_t signature_length = 0;
    if (SUCCEEDED(hr))
        hr = sign_digest(key, digest, &signature, &signature_length);
    if (FAILED(hr))
        return hr;

    /* DIGEST before ALGORITHM, as in machine certificates (§5). */
    xml_raw(document, "<SIGNATURE><DIGEST><ALGORITHM>SHA1</ALGORITHM>"
                      "<PARAMETER name=\"codingtype\"><VALUE encoding=\"string\">surface-coding"
                      "</VALUE></PARAMETER>");
    write_base64_value_start(document, 160);
    hr = write_base64(document, digest, sizeof digest);
    xml_raw(document, "</VALUE></DIGEST><ALGORITHM>RSA PKCS#1-V1.5</ALGORITHM>");
    write_base64_value_start(document, signature_length * 8);
    if (SUCCEEDED(hr))
        hr = write_base64(document, signature, signature_length);
    xml_raw(document, "</VALUE></SIGNATURE></XrML>");
    free(signature);
    return SUCCEEDED(hr) ? xml_text_status(document) : hr;
}
