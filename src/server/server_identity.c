/*
 * openmsdrm - msdrm-server's root and SLC (see server_identity.h).
 *
 * The root is a DRM-CA-Certificate issued by and to one
 * DRM-Certificate-Authority principal (self-signed); the SLC a
 * Server-Licensor-Certificate issued by the root to the server's
 * MS-DRM-Server principal. Both carry the ISSUE right over their
 * validity (spec/xrml.md §4.1): twenty years for the root, seven for the
 * SLC, as AD RMS makes them ([GUIDE] license-validity-time.md). The SLC
 * principal has no URL ADDRESS: the server may listen elsewhere after a
 * restart, and the chain must stay the same.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "server/server_identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rsa.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "license/license_builders.h"
#include "util/private_errors.h"
#include "msdrmerror.h"
#include "platform/platform.h"

#define DAY (24 * 3600LL)
#define YEAR (365 * DAY)

HRESULT server_random_guid(char guid[39])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1)
        return E_FAIL;
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
    snprintf(guid, 39, "{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
    return S_OK;
}

int64_t server_now(void)
{
    int64_t now = platform_time_now_seconds();
    return now - now % 60;
}

HRESULT server_key_to_der(EVP_PKEY *key, uint8_t **der, size_t *length)
{
    unsigned char *bytes = NULL;
    int size = i2d_PrivateKey(key, &bytes);
    if (size <= 0)
        return E_OUTOFMEMORY;
    *der = bytes;
    *length = (size_t)size;
    return S_OK;
}

EVP_PKEY *server_key_from_der(const uint8_t *der, size_t length)
{
    const unsigned char *cursor = der;
    return d2i_AutoPrivateKey(NULL, &cursor, (long)length);
}

/* An issuing certificate of `descriptor_type`: the ISSUE right over
 * [from, until) on its own OBJECT, granted to `principal` (internal-id 1). */
static HRESULT build_issuing_certificate(const char *descriptor_type, int64_t issued, int64_t until,
                                         const struct license_party *issuer,
                                         const struct license_party *principal, EVP_PKEY *signer,
                                         char **text)
{
    char guid[39];
    HRESULT hr = server_random_guid(guid);
    if (FAILED(hr))
        return hr;
    struct license_object descriptor = {.type = descriptor_type, .id_type = "MS-GUID", .id = guid};
    struct license_party issued_to = *principal;
    issued_to.internal_id = "1";
    struct license_party holder = {.internal_id = "1"};
    struct license_access access = {&holder, 1};
    struct license_right issue = {
        .name = "ISSUE",
        .conditions = {
            .access = &access, .access_count = 1, .range_from = issued, .range_until = until}};
    struct license_rights_group group = {.name = "Main-Rights", .rights = &issue, .right_count = 1};
    struct license_work work = {.object = &descriptor, .groups = &group, .group_count = 1};
    struct license_model model = {.issued_time = issued,
                                  .valid_from = issued,
                                  .valid_until = until,
                                  .descriptor = &descriptor,
                                  .issuer = issuer,
                                  .principals = &issued_to,
                                  .principal_count = 1,
                                  .works = &work,
                                  .work_count = 1};
    return license_build_issuing_certificate(&model, signer, text);
}

