/*
 * openmsdrm - machine activation and its check (see machine_identity.h).
 *
 * Store layout: per key pair one STORE_MACHINE_CERTIFICATE (the XrML
 * certificate) and one STORE_LOCKBOX item (base64 of the sealed PKCS#8
 * private key), both with the certificate's GUID as license ID; the
 * 1024-bit pair first, so machine certificate index 0 is mode 1.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/machine_identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "license/license_builders.h"
#include "xrml/xrml_document.h"
#include "util/base64.h"
#include "util/wstring.h"
#include "msdrmerror.h"
#include "platform/platform.h"

#define KEY_PAIRS 2
static const unsigned key_bits[KEY_PAIRS] = {1024, 2048};

/* A brace-enclosed random (version 4) GUID, upper case. */
static HRESULT random_guid(char guid[39])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1)
        return E_FAIL;
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
    snprintf(guid, 39, "{%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
    return S_OK;
}

/*
 * A self-signed machine certificate (spec/xrml.md §4.2) for `key`: the
 * machine, its issuer and the certificate share one GUID; ISSUEDTIME is
 * now, to the minute (§8).
 */
static HRESULT build_certificate(EVP_PKEY *key, const char *guid, char **certificate)
{
    int64_t now = platform_time_now_seconds();
    struct license_object descriptor = {
        .id_type = "MS-GUID", .id = guid, .name = "Microsoft Machine-Certificate"};
    struct license_object issuer_object = {.type = "MS-DRM-Desktop-Security-Processor",
                                           .id_type = "MS-GUID",
                                           .id = guid,
                                           .name = "openmsdrm Desktop Security Processor"};
    struct license_object machine_object = {
        .type = "Machine-Unique-Identifier", .id_type = "MS-GUID", .id = guid, .name = "Machine"};
    struct license_pair platform = {"Platform", "openmsdrm-" MSDRM_VERSION_STRING};
    struct license_party issuer = {.object = &issuer_object, .key = key};
    struct license_party machine = {
        .object = &machine_object, .key = key, .levels = &platform, .level_count = 1};
    struct license_model model = {.issued_time = now - now % 60,
                                  .descriptor = &descriptor,
                                  .issuer = &issuer,
                                  .principals = &machine,
                                  .principal_count = 1};
    return license_build_machine_certificate(&model, key, certificate);
}

/* The lockbox entry for `key`: base64 of its sealed PKCS#8 encoding. */
static HRESULT seal_private_key(EVP_PKEY *key, char **sealed_text)
{
    unsigned char *der = NULL;
    int der_length = i2d_PrivateKey(key, &der);
    if (der_length <= 0)
        return E_FAIL;
    uint8_t *sealed = NULL;
    size_t sealed_length = 0;
    HRESULT hr = platform_protect_secret(der, (size_t)der_length, &sealed, &sealed_length);
    OPENSSL_clear_free(der, (size_t)der_length);
    if (FAILED(hr))
        return hr;
    hr = base64_encode_new(sealed, sealed_length, sealed_text);
    OPENSSL_clear_free(sealed, sealed_length);
    return hr;
}

/* Unseals a lockbox entry back into a key (NULL on failure). */
static EVP_PKEY *open_sealed_key(const char *sealed_text)
{
    size_t text_length = strlen(sealed_text);
    uint8_t *sealed = NULL;
    size_t sealed_length = 0;
    /* We wrote it, so its form is canonical. */
    HRESULT hr = text_length == 0
                     ? E_INVALIDARG
                     : base64_decode_new(sealed_text, text_length, BASE64_SPARE_BITS_ZERO, &sealed,
                                         &sealed_length);
    if (FAILED(hr))
        return NULL;
    EVP_PKEY *key = NULL;
    uint8_t *der = NULL;
    size_t der_length = 0;
    if (SUCCEEDED(platform_unprotect_secret(sealed, sealed_length, &der, &der_length))) {
        const unsigned char *cursor = der;
        key = d2i_AutoPrivateKey(NULL, &cursor, (long)der_length);
        OPENSSL_clear_free(der, der_length);
    }
    free(sealed);
    return key;
}

