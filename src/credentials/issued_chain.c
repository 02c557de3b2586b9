/*
 * openmsdrm - chains a server issues (see issued_chain.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "credentials/issued_chain.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "license/sealed_private_key.h"
#include "util/wstring.h"

#include "msdrmerror.h"

/* What a failure of any check is to the caller: a reply that is not valid. */
static HRESULT refused(HRESULT hr)
{
    return hr == E_OUTOFMEMORY ? hr : E_DRM_INVALID_SERVER_RESPONSE;
}

static HRESULT parse_all(size_t count, char *const *texts, const size_t *lengths,
                         struct xrml_chain *chain)
{
    size_t bytes = 0;
    for (size_t i = 0; i < count; i++) {
        if (texts[i] == NULL || lengths[i] > XRML_MAX_UNITS * 2 - bytes)
            return E_DRM_INVALID_SERVER_RESPONSE;
        bytes += lengths[i];
    }
    chain->documents = calloc(count, sizeof *chain->documents);
    if (chain->documents == NULL)
        return E_OUTOFMEMORY;
    HRESULT hr = S_OK;
    for (size_t i = 0; SUCCEEDED(hr) && i < count; i++) {
        hr = xrml_parse_utf8(texts[i], lengths[i], &chain->documents[i]);
        if (SUCCEEDED(hr))
            chain->count++;
    }
    return hr;
}

static HRESULT check_kind(const struct xrml_document *document, enum license_kind expected)
{
    struct license_model model;
    HRESULT hr = license_model_read(document, &model);
    if (SUCCEEDED(hr)) {
        if (model.kind != expected || !model.has_signature)
            hr = E_DRM_INVALID_SERVER_RESPONSE;
        license_model_clear(&model);
    }
    return hr;
}

/* A root names itself as its issuer: its ISSUER key is its principal key. */
static HRESULT check_root(const struct xrml_document *root)
{
    EVP_PKEY *issuer = NULL, *principal = NULL;
    HRESULT hr = xrml_issuer_key(root, &issuer);
    if (SUCCEEDED(hr))
        hr = xrml_principal_key(root, &principal);
    if (SUCCEEDED(hr) && !xrml_same_key(issuer, principal))
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    EVP_PKEY_free(issuer);
    EVP_PKEY_free(principal);
    return hr;
}

HRESULT issued_chain_read(size_t count, char *const *texts, const size_t *lengths,
                          enum license_kind leaf, struct xrml_chain *chain)
{
    chain->documents = NULL;
    chain->count = 0;
    if (count < 2 || count > XRML_CHAIN_MAX_DOCUMENTS)
        return E_DRM_INVALID_SERVER_RESPONSE;
    HRESULT hr = parse_all(count, texts, lengths, chain);
    for (size_t i = 0; SUCCEEDED(hr) && i < count; i++)
        hr = check_kind(chain->documents[i], i == 0 ? leaf : LICENSE_KIND_ISSUING_CERTIFICATE);
    if (SUCCEEDED(hr))
        hr = xrml_verify_chain(chain->documents, count);
    if (SUCCEEDED(hr))
        hr = check_root(chain->documents[count - 1]);
    if (FAILED(hr)) {
        xrml_chain_clear(chain);
        return refused(hr);
    }
    return S_OK;
}

HRESULT issued_key_open(const struct xrml_document *document, const char *bits, EVP_PKEY *opener,
                        EVP_PKEY *public_key, EVP_PKEY **key)
{
    *key = NULL;
    if (bits == NULL || opener == NULL || public_key == NULL)
        return E_DRM_INVALID_LICENSE;
    uint8_t expected[ENABLING_BITS_HASH_SIZE], sealed[ENABLING_BITS_HASH_SIZE];
    HRESULT hr = sealed_private_key_issuer_hash(document->text, document->length, expected);
    EVP_PKEY *opened = NULL;
    if (SUCCEEDED(hr))
        hr = sealed_private_key_open(opener, bits, strlen(bits), &opened, sealed);
    if (SUCCEEDED(hr) &&
        (CRYPTO_memcmp(expected, sealed, sizeof sealed) != 0 || !xrml_same_key(opened, public_key)))
        hr = E_DRM_INVALID_LICENSE;
    if (FAILED(hr)) {
        EVP_PKEY_free(opened);
        return hr == E_OUTOFMEMORY ? hr : E_DRM_INVALID_LICENSE;
    }
    *key = opened;
    return S_OK;
}

static HRESULT copy_text(const char *text, char **copy)
{
    *copy = NULL;
    if (text != NULL && (*copy = str_copy(text)) == NULL)
        return E_OUTOFMEMORY;
    return S_OK;
}

HRESULT issued_chain_describe(const struct license_model *leaf, const struct xrml_chain *chain,
                              enum store_kind kind, struct store_item *item)
{
    item->kind = kind;
    HRESULT hr = copy_text(license_id(leaf), &item->license_id);
    if (SUCCEEDED(hr) && leaf->principal_count > 0 && leaf->principals[0].object != NULL)
        hr = copy_text(leaf->principals[0].object->name, &item->group_identity);
    if (SUCCEEDED(hr) && leaf->issuer != NULL && leaf->issuer->object != NULL)
        hr = copy_text(leaf->issuer->object->name, &item->issuer_name);
    if (SUCCEEDED(hr) && (item->xrml = xrml_chain_text(chain)) == NULL)
        hr = E_OUTOFMEMORY;
    return hr;
}
