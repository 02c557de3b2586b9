/*
 * openmsdrm - reading RSA keys from XrML and checking signatures
 * (xrml_document.h; the rules are spec/xrml.md §5-6, checked there against
 * documents signed by real servers and clients).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "xrml/xrml_document.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "util/base64.h"
#include "util/trace.h"
#include "xrml/xrml_scan.h"
#include "xrml/xrml_signing.h"
#include "msdrmerror.h"

/* Largest key we read: 4096 bits. XrML keys are 1024 or 2048. */
#define MAX_KEY_BYTES 512

/*
 * Decodes a base64 value of at most `capacity` bytes. False for anything
 * else: no text, empty, whitespace, bad characters or padding, too long.
 * The spare bits of a padded group are ignored, as they always were.
 */
static bool decode_base64(const char *text, unsigned char *bytes, size_t capacity, size_t *length)
{
    size_t chars = text != NULL ? strlen(text) : 0;
    size_t decoded = 0;
    if (chars == 0 || !base64_decoded_length(text, chars, BASE64_SPARE_BITS_IGNORED, &decoded) ||
        decoded > capacity)
        return false;
    base64_decode(text, chars, bytes);
    *length = decoded;
    return true;
}

/* The VALUE child of the PARAMETER named `name` among `parent`'s children,
 * in no namespace like every lookup: a prefix bound on the unsigned root
 * must not make a signed <p:PARAMETER> the key. */
static xmlNodePtr parameter_value(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr child = parent->children; child != NULL; child = child->next) {
        if (child->type != XML_ELEMENT_NODE || child->ns != NULL ||
            strcmp((const char *)child->name, "PARAMETER") != 0)
            continue;
        const char *parameter = xrml_attribute(child, "name");
        if (parameter != NULL && strcmp(parameter, name) == 0)
            return xrml_child(child, "VALUE");
    }
    return NULL;
}

static HRESULT key_from_modulus(const unsigned char *little_endian, size_t length, EVP_PKEY **key)
{
    BIGNUM *n = BN_lebin2bn(little_endian, (int)length, NULL);
    BIGNUM *e = BN_new();
    OSSL_PARAM_BLD *build = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    HRESULT hr = n != NULL && e != NULL && build != NULL && context != NULL ? S_OK : E_OUTOFMEMORY;
    if (SUCCEEDED(hr) && (BN_set_word(e, 65537) != 1 ||
                          OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_N, n) != 1 ||
                          OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E, e) != 1 ||
                          (params = OSSL_PARAM_BLD_to_param(build)) == NULL))
        hr = E_OUTOFMEMORY;
    *key = NULL;
    if (SUCCEEDED(hr) && (EVP_PKEY_fromdata_init(context) != 1 ||
                          EVP_PKEY_fromdata(context, key, EVP_PKEY_PUBLIC_KEY, params) != 1))
        hr = E_DRM_INVALID_LICENSE;
    EVP_PKEY_CTX_free(context);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(build);
    BN_free(e);
    BN_free(n);
    return hr;
}

/* The modulus of a PUBLICKEY element (little-endian bytes), checked. */
static HRESULT read_modulus(xmlNodePtr public_key, unsigned char modulus[MAX_KEY_BYTES],
                            size_t *length)
{
    if (public_key == NULL)
        return E_DRM_INVALID_LICENSE;
    const char *algorithm = xrml_text(xrml_child(public_key, "ALGORITHM"));
    if (algorithm == NULL || strcmp(algorithm, "RSA") != 0)
        return E_DRM_INVALID_LICENSE;
    /* spec/xrml.md §6: the exponent must be 65537, in decimal. */
    const char *exponent = xrml_text(parameter_value(public_key, "public-exponent"));
    if (exponent == NULL || strcmp(exponent, "65537") != 0)
        return E_DRM_INVALID_LICENSE;
    xmlNodePtr modulus_value = parameter_value(public_key, "modulus");
    const char *size = xrml_attribute(modulus_value, "size");
    if (size == NULL || !decode_base64(xrml_text(modulus_value), modulus, MAX_KEY_BYTES, length) ||
        *length < 64 || strtoul(size, NULL, 10) != *length * 8 || (modulus[0] & 1) == 0)
        return E_DRM_INVALID_LICENSE;
    return S_OK;
}

HRESULT xrml_read_public_key(xmlNodePtr public_key, EVP_PKEY **key)
{
    unsigned char modulus[MAX_KEY_BYTES];
    size_t length = 0;
    HRESULT hr = read_modulus(public_key, modulus, &length);
    if (FAILED(hr))
        return hr;
    return key_from_modulus(modulus, length, key);
}

HRESULT xrml_issuer_key(const struct xrml_document *document, EVP_PKEY **key)
{
    return xrml_read_public_key(xrml_select_first(document->body, "ISSUER/PUBLICKEY"), key);
}

HRESULT xrml_principal_key(const struct xrml_document *document, EVP_PKEY **key)
{
    return xrml_read_public_key(
        xrml_select_first(document->body, "ISSUEDPRINCIPALS/PRINCIPAL/PUBLICKEY"), key);
}

HRESULT xrml_document_digest(const struct xrml_document *document, unsigned char digest[20])
{
    /* The text passed the parser, so it is valid UTF-8 and NUL-terminated. */
    return xrml_utf16_sha1(document->text + document->body_start, document->body_length, digest);
}