HRESULT machine_identity_check(struct license_store *store)
{
    int64_t *certificates = NULL, *lockboxes = NULL;
    size_t certificate_count = 0, lockbox_count = 0;
    struct store_filter certificate_filter = {STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE), NULL, 0,
                                              NULL};
    struct store_filter lockbox_filter = {STORE_KIND_MASK(STORE_LOCKBOX), NULL, 0, NULL};
    HRESULT hr = store_list(store, &certificate_filter, &certificates, &certificate_count);
    if (SUCCEEDED(hr))
        hr = store_list(store, &lockbox_filter, &lockboxes, &lockbox_count);
    if (SUCCEEDED(hr) && (certificate_count == 0 || lockbox_count != certificate_count))
        hr = E_DRM_NEEDS_MACHINE_ACTIVATION;
    /* The lockbox must open: a store copied from another user or machine
     * (DPAPI) does not make this one activated. */
    for (size_t i = 0; SUCCEEDED(hr) && i < lockbox_count; i++) {
        struct store_item item;
        hr = store_get(store, lockboxes[i], &item);
        if (SUCCEEDED(hr)) {
            EVP_PKEY *key = open_sealed_key(item.xrml);
            if (key == NULL)
                hr = E_DRM_NEEDS_MACHINE_ACTIVATION;
            EVP_PKEY_free(key);
            store_item_clear(&item);
        } else if (hr == E_DRM_RECORD_NOT_FOUND) {
            hr = E_DRM_NEEDS_MACHINE_ACTIVATION; /* deleted meanwhile */
        }
    }
    free(certificates);
    free(lockboxes);
    return hr;
}

HRESULT machine_identity_match_certificate(struct license_store *store, const char *certificate)
{
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_filter filter = {STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE), NULL, 0, NULL};
    HRESULT hr = store_list(store, &filter, &ids, &count);
    if (SUCCEEDED(hr) && count == 0)
        hr = E_DRM_NEEDS_MACHINE_ACTIVATION; /* repaired meanwhile */
    bool found = false;
    for (size_t i = 0; SUCCEEDED(hr) && !found && i < count; i++) {
        struct store_item item;
        hr = store_get(store, ids[i], &item);
        if (SUCCEEDED(hr)) {
            found = strcmp(item.xrml, certificate) == 0;
            store_item_clear(&item);
        } else if (hr == E_DRM_RECORD_NOT_FOUND) {
            hr = E_DRM_NEEDS_MACHINE_ACTIVATION; /* repaired or reactivated meanwhile */
        }
    }
    free(ids);
    if (FAILED(hr))
        return hr;
    return found ? S_OK : S_FALSE;
}

static void free_items(struct store_item *items, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(items[i].license_id);
        free(items[i].xrml);
    }
}

/* Generates the key pairs and builds the items that replace the old ones. */
static HRESULT build_identity(struct store_item items[2 * KEY_PAIRS])
{
    memset(items, 0, sizeof(struct store_item) * 2 * KEY_PAIRS);
    HRESULT hr = S_OK;
    for (size_t i = 0; SUCCEEDED(hr) && i < KEY_PAIRS; i++) {
        EVP_PKEY *key = EVP_RSA_gen(key_bits[i]);
        char guid[39];
        struct store_item *certificate = &items[i];
        struct store_item *lockbox = &items[KEY_PAIRS + i];
        hr = key == NULL ? E_OUTOFMEMORY : random_guid(guid);
        if (SUCCEEDED(hr)) {
            certificate->kind = STORE_MACHINE_CERTIFICATE;
            lockbox->kind = STORE_LOCKBOX;
            certificate->license_id = str_copy(guid);
            lockbox->license_id = str_copy(guid);
            if (certificate->license_id == NULL || lockbox->license_id == NULL)
                hr = E_OUTOFMEMORY;
        }
        if (SUCCEEDED(hr))
            hr = build_certificate(key, guid, &certificate->xrml);
        if (SUCCEEDED(hr))
            hr = seal_private_key(key, &lockbox->xrml);
        EVP_PKEY_free(key);
    }
    if (FAILED(hr))
        free_items(items, 2 * KEY_PAIRS);
    return hr;
}

