/*
 * openmsdrm - rights policy templates (see rights_template.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "credentials/rights_template.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>
#include <openssl/x509.h>

#include "license/license_model.h"
#include "util/base64.h"
#include "util/wstring.h"
#include "xrml/xrml_document.h"
#include "msdrmerror.h"

HRESULT template_server_read(const char *public_key, struct template_server *server)
{
    server->id = NULL;
    server->key = NULL;
    uint8_t *bytes = NULL;
    size_t length = 0;
    HRESULT hr = public_key == NULL ? E_INVALIDARG
                                    : base64_decode_new(public_key, strlen(public_key),
                                                        BASE64_SPARE_BITS_IGNORED, &bytes, &length);
    if (FAILED(hr))
        return hr == E_OUTOFMEMORY ? hr : E_DRM_INVALID_SERVER_RESPONSE;
    const unsigned char *cursor = bytes;
    server->key = length > 0 && length < 4096
                      ? d2i_PublicKey(EVP_PKEY_RSA, NULL, &cursor, (long)length)
                      : NULL;
    if (server->key == NULL || cursor != bytes + length) {
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    } else {
        uint8_t digest[SHA_DIGEST_LENGTH];
        SHA1(bytes, length, digest);
        hr = base64_encode_new(digest, sizeof digest, &server->id);
    }
    free(bytes);
    if (FAILED(hr))
        template_server_clear(server);
    return hr;
}

void template_server_clear(struct template_server *server)
{
    free(server->id);
    EVP_PKEY_free(server->key);
    server->id = NULL;
    server->key = NULL;
}

static const char *hash_of(const struct xrml_document *document)
{
    xmlNodePtr digest = xrml_child(xrml_child(document->root, "SIGNATURE"), "DIGEST");
    return xrml_text(xrml_child(digest, "VALUE"));
}

HRESULT rights_template_hash(const char *text, size_t length, char **hash)
{
    *hash = NULL;
    struct xrml_document *document = NULL;
    HRESULT hr = xrml_parse_utf8(text, length, &document);
    if (FAILED(hr))
        return hr;
    const char *value = hash_of(document);
    if (value == NULL)
        hr = E_DRM_INVALID_LICENSE;
    else if ((*hash = str_copy(value)) == NULL)
        hr = E_OUTOFMEMORY;
    xrml_document_unref(document);
    return hr;
}

bool rights_template_same_guid(const char *a, const char *b)
{
    if (a == NULL || b == NULL || strlen(a) != strlen(b))
        return false;
    for (; *a != '\0'; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
    }
    return true;
}

static HRESULT check(const struct xrml_document *document, const char *guid, const char *hash,
                     const struct template_server *server)
{
    struct license_model model;
    HRESULT hr = license_model_read(document, &model);
    if (FAILED(hr))
        return hr;
    if (model.kind != LICENSE_KIND_RIGHTS_TEMPLATE ||
        !rights_template_same_guid(license_id(&model), guid) || model.issuer == NULL ||
        !xrml_same_key(model.issuer->key, server->key))
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    license_model_clear(&model);
    const char *signed_hash = hash_of(document);
    if (SUCCEEDED(hr) && (signed_hash == NULL || hash == NULL || strcmp(signed_hash, hash) != 0))
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    if (SUCCEEDED(hr))
        hr = xrml_verify(document, server->key);
    return hr;
}

HRESULT rights_template_accept(const char *text, size_t length, const char *guid, const char *hash,
                               const struct template_server *server, struct store_item *item)
{
    memset(item, 0, sizeof *item);
    item->kind = STORE_ISSUANCE_LICENSE_TEMPLATE;
    struct xrml_document *document = NULL;
    HRESULT hr = text != NULL ? xrml_parse_utf8(text, length, &document) : E_INVALIDARG;
    if (SUCCEEDED(hr))
        hr = check(document, guid, hash, server);
    if (SUCCEEDED(hr)) {
        /* The GUID as the server lists it: what DRMDeleteLicense is given. */
        item->license_id = str_copy(guid);
        item->issuer_name = str_copy(server->id);
        item->xrml = str_copy(document->text);
        if (item->license_id == NULL || item->issuer_name == NULL || item->xrml == NULL)
            hr = E_OUTOFMEMORY;
    }
    xrml_document_unref(document);
    if (FAILED(hr)) {
        store_item_clear(item);
        return hr == E_OUTOFMEMORY ? hr : E_DRM_INVALID_SERVER_RESPONSE;
    }
    return S_OK;
}