/* The position of `element` in document order (the root is 0), or SIZE_MAX. */
static size_t element_index(xmlNodePtr root, xmlNodePtr element)
{
    size_t index = 0;
    for (xmlNodePtr node = root; node != NULL;) {
        if (node == element)
            return index;
        index++;
        /* Next element in document order: first child, else next sibling,
         * else the next sibling of the nearest ancestor that has one. */
        xmlNodePtr next = node->children;
        while (next != NULL && next->type != XML_ELEMENT_NODE)
            next = next->next;
        while (next == NULL && node != root) {
            for (next = node->next; next != NULL && next->type != XML_ELEMENT_NODE;)
                next = next->next;
            if (next == NULL)
                node = node->parent;
        }
        node = next;
    }
    return SIZE_MAX;
}

HRESULT xrml_element_digest(const struct xrml_document *document, xmlNodePtr element,
                            unsigned char digest[20])
{
    size_t index = element_index(document->root, element);
    size_t start = 0, span = 0;
    HRESULT hr = index == SIZE_MAX
                     ? E_INVALIDARG
                     : xrml_scan_element(document->text, document->length, index, &start, &span);
    if (SUCCEEDED(hr))
        hr = xrml_utf16_sha1(document->text + start, span, digest);
    return hr;
}

/* Whether a SIGNATURE's PKCS#1 v1.5 `signature` is over `digest` with `key`. */
static bool signature_matches(EVP_PKEY *key, const unsigned char digest[20],
                              const unsigned char *signature, size_t length)
{
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new(key, NULL);
    bool ok = context != NULL && EVP_PKEY_verify_init(context) == 1 &&
              EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 &&
              EVP_PKEY_CTX_set_signature_md(context, EVP_sha1()) == 1 &&
              EVP_PKEY_verify(context, signature, length, digest, 20) == 1;
    EVP_PKEY_CTX_free(context);
    return ok;
}

HRESULT xrml_verify(const struct xrml_document *document, EVP_PKEY *key)
{
    xmlNodePtr signature = xrml_child(document->root, "SIGNATURE");
    if (signature == NULL)
        return E_DRM_INVALID_LICENSE_SIGNATURE;
    xmlNodePtr digest_element = xrml_child(signature, "DIGEST");
    const char *algorithm = xrml_text(xrml_child(signature, "ALGORITHM"));
    const char *digest_algorithm = xrml_text(xrml_child(digest_element, "ALGORITHM"));
    if (digest_element == NULL || algorithm == NULL || strcmp(algorithm, "RSA PKCS#1-V1.5") != 0)
        return E_DRM_INVALID_LICENSE;
    if (digest_algorithm == NULL || strcmp(digest_algorithm, "SHA1") != 0)
        return E_DRM_INVALID_ALGORITHM_TYPE; /* SHA-256 (Mode 2) is not supported */

    unsigned char claimed[20];
    size_t claimed_length = 0;
    unsigned char value[MAX_KEY_BYTES];
    size_t value_length = 0;
    if (!decode_base64(xrml_text(xrml_child(digest_element, "VALUE")), claimed, sizeof claimed,
                       &claimed_length) ||
        claimed_length != sizeof claimed ||
        !decode_base64(xrml_text(xrml_child(signature, "VALUE")), value, sizeof value,
                       &value_length))
        return E_DRM_INVALID_LICENSE;

    unsigned char digest[20];
    HRESULT hr = xrml_document_digest(document, digest);
    if (FAILED(hr))
        return hr;
    if (memcmp(digest, claimed, sizeof digest) != 0) {
        trace_note("XrML signature: the BODY does not hash to its DIGEST");
        return E_DRM_INVALID_LICENSE_SIGNATURE;
    }
    if (!signature_matches(key, digest, value, value_length)) {
        trace_note("XrML signature: does not verify with the key");
        return E_DRM_INVALID_LICENSE_SIGNATURE;
    }
    return S_OK;
}

HRESULT xrml_verify_with_issuer_key(const struct xrml_document *document)
{
    EVP_PKEY *key = NULL;
    HRESULT hr = xrml_issuer_key(document, &key);
    if (SUCCEEDED(hr))
        hr = xrml_verify(document, key);
    EVP_PKEY_free(key);
    return hr;
}

bool xrml_same_key(EVP_PKEY *a, EVP_PKEY *b)
{
    return a != NULL && b != NULL && EVP_PKEY_eq(a, b) == 1;
}

/*
 * Whether the ISSUER key of one document is the ISSUEDPRINCIPALS key of
 * the next. Both exponents are 65537, so equal moduli are the same key:
 * compared as bytes, without building the second key.
 */
static HRESULT same_issuer_and_principal(const struct xrml_document *issued,
                                         const struct xrml_document *issuer)
{
    unsigned char a[MAX_KEY_BYTES], b[MAX_KEY_BYTES];
    size_t a_length = 0, b_length = 0;
    HRESULT hr = read_modulus(xrml_select_first(issued->body, "ISSUER/PUBLICKEY"), a, &a_length);
    if (SUCCEEDED(hr))
        hr = read_modulus(xrml_select_first(issuer->body, "ISSUEDPRINCIPALS/PRINCIPAL/PUBLICKEY"),
                          b, &b_length);
    if (SUCCEEDED(hr) && (a_length != b_length || memcmp(a, b, a_length) != 0)) {
        trace_note("XrML chain: an issuer key is not the next document's principal key");
        hr = E_DRM_BROKEN_CERT_CHAIN;
    }
    return hr;
}

HRESULT xrml_verify_chain(struct xrml_document *const *documents, size_t count)
{
    if (count == 0)
        return E_DRM_BROKEN_CERT_CHAIN;
    for (size_t i = 0; i < count; i++) {
        HRESULT hr = xrml_verify_with_issuer_key(documents[i]);
        if (SUCCEEDED(hr) && i + 1 < count)
            hr = same_issuer_and_principal(documents[i], documents[i + 1]);
        if (FAILED(hr))
            return hr;
    }
    return S_OK;
}
