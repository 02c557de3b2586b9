/*
 * openmsdrm - DRMEnumerateLicense (see enumeration.h).
 *
 * A session's temporary store is read before, and never while, the
 * enumeration cache is locked.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/enumeration.h"

#include <stdlib.h>

#include "store/license_store.h"
#include "client/machine_identity.h"
#include "util/wstring.h"
#include "msdrmerror.h"

/* What an enumeration flag asks for, and which part of the item it returns. */
enum item_text { TEXT_DOCUMENT, TEXT_LICENSE_ID, TEXT_NAME, TEXT_ISSUER_NAME };

struct request {
    enum store_kind kind;
    enum item_text text;
    bool specified; /* only items issued to the session's group ID */
};

static bool single_bit(UINT value)
{
    return value != 0 && (value & (value - 1)) == 0;
}

/* Maps the flags of a license storage session's enumeration to a request
 * (functions/DRMEnumerateLicense.md): its end-user licenses and the
 * revocation lists; ISSUERNAME only goes with certificate flags. */
static HRESULT parse_storage_flags(UINT flags, struct request *request)
{
    UINT base = flags & ~(UINT)DRM_EL_EXPIRED;
    static const struct {
        UINT flag;
        struct request request;
    } table[] = {
        {DRM_EL_EUL, {STORE_END_USER_LICENSE, TEXT_DOCUMENT, false}},
        {DRM_EL_EUL_LID, {STORE_END_USER_LICENSE, TEXT_LICENSE_ID, false}},
        {DRM_EL_REVOCATIONLIST, {STORE_REVOCATION_LIST, TEXT_DOCUMENT, false}},
        {DRM_EL_REVOCATIONLIST_LID, {STORE_REVOCATION_LIST, TEXT_LICENSE_ID, false}},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (table[i].flag == base) {
            *request = table[i].request;
            return S_OK;
        }
    }
    return E_INVALIDARG;
}

/* Maps the flags of a client session's enumeration to a request. */
static HRESULT parse_flags(UINT flags, struct request *request)
{
    UINT base = flags & ~(UINT)(DRM_EL_EXPIRED | DRM_EL_ISSUERNAME);
    if (!single_bit(base))
        return E_INVALIDARG;
    static const struct {
        UINT flag;
        struct request request;
    } table[] = {
        {DRM_EL_GROUPIDENTITY, {STORE_RIGHTS_ACCOUNT_CERTIFICATE, TEXT_DOCUMENT, false}},
        {DRM_EL_GROUPIDENTITY_NAME, {STORE_RIGHTS_ACCOUNT_CERTIFICATE, TEXT_NAME, false}},
        {DRM_EL_GROUPIDENTITY_LID, {STORE_RIGHTS_ACCOUNT_CERTIFICATE, TEXT_LICENSE_ID, false}},
        {DRM_EL_SPECIFIED_GROUPIDENTITY, {STORE_RIGHTS_ACCOUNT_CERTIFICATE, TEXT_DOCUMENT, true}},
        {DRM_EL_CLIENTLICENSOR, {STORE_CLIENT_LICENSOR_CERTIFICATE, TEXT_DOCUMENT, false}},
        {DRM_EL_CLIENTLICENSOR_LID, {STORE_CLIENT_LICENSOR_CERTIFICATE, TEXT_LICENSE_ID, false}},
        {DRM_EL_SPECIFIED_CLIENTLICENSOR, {STORE_CLIENT_LICENSOR_CERTIFICATE, TEXT_DOCUMENT, true}},
        {DRM_EL_REVOCATIONLIST, {STORE_REVOCATION_LIST, TEXT_DOCUMENT, false}},
        {DRM_EL_REVOCATIONLIST_LID, {STORE_REVOCATION_LIST, TEXT_LICENSE_ID, false}},
        {DRM_EL_ISSUANCELICENSE_TEMPLATE, {STORE_ISSUANCE_LICENSE_TEMPLATE, TEXT_DOCUMENT, false}},
        {DRM_EL_ISSUANCELICENSE_TEMPLATE_LID,
         {STORE_ISSUANCE_LICENSE_TEMPLATE, TEXT_LICENSE_ID, false}},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (table[i].flag != base)
            continue;
        *request = table[i].request;
        if (flags & DRM_EL_ISSUERNAME) {
            /* Not with EXPIRED; only for the four certificate flags. */
            if ((flags & DRM_EL_EXPIRED) || request->text != TEXT_DOCUMENT ||
                (request->kind != STORE_RIGHTS_ACCOUNT_CERTIFICATE &&
                 request->kind != STORE_CLIENT_LICENSOR_CERTIFICATE))
                return E_INVALIDARG;
            request->text = TEXT_ISSUER_NAME;
        }
        return S_OK;
    }
    /* End-user licenses are enumerated through a license storage session. */
    return E_INVALIDARG;
}