/* A new identity, as its record. */
static HRESULT make_identity(struct server_identity_record *record)
{
    memset(record, 0, sizeof *record);
    char server_guid[39], root_guid[39];
    HRESULT hr = server_random_guid(server_guid);
    if (SUCCEEDED(hr))
        hr = server_random_guid(root_guid);
    EVP_PKEY *root_key = SUCCEEDED(hr) ? EVP_RSA_gen(2048) : NULL;
    EVP_PKEY *slc_key = root_key != NULL ? EVP_RSA_gen(1024) : NULL;
    if (SUCCEEDED(hr) && slc_key == NULL)
        hr = E_OUTOFMEMORY;
    int64_t now = server_now();
    struct license_object root_object = {.type = "DRM-Certificate-Authority",
                                         .id_type = "MS-GUID",
                                         .id = root_guid,
                                         .name = "msdrm-server Root Certificate Authority"};
    struct license_party root = {.object = &root_object, .key = root_key};
    struct license_object server_object = {
        .type = "MS-DRM-Server", .id_type = "MS-GUID", .id = server_guid, .name = "msdrm-server"};
    struct license_pair levels[] = {{"Server-Version", SERVER_VERSION}, {"Server-SKU", SERVER_SKU}};
    struct license_party server = {
        .object = &server_object, .key = slc_key, .levels = levels, .level_count = 2};
    if (SUCCEEDED(hr))
        hr = build_issuing_certificate("DRM-CA-Certificate", now, now + 20 * YEAR, &root, &root,
                                       root_key, &record->root_certificate);
    if (SUCCEEDED(hr))
        hr = build_issuing_certificate("Server-Licensor-Certificate", now, now + 7 * YEAR, &root,
                                       &server, root_key, &record->slc_certificate);
    if (SUCCEEDED(hr))
        hr = server_key_to_der(root_key, &record->root_key, &record->root_key_length);
    if (SUCCEEDED(hr))
        hr = server_key_to_der(slc_key, &record->slc_key, &record->slc_key_length);
    if (SUCCEEDED(hr)) {
        record->server_guid = malloc(sizeof server_guid);
        if (record->server_guid == NULL)
            hr = E_OUTOFMEMORY;
        else
            memcpy(record->server_guid, server_guid, sizeof server_guid);
    }
    EVP_PKEY_free(root_key);
    EVP_PKEY_free(slc_key);
    if (FAILED(hr))
        server_identity_record_clear(record);
    return hr;
}

/* The record as the server uses it; E_MSDRM_STORE_CORRUPT when what is
 * kept does not hold together. */
static HRESULT open_identity(const struct server_identity_record *record,
                             struct server_identity *identity)
{
    if (strlen(record->server_guid) != 38)
        return E_MSDRM_STORE_CORRUPT;
    memcpy(identity->server_guid, record->server_guid, 39);
    identity->root_key = server_key_from_der(record->root_key, record->root_key_length);
    identity->slc_key = server_key_from_der(record->slc_key, record->slc_key_length);
    if (identity->root_key == NULL || identity->slc_key == NULL)
        return E_MSDRM_STORE_CORRUPT;
    HRESULT hr =
        xrml_parse_utf8(record->slc_certificate, strlen(record->slc_certificate), &identity->slc);
    if (SUCCEEDED(hr))
        hr = xrml_parse_utf8(record->root_certificate, strlen(record->root_certificate),
                             &identity->root);
    struct xrml_document *chain[2] = {identity->slc, identity->root};
    if (SUCCEEDED(hr))
        hr = xrml_verify_chain(chain, 2);
    if (SUCCEEDED(hr))
        hr = license_model_read(identity->slc, &identity->slc_model);
    if (hr == E_OUTOFMEMORY)
        return hr;
    if (FAILED(hr) || identity->slc_model.principal_count != 1 ||
        !xrml_same_key(identity->slc_model.principals[0].key, identity->slc_key))
        return E_MSDRM_STORE_CORRUPT;
    identity->issuer = identity->slc_model.principals[0];
    identity->issuer.internal_id = NULL;
    return S_OK;
}

HRESULT server_identity_load(struct server_store *store, struct server_identity *identity)
{
    memset(identity, 0, sizeof *identity);
    struct server_identity_record record;
    HRESULT hr = server_store_load_identity(store, &record);
    if (hr == S_FALSE) {
        struct server_identity_record made;
        hr = make_identity(&made);
        if (SUCCEEDED(hr))
            hr = server_store_save_identity(store, &made);
        server_identity_record_clear(&made);
        /* Ours or the one another process kept first. */
        if (SUCCEEDED(hr))
            hr = server_store_load_identity(store, &record);
        if (hr == S_FALSE)
            hr = E_FAIL;
    }
    if (SUCCEEDED(hr)) {
        hr = open_identity(&record, identity);
        server_identity_record_clear(&record);
    }
    if (FAILED(hr))
        server_identity_clear(identity);
    return hr;
}

void server_identity_clear(struct server_identity *identity)
{
    license_model_clear(&identity->slc_model);
    xrml_document_unref(identity->slc);
    xrml_document_unref(identity->root);
    EVP_PKEY_free(identity->root_key);
    EVP_PKEY_free(identity->slc_key);
    memset(identity, 0, sizeof *identity);
}