HRESULT machine_identity_activate(struct license_store *store, bool was_activated, bool *already)
{
    *already = false;
    /* The slow part, keys and certificates, before taking the lock. */
    struct store_item items[2 * KEY_PAIRS];
    HRESULT hr = build_identity(items);
    if (FAILED(hr))
        return hr;

    struct platform_user_lock *lock = NULL;
    bool abandoned = false;
    hr = platform_user_lock_acquire(&lock, &abandoned);
    if (SUCCEEDED(hr)) {
        /* Another process activated while we waited: keep its identity. */
        if (!was_activated && machine_identity_check(store) == S_OK)
            *already = true;
        else
            hr = store_replace(
                store, STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE) | STORE_KIND_MASK(STORE_LOCKBOX),
                items, 2 * KEY_PAIRS);
        platform_user_lock_release(lock);
    }
    free_items(items, 2 * KEY_PAIRS);
    return hr;
}

void machine_identities_clear(struct machine_identities *identities)
{
    for (size_t i = 0; i < identities->count; i++) {
        free(identities->certificates[i]);
        free(identities->machine_ids[i]);
        EVP_PKEY_free(identities->keys[i].key);
    }
    memset(identities, 0, sizeof *identities);
}

/* The machine a certificate names (its principal's OBJECT ID), heap. */
static HRESULT machine_id_of(const char *certificate, char **id)
{
    struct xrml_document *document = NULL;
    HRESULT hr = xrml_parse_utf8(certificate, strlen(certificate), &document);
    if (FAILED(hr))
        return hr == E_OUTOFMEMORY ? hr : E_DRM_NEEDS_MACHINE_ACTIVATION;
    const char *text =
        xrml_text(xrml_select_first(document->body, "ISSUEDPRINCIPALS/PRINCIPAL/OBJECT/ID"));
    if (text == NULL)
        hr = E_DRM_NEEDS_MACHINE_ACTIVATION;
    else if ((*id = str_copy(text)) == NULL)
        hr = E_OUTOFMEMORY;
    xrml_document_unref(document);
    return hr;
}

/* Opens the lockbox entry with the certificate's license ID. */
static HRESULT open_lockbox(struct license_store *store, const char *license_id, EVP_PKEY **key)
{
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_filter filter = {STORE_KIND_MASK(STORE_LOCKBOX), NULL, 0, NULL};
    HRESULT hr = store_list(store, &filter, &ids, &count);
    for (size_t i = 0; SUCCEEDED(hr) && *key == NULL && i < count; i++) {
        struct store_item item;
        hr = store_get(store, ids[i], &item);
        if (FAILED(hr))
            break;
        if (item.license_id != NULL && strcmp(item.license_id, license_id) == 0 &&
            (*key = open_sealed_key(item.xrml)) == NULL)
            hr = E_DRM_NEEDS_MACHINE_ACTIVATION;
        store_item_clear(&item);
    }
    free(ids);
    if (hr == E_DRM_RECORD_NOT_FOUND || (SUCCEEDED(hr) && *key == NULL))
        hr = E_DRM_NEEDS_MACHINE_ACTIVATION; /* repaired or reactivated meanwhile */
    return hr;
}

HRESULT machine_identities_open(struct license_store *store, struct machine_identities *identities)
{
    memset(identities, 0, sizeof *identities);
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_filter filter = {STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE), NULL, 0, NULL};
    HRESULT hr = store_list(store, &filter, &ids, &count);
    if (SUCCEEDED(hr) && (count == 0 || count > KEY_PAIRS))
        hr = E_DRM_NEEDS_MACHINE_ACTIVATION;
    for (size_t i = 0; SUCCEEDED(hr) && i < count; i++) {
        struct store_item item;
        hr = store_get(store, ids[i], &item);
        if (hr == E_DRM_RECORD_NOT_FOUND)
            hr = E_DRM_NEEDS_MACHINE_ACTIVATION;
        if (FAILED(hr))
            break;
        size_t at = identities->count++;
        identities->certificates[at] = item.xrml;
        item.xrml = NULL;
        hr = machine_id_of(identities->certificates[at], &identities->machine_ids[at]);
        if (SUCCEEDED(hr))
            hr = item.license_id != NULL
                     ? open_lockbox(store, item.license_id, &identities->keys[at].key)
                     : E_DRM_NEEDS_MACHINE_ACTIVATION;
        identities->keys[at].machine_id = identities->machine_ids[at];
        store_item_clear(&item);
    }
    free(ids);
    if (FAILED(hr))
        machine_identities_clear(identities);
    return hr;
}