static const char *text_of(const struct store_item *item, enum item_text text)
{
    const char *value = text == TEXT_DOCUMENT     ? item->xrml
                        : text == TEXT_LICENSE_ID ? item->license_id
                        : text == TEXT_NAME       ? item->group_identity
                                                  : item->issuer_name;
    return value != NULL ? value : "";
}

static HRESULT return_item(const struct store_item *item, enum item_text text, BOOL *shared,
                           UINT *length, WCHAR *buffer)
{
    HRESULT hr = wstr_return_utf8(text_of(item, text), length, buffer);
    if (SUCCEEDED(hr) && shared != NULL)
        *shared = item->shared ? TRUE : FALSE;
    return hr;
}

/*
 * Item `index` of the items `request` selects: the session's temporary
 * store first, then the permanent store's, unexpired at the session's
 * creation unless EXPIRED includes them.
 */
static HRESULT enumerate_items(const struct license_scope *scope, UINT flags,
                               const struct request *request, UINT index, BOOL *shared,
                               UINT *length, WCHAR *buffer)
{
    struct enumeration_query query = {
        flags,
        request->kind,
        (flags & DRM_EL_EXPIRED) ? 0 : scope->created_at,
        request->specified,
        scope->group_id,
        request->kind == STORE_END_USER_LICENSE ? scope->content_id : NULL,
    };
    struct store_item item = {0};
    size_t temporary = 0;
    HRESULT hr = temporary_store_item(scope->temporary, &query, index, &item, &temporary);
    if (hr == E_DRM_NO_MORE_DATA)
        hr = enumeration_cache_read(scope->cache, &query, index - temporary, &item);
    if (SUCCEEDED(hr))
        hr = return_item(&item, request->text, shared, length, buffer);
    store_item_clear(&item);
    return hr;
}

static HRESULT enumerate_from_client_session(const struct license_scope *scope, UINT flags,
                                             UINT index, BOOL *shared, UINT *length, WCHAR *buffer)
{
    struct request request;
    HRESULT hr = parse_flags(flags, &request);
    if (FAILED(hr))
        return hr;
    return enumerate_items(scope, flags, &request, index, shared, length, buffer);
}

/* A license storage session's end-user licenses (for its content) and
 * revocation lists. */
static HRESULT enumerate_from_storage_session(const struct license_scope *scope, UINT flags,
                                              UINT index, BOOL *shared, UINT *length, WCHAR *buffer)
{
    struct request request;
    HRESULT hr = parse_storage_flags(flags, &request);
    if (FAILED(hr))
        return hr;
    return enumerate_items(scope, flags, &request, index, shared, length, buffer);
}

/* Machine certificate `index` (0: 1024-bit, 1: 2048-bit); *shared set to
 * FALSE unless it is NULL (storage sessions leave it as it was). */
static HRESULT enumerate_machine_certificate(UINT index, BOOL *shared, UINT *length, WCHAR *buffer)
{
    struct license_store *store = NULL;
    HRESULT hr = store_shared(&store);
    if (SUCCEEDED(hr))
        hr = machine_identity_check(store);
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_filter filter = {STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE), NULL, 0, NULL};
    if (SUCCEEDED(hr))
        hr = store_list(store, &filter, &ids, &count);
    if (SUCCEEDED(hr) && index >= count)
        hr = E_DRM_NO_MORE_DATA;
    struct store_item item = {0};
    if (SUCCEEDED(hr))
        hr = store_get(store, ids[index], &item);
    if (hr == E_DRM_RECORD_NOT_FOUND)
        hr = E_DRM_NEEDS_MACHINE_ACTIVATION; /* repaired or reactivated meanwhile */
    if (SUCCEEDED(hr)) {
        item.shared = false; /* the user's own, for a client session */
        hr = return_item(&item, TEXT_DOCUMENT, shared, length, buffer);
    }
    store_item_clear(&item);
    free(ids);
    return hr;
}

HRESULT enumerate_in_scope(const struct license_scope *scope, UINT flags, UINT index, BOOL *shared,
                           UINT *length, WCHAR *buffer)
{
    if ((flags & ~(UINT)DRM_EL_EXPIRED) == DRM_EL_MACHINE)
        /* The page: a storage session leaves *pfSharedFlag as it was. */
        return enumerate_machine_certificate(index, scope->storage_session ? NULL : shared, length,
                                             buffer);
    if (scope->storage_session)
        return enumerate_from_storage_session(scope, flags, index, shared, length, buffer);
    return enumerate_from_client_session(scope, flags, index, shared, length, buffer);
}
